import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import { isActiveOn, type TherapyCourse } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentTitle, dayCount, stopReasonName } from './labels.ts';

/**
 * MAINTENANCE_DISCONTINUED: a maintenance therapy was stopped and nothing followed. NMOSD guideline,
 * Critical Pitfalls: "Do not discontinue maintenance immunotherapy prematurely"; Treatment Algorithm
 * step 6: "Never discontinue maintenance therapy without careful consideration".
 *
 * A course stopped on day S has a successor when another maintenance course (a switch, or a restart of
 * the same agent) is active on some day in (S, S + successorWithinDays] or overlaps the stop (started on
 * or before S and still running after it, or started on S itself). Whether one follows is only known once
 * the window has passed: as of S + window there is no flag, as of S + window + 1 there is.
 * Only open gaps are actionable: no flag while any maintenance therapy is active on the as-of date, and
 * none for a course after which another maintenance course started later, even beyond the window (that
 * gap was closed; if the later course has stopped too, its own stop is the one judged).
 * Dated at the stop date.
 */
export const maintenanceDiscontinuedRule: Rule = {
  codes: ['MAINTENANCE_DISCONTINUED'],
  evaluate({ timeline, asOf, settings }) {
    const window = settings.therapy.successorWithinDays;
    const maintenance = timeline.therapies.filter((course) => MAINTENANCE_AGENTS.has(course.agent));
    if (maintenance.some((course) => isActiveOn(course, asOf))) return [];
    return maintenance.flatMap((course) => {
      const stop = course.stopDate;
      if (stop === null) return [];
      const daysWithoutTherapy = daysBetween(stop, asOf);
      if (daysWithoutTherapy <= window) return [];
      if (maintenance.some((other) => other !== course && followsStop(other, stop))) return [];
      return [
        makeFlag(
          'MAINTENANCE_DISCONTINUED',
          'warning',
          stop,
          `${agentTitle(course.agent)} (started ${course.startDate}) was stopped on ${stop} (${stopReasonName(course.stopReason)}) and no maintenance therapy followed within ${dayCount(window)} (by ${addDays(stop, window)}); ${dayCount(daysWithoutTherapy)} without maintenance therapy as of ${asOf}. The guideline warns against discontinuing maintenance immunotherapy prematurely.`,
          'discontinuation',
          {
            agent: course.agent,
            startDate: course.startDate,
            stopDate: stop,
            stopReason: course.stopReason,
            daysWithoutTherapy,
            successorWithinDays: window,
          },
        ),
      ];
    });
  },
};

/** Whether `other` covers some day after `stop` or starts on it: it started on/after the stop, or was still running after it. */
function followsStop(other: TherapyCourse, stop: CalendarDate): boolean {
  return other.startDate >= stop || other.stopDate === null || other.stopDate > stop;
}
