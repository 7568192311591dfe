import { addDays, type CalendarDate } from '../../calendar-date.ts';
import { COMPLEMENT_INHIBITORS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { isActiveOn, latest } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName, dayCount } from './labels.ts';
import {
  datesOf,
  type MeningococcalDose,
  menbCompletedOn,
  meningococcalDoses,
  SEROGROUP_NAMES,
  type Serogroups,
  seriesCompletedOn,
} from './meningococcal-series.ts';
import { earliest, stopOf } from './resolution.ts';

/** A booster falling due: the dose it follows, the interval, the day, and the next dose if one was given. */
interface BoosterDue {
  serogroups: Serogroups;
  after: CalendarDate;
  intervalDays: number;
  dueOn: CalendarDate;
  /** The first dose after `after`, given on or after `dueOn` (an earlier one would have reset the interval). */
  nextDose: CalendarDate | null;
  firstBooster: boolean;
}

/**
 * MENINGOCOCCAL_BOOSTER_DUE: a meningococcal booster falling due while a complement inhibitor (eculizumab,
 * ravulizumab) is taken (ACIP, Mbaeyi et al., MMWR Recomm Rep 2020, doi:10.15585/mmwr.rr6909a1):
 * - MenACWY: `complement.menacwyBoosterIntervalDays` (1825, 5 years) after the last MenACWY dose once the primary
 *   series is complete (a pentavalent MenABCWY dose counts);
 * - MenB: `complement.menbFirstBoosterDays` (365) after the primary series is complete, then
 *   `complement.menbBoosterIntervalDays` (730, the shorter end of ACIP's 2-3 years) after each booster (any MenB
 *   product counts as a booster).
 * A booster is due on the last dose + the interval (the day before, no flag). Only boosters falling due on a day a
 * course is active and after its first dose are flagged here: protection that had already lapsed by the first dose
 * is MENINGOCOCCAL_VACCINATION_MISSING's. One flag per serogroup component and due date, dated on the due date.
 *
 * Lifecycle: open while the course runs; resolved by the booster ("MenB booster given on 2025-01-10") or by the
 * course stop ("ravulizumab stopped on …"), whichever comes first (a booster on the stop day wins). No expiry: a
 * booster can be given at any time while the risk remains.
 */
export const meningococcalBoosterRule: Rule = {
  codes: ['MENINGOCOCCAL_BOOSTER_DUE'],
  evaluate({ timeline, asOf, settings }) {
    const courses = timeline.therapies.filter((course) => COMPLEMENT_INHIBITORS.has(course.agent));
    if (courses.length === 0) return [];
    const doses = meningococcalDoses(timeline.vaccinations);
    return boostersDue(doses, asOf, settings.complement).flatMap((due) => {
      if (due.dueOn > asOf) return [];
      const course = latest(courses.filter((c) => isActiveOn(c, due.dueOn) && c.firstDoseDate < due.dueOn));
      if (course === undefined) return [];
      const name = SEROGROUP_NAMES[due.serogroups];
      const since = due.firstBooster
        ? `the primary series was completed on ${due.after}`
        : `the last dose was on ${due.after}`;
      const flag = makeFlag(
        'MENINGOCOCCAL_BOOSTER_DUE',
        'warning',
        due.dueOn,
        `${name} booster due on ${due.dueOn} during ${agentName(course.agent)} treatment (started ${course.startDate}): ${since}, and a booster is due ${dayCount(due.intervalDays)} later while a complement inhibitor is taken.`,
        'meningococcalBooster',
        {
          vaccine: due.serogroups,
          agent: course.agent,
          lastDoseDate: due.after,
          intervalDays: due.intervalDays,
          dueOn: due.dueOn,
          firstBooster: due.firstBooster,
        },
      );
      const booster =
        due.nextDose === null ? null : { on: due.nextDose, resolution: `${name} booster given on ${due.nextDose}` };
      return [settle(flag, asOf, { resolvedBy: earliest(booster, stopOf(course)) })];
    });
  },
};

/** Every booster falling due after a completed primary series, up to `asOf`, by serogroup component. */
function boostersDue(
  doses: readonly MeningococcalDose[],
  asOf: CalendarDate,
  settings: RuleSettings['complement'],
): BoosterDue[] {
  const chain = (serogroups: Serogroups, completedOn: CalendarDate | null, firstInterval: number, interval: number) => {
    if (completedOn === null) return [];
    const dates = datesOf(doses, serogroups).filter((date) => date >= completedOn);
    return dates.flatMap((after, index): BoosterDue[] => {
      const intervalDays = index === 0 ? firstInterval : interval;
      const dueOn = addDays(after, intervalDays);
      const nextDose = dates[index + 1] ?? null;
      if (nextDose !== null && nextDose < dueOn) return [];
      return [{ serogroups, after, intervalDays, dueOn, nextDose, firstBooster: index === 0 && serogroups === 'menb' }];
    });
  };
  const acwy = seriesCompletedOn(datesOf(doses, 'menacwy'), settings.menacwyDaysFromFirstDose);
  return [
    ...chain('menacwy', acwy, settings.menacwyBoosterIntervalDays, settings.menacwyBoosterIntervalDays),
    ...chain(
      'menb',
      menbCompletedOn(doses, asOf, settings),
      settings.menbFirstBoosterDays,
      settings.menbBoosterIntervalDays,
    ),
  ];
}
