import { addDays, type CalendarDate, daysBetween, laterDate } from '../../calendar-date.ts';
import { COMPLEMENT_INHIBITORS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { agentTitle, dayCount } from './labels.ts';
import {
  datesOf,
  type MeningococcalDose,
  meningococcalDoses,
  protectedOn,
  protectionOf,
  SEROGROUP_NAMES,
} from './meningococcal-series.ts';
import { earliest, type Resolution, stopOf } from './resolution.ts';

/** A stretch of antibacterial prophylaxis against meningococcal disease (stop null: still taken on as-of). */
interface Cover {
  startDate: CalendarDate;
  stopDate: CalendarDate | null;
  agent: string;
}

/**
 * MENINGOCOCCAL_VACCINATION_MISSING: a course of a terminal complement inhibitor (eculizumab, ravulizumab) taken
 * without meningococcal protection. SOLIRIS and ULTOMIRIS US prescribing information (boxed warning, section 2.1,
 * REMS): complete or update meningococcal vaccination (serogroups A, C, W, Y and B) per ACIP at least 2 weeks
 * before the first dose; if therapy cannot wait, antibacterial prophylaxis until 2 weeks after vaccination.
 *
 * Protected at the first dose when, from the doses given at least `therapy.meningococcalLeadDays` (14) before it
 * (exactly 14 in time, 13 not), both series are complete per product (`complement.menacwyDaysFromFirstDose`,
 * `complement.menbDaysFromFirstDose`; meningococcal-series.ts) and neither booster is due on the first-dose day (a
 * MenACWY given seven years before is not current protection). Otherwise prophylaxis (indication meningococcal)
 * must cover every day from the first dose to the same lead time after the day both series became complete and
 * current (the last day before it included), or to as-of while they are not.
 *
 * A flag per uncovered stretch, dated at its first day (the first dose when no prophylaxis was started with it; the
 * day after a prophylaxis stopped too early otherwise), naming what was missing at the first dose.
 * Lifecycle: resolved by the series becoming complete ("vaccination series completed on 2024-04-01"), by a
 * prophylaxis started later ("meningococcal prophylaxis (penicillin_v) started on …", after which a later gap is a
 * new flag), or by the course stop, whichever comes first (the vaccination wins a tie); when the series was already
 * complete at the gap (prophylaxis stopped within the 2 weeks after it), open until the last day prophylaxis was
 * needed and expired from the next day.
 */
export const meningococcalVaccinationRule: Rule = {
  codes: ['MENINGOCOCCAL_VACCINATION_MISSING'],
  evaluate({ timeline, asOf, settings }) {
    const doses = meningococcalDoses(timeline.vaccinations);
    const covers = meningococcalProphylaxis(timeline);
    return timeline.therapies
      .filter((course) => COMPLEMENT_INHIBITORS.has(course.agent))
      .flatMap((course) => flagsFor(course, doses, covers, asOf, settings));
  },
};

function flagsFor(
  course: TherapyCourse,
  doses: MeningococcalDose[],
  covers: Cover[],
  asOf: CalendarDate,
  settings: RuleSettings,
): Flag[] {
  const complement = settings.complement;
  const leadDays = settings.therapy.meningococcalLeadDays;
  const firstDose = course.firstDoseDate;
  const dueBy = addDays(firstDose, -leadDays);
  if (protectedOn(doses, dueBy, firstDose, complement)) return [];
  // The day both series became complete and current, from a vaccination after `dueBy` (null while not yet).
  const completed =
    doses
      .map((dose) => dose.date)
      .find((date) => date > dueBy && protectedOn(doses, date, laterDate(date, firstDose), complement)) ?? null;
  const lastNeeded = completed === null ? null : addDays(completed, leadDays - 1);
  const limit = [asOf, course.stopDate, lastNeeded].reduce<CalendarDate>((a, b) => (b !== null && b < a ? b : a), asOf);
  const missing = missingAt(doses, dueBy, firstDose, asOf, complement);
  const flags: Flag[] = [];
  let from = firstDose;
  for (;;) {
    const gap = firstUncovered(covers, from, limit);
    if (gap === null) break;
    const restart = covers.find((cover) => cover.startDate > gap) ?? null;
    const series: Resolution | null =
      completed !== null && completed >= gap
        ? { on: completed, resolution: `vaccination series completed on ${completed}` }
        : null;
    const prophylaxis: Resolution | null =
      restart === null
        ? null
        : {
            on: restart.startDate,
            resolution: `meningococcal prophylaxis (${restart.agent}) started on ${restart.startDate}`,
          };
    const resolvedBy = earliest(series, prophylaxis, stopOf(course));
    const flag = makeFlag(
      'MENINGOCOCCAL_VACCINATION_MISSING',
      'critical',
      gap,
      message(course, gap, dueBy, leadDays, missing, completed, lastNeeded),
      'meningococcal',
      {
        agent: course.agent,
        firstDoseDate: firstDose,
        leadDays,
        vaccinateBy: dueBy,
        missing: missing.map(({ text: _text, ...rest }) => rest),
        seriesCompletedOn: completed,
        prophylaxisNeededUntil: lastNeeded,
      },
    );
    flags.push(
      settle(flag, asOf, {
        resolvedBy,
        actionableUntil: completed !== null && completed < gap ? lastNeeded : null,
      }),
    );
    if (resolvedBy === null || resolvedBy !== prophylaxis) break;
    from = prophylaxis.on;
  }
  return flags;
}

/** The antibacterial prophylaxis courses against meningococcal disease, by start. */
function meningococcalProphylaxis(timeline: ClinicalTimeline): Cover[] {
  return timeline.prophylaxis
    .filter((course) => course.indication === 'meningococcal')
    .map(({ startDate, stopDate, agent }) => ({ startDate, stopDate: stopDate ?? null, agent }))
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
}

/** The first day from `from` to `limit` (both included) that no prophylaxis covers, or null. */
function firstUncovered(covers: readonly Cover[], from: CalendarDate, limit: CalendarDate): CalendarDate | null {
  let day = from;
  for (let moved = true; moved && day <= limit; ) {
    moved = false;
    for (const cover of covers)
      if (cover.startDate <= day && (cover.stopDate === null || day <= cover.stopDate)) {
        if (cover.stopDate === null) return null;
        day = addDays(cover.stopDate, 1);
        moved = true;
      }
  }
  return day <= limit ? day : null;
}

interface Missing {
  vaccine: 'menacwy' | 'menb';
  status: 'not_recorded' | 'incomplete' | 'booster_due';
  dates: CalendarDate[];
  text: string;
}

/** What was wrong with each series at the first dose (from the doses by `dueBy`). */
function missingAt(
  doses: MeningococcalDose[],
  dueBy: CalendarDate,
  firstDose: CalendarDate,
  asOf: CalendarDate,
  settings: RuleSettings['complement'],
): Missing[] {
  return (['menacwy', 'menb'] as const).flatMap((vaccine): Missing[] => {
    const name = SEROGROUP_NAMES[vaccine];
    const dates = datesOf(doses, vaccine, asOf);
    const protection = protectionOf(vaccine)(doses, dueBy, settings);
    if (protection !== null && firstDose < protection.boosterDueOn) return [];
    if (dates.length === 0)
      return [{ vaccine, status: 'not_recorded', dates, text: `no ${name} vaccination recorded` }];
    if (protection !== null)
      return [
        {
          vaccine,
          status: 'booster_due',
          dates,
          text: `${name} last given on ${protection.lastDose}, booster due since ${protection.boosterDueOn}`,
        },
      ];
    const given = dates.map((date) => relative(date, firstDose)).join(' and ');
    return [{ vaccine, status: 'incomplete', dates, text: `${name} series not complete by ${dueBy} (given ${given})` }];
  });
}

function message(
  course: TherapyCourse,
  gap: CalendarDate,
  dueBy: CalendarDate,
  leadDays: number,
  missing: Missing[],
  completed: CalendarDate | null,
  lastNeeded: CalendarDate | null,
): string {
  const start = `${agentTitle(course.agent)} first dose on ${course.firstDoseDate}: ${missing.map((m) => m.text).join('; ')}.`;
  const rule = `Meningococcal ACWY and B vaccination must be complete and current at least ${dayCount(leadDays)} before the first dose (by ${dueBy}); otherwise antibacterial prophylaxis from the first dose until ${dayCount(leadDays)} after the series is complete`;
  const until =
    completed === null
      ? 'the series is still incomplete'
      : `it was needed until ${lastNeeded} (series completed on ${completed})`;
  const cover =
    gap === course.firstDoseDate
      ? 'no meningococcal prophylaxis is recorded from the first dose'
      : `meningococcal prophylaxis stopped on ${addDays(gap, -1)} while ${until}`;
  return `${start} ${rule}: ${cover}.`;
}

/** "on 2024-02-20 (10 days before the first dose)", "on 2024-03-02 (1 day after the first dose)". */
function relative(date: CalendarDate, firstDose: CalendarDate): string {
  const days = daysBetween(date, firstDose);
  if (days === 0) return `on ${date} (the day of the first dose)`;
  return `on ${date} (${dayCount(Math.abs(days))} ${days > 0 ? 'before' : 'after'} the first dose)`;
}
