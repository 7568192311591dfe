import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { isScheduledAgent } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { TherapyCourse } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import {
  describeGrace,
  describeLastDose,
  describeNextDose,
  dosesGivenBy,
  type OverdueDose,
  overdueDoseOn,
} from './dose-schedule.ts';
import { agentName, agentTitle, dayCount } from './labels.ts';
import { stopOf } from './resolution.ts';

/**
 * MAINTENANCE_DOSE_OVERDUE (warning), for each course of an agent with a dose schedule (settings
 * `dosing`: eculizumab, ravulizumab, satralizumab, tocilizumab, inebilizumab, ocrelizumab, ofatumumab,
 * maintenance IVIG) as it stood on a day D (the as-of date for the current episode): the doses given
 * up to D (recorded administrations; with none, the course start stands for the first) place the
 * patient in the schedule, and the next dose is due the schedule's gap after the last one
 * (dose-schedule.ts). Overdue when D is later than the due day plus the agent's grace and no planned
 * administration dated after the last dose falls on or after D; a planned dose satisfies the schedule
 * until its day passes. Dated at the first overdue day: due + grace + 1, or the day after the missed
 * planned dose when that is later. Self-injected agents (ofatumumab, satralizumab) with no injection
 * recorded at all are not checked. Rituximab has RITUXIMAB_REDOSING_DUE; the oral agents have no schedule.
 *
 * Lifecycle (no expiry while the course runs: the dose can always be given), as RITUXIMAB_REDOSING_DUE:
 * - the current episode of a course running on the as-of date is the flag as of that day: open;
 * - each later dose N closes the episode that stood on N - 1 (the dose came after its grace, or after
 *   a planned day that passed): resolved on N, "eculizumab dose given on N". Late doses stay in the
 *   history; a dose within the grace leaves none;
 * - a course stopped on S closes the episode that stood on S - 1 (unless a dose on S did): resolved
 *   on S, "eculizumab stopped on S".
 */
export const maintenanceDoseOverdueRule: Rule = {
  codes: ['MAINTENANCE_DOSE_OVERDUE'],
  evaluate({ timeline, asOf, settings }) {
    return timeline.therapies
      .filter((course) => isScheduledAgent(course.agent))
      .flatMap((course) => {
        const end = course.stopDate ?? asOf;
        const doses = dosesGivenBy(course, end).filter((date) => date > course.startDate);
        const flags: Flag[] = [];
        for (const dose of doses) {
          const episode = episodeOn(course, addDays(dose, -1), settings, true);
          if (episode)
            flags.push(
              settle(episode, asOf, {
                resolvedBy: { on: dose, resolution: `${agentName(course.agent)} dose given on ${dose}` },
              }),
            );
        }
        if (course.stopDate === null) {
          const current = episodeOn(course, asOf, settings, false);
          if (current) flags.push(current);
        } else if (course.stopDate > course.startDate && !doses.includes(course.stopDate)) {
          const episode = episodeOn(course, addDays(course.stopDate, -1), settings, true);
          if (episode) flags.push(settle(episode, asOf, { resolvedBy: stopOf(course) }));
        }
        return flags;
      });
  },
};

/** The overdue-dose flag of `course` as it stood on `day`, or null. `past`: read later as history. */
function episodeOn(course: TherapyCourse, day: CalendarDate, settings: RuleSettings, past: boolean): Flag | null {
  const overdue = overdueDoseOn(course, day, settings);
  if (overdue === null || !isScheduledAgent(course.agent)) return null;
  const schedule = settings.dosing[course.agent];
  const missed =
    overdue.missedPlan === null ? '' : `; the dose planned for ${overdue.missedPlan} is not recorded as given`;
  const head = `${agentTitle(course.agent)}: ${describeLastDose(overdue)}; ${describeNextDose(overdue, schedule)} was due on ${overdue.dueOn} (${describeGrace(overdue.graceDays)})`;
  const since =
    overdue.missedPlan === null ? 'no dose has been recorded or planned since' : 'no dose has been recorded since';
  const message = past
    ? `${head}${missed}: the dose was overdue from ${overdue.overdueSince}.`
    : `${head}, and ${since}${missed}: overdue since ${overdue.overdueSince}, ${dayCount(daysBetween(overdue.dueOn, day))} after the due day.`;
  return makeFlag('MAINTENANCE_DOSE_OVERDUE', 'warning', overdue.overdueSince, message, 'doseSchedules', {
    agent: course.agent,
    ...details(overdue),
  });
}

function details(overdue: OverdueDose): Record<string, unknown> {
  const { dosesGiven, lastDose, doseNumber, phase, gapDays, dueOn, graceDays, missedPlan } = overdue;
  return {
    dosesGiven,
    lastDose,
    lastDoseRecorded: overdue.recorded,
    doseNumber,
    phase,
    gapDays,
    dueOn,
    graceDays,
    ...(missedPlan === null ? {} : { missedPlan }),
  };
}
