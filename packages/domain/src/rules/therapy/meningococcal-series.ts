import { addDays, type CalendarDate } from '../../calendar-date.ts';
import type { VaccineProduct } from '../../enums.ts';
import type { VaccinationEvent } from '../../records/vaccination.ts';
import type { RuleSettings } from '../settings.ts';

/**
 * The meningococcal vaccinations a person on a complement inhibitor needs (ACIP, Mbaeyi et al., MMWR Recomm Rep
 * 2020, doi:10.15585/mmwr.rr6909a1): a MenACWY series and a MenB series, then boosters while the risk remains.
 * Read by MENINGOCOCCAL_VACCINATION_MISSING (protection before the first dose) and MENINGOCOCCAL_BOOSTER_DUE.
 */

/** The MenB products, whose series are not interchangeable; doses of an unrecorded product form their own. */
export type MenBProduct = keyof RuleSettings['complement']['menbDaysFromFirstDose'];

/** One dose against the serogroups it covers: ACWY, B (with its product), or both (pentavalent MenABCWY). */
export interface MeningococcalDose {
  date: CalendarDate;
  acwy: boolean;
  menb: MenBProduct | null;
}

export type Serogroups = 'menacwy' | 'menb';
export const SEROGROUP_NAMES: Record<Serogroups, string> = { menacwy: 'MenACWY', menb: 'MenB' };

/**
 * The MenB series a product belongs to: MenB-4C (Bexsero, and the pentavalent Penmenvy, MenACWY-CRM/MenB-4C) or
 * MenB-FHbp (Trumenba, and the pentavalent Penbraya, MenACWY-TT/MenB-FHbp); any other or no product recorded:
 * a series of its own.
 */
const MENB_SERIES: Partial<Record<VaccineProduct, MenBProduct>> = {
  bexsero: 'bexsero',
  penmenvy: 'bexsero',
  trumenba: 'trumenba',
  penbraya: 'trumenba',
};

/** The meningococcal doses among the vaccinations, by date (a pentavalent MenABCWY dose covers both). */
export function meningococcalDoses(vaccinations: readonly VaccinationEvent[]): MeningococcalDose[] {
  return vaccinations.flatMap((v): MeningococcalDose[] => {
    const menb = (v.product && MENB_SERIES[v.product]) ?? 'unknownProduct';
    if (v.vaccine === 'menacwy') return [{ date: v.date, acwy: true, menb: null }];
    if (v.vaccine === 'menb') return [{ date: v.date, acwy: false, menb }];
    if (v.vaccine === 'menabcwy') return [{ date: v.date, acwy: true, menb }];
    return [];
  });
}

/** The dates of the doses covering the serogroups, up to `upTo` included. */
export function datesOf(
  doses: readonly MeningococcalDose[],
  serogroups: Serogroups,
  upTo?: CalendarDate,
): CalendarDate[] {
  return doses
    .filter((dose) => (serogroups === 'menacwy' ? dose.acwy : dose.menb !== null))
    .filter((dose) => upTo === undefined || dose.date <= upTo)
    .map((dose) => dose.date);
}

/**
 * The day a series is complete: the dose that brings it to its length, each later dose counting when given at
 * least `daysFromFirstDose[k]` days after the series' first (earliest) dose; null while incomplete.
 */
export function seriesCompletedOn(
  dates: readonly CalendarDate[],
  daysFromFirstDose: readonly number[],
): CalendarDate | null {
  const [first, ...rest] = [...dates].sort();
  if (first === undefined) return null;
  let counted = 0;
  if (daysFromFirstDose.length === 0) return first;
  for (const date of rest) {
    const minimum = daysFromFirstDose[counted];
    if (minimum !== undefined && date >= addDays(first, minimum)) {
      counted += 1;
      if (counted === daysFromFirstDose.length) return date;
    }
  }
  return null;
}

/** A complete series and the day its protection lapses (the next booster is due), from doses up to a day. */
export interface Protection {
  completedOn: CalendarDate;
  lastDose: CalendarDate;
  /** From this day a booster is due: the protection is no longer current. */
  boosterDueOn: CalendarDate;
}

/** The MenACWY protection from the doses up to `upTo`, or null while the series is incomplete. */
export function menacwyProtection(
  doses: readonly MeningococcalDose[],
  upTo: CalendarDate,
  settings: RuleSettings['complement'],
): Protection | null {
  const dates = datesOf(doses, 'menacwy', upTo);
  const completedOn = seriesCompletedOn(dates, settings.menacwyDaysFromFirstDose);
  const lastDose = dates.at(-1);
  if (completedOn === null || lastDose === undefined) return null;
  return { completedOn, lastDose, boosterDueOn: addDays(lastDose, settings.menacwyBoosterIntervalDays) };
}

/**
 * The MenB primary series completed first (over the products, each series of one product), or null. Boosters of
 * any MenB product then count (the product of a booster is not checked).
 */
export function menbCompletedOn(
  doses: readonly MeningococcalDose[],
  upTo: CalendarDate,
  settings: RuleSettings['complement'],
): CalendarDate | null {
  const products = Object.keys(settings.menbDaysFromFirstDose) as MenBProduct[];
  const completions = products.flatMap((product) => {
    const dates = doses.filter((dose) => dose.menb === product && dose.date <= upTo).map((dose) => dose.date);
    const completed = seriesCompletedOn(dates, settings.menbDaysFromFirstDose[product]);
    return completed === null ? [] : [completed];
  });
  return completions.sort()[0] ?? null;
}

/** The MenB protection from the doses up to `upTo`: the first booster 1 year after the series, later ones every 2 years. */
export function menbProtection(
  doses: readonly MeningococcalDose[],
  upTo: CalendarDate,
  settings: RuleSettings['complement'],
): Protection | null {
  const completedOn = menbCompletedOn(doses, upTo, settings);
  const lastDose = datesOf(doses, 'menb', upTo).at(-1);
  if (completedOn === null || lastDose === undefined) return null;
  const boosterDueOn =
    lastDose > completedOn
      ? addDays(lastDose, settings.menbBoosterIntervalDays)
      : addDays(completedOn, settings.menbFirstBoosterDays);
  return { completedOn, lastDose, boosterDueOn };
}

export const protectionOf = (serogroups: Serogroups) => (serogroups === 'menacwy' ? menacwyProtection : menbProtection);

/** Whether both series are complete (from the doses up to `upTo`) and neither booster is due on `on`. */
export function protectedOn(
  doses: readonly MeningococcalDose[],
  upTo: CalendarDate,
  on: CalendarDate,
  settings: RuleSettings['complement'],
): boolean {
  return (['menacwy', 'menb'] as const).every((serogroups) => {
    const protection = protectionOf(serogroups)(doses, upTo, settings);
    return protection !== null && on < protection.boosterDueOn;
  });
}
