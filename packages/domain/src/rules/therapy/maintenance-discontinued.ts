import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { TherapyCourse } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle, dayCount, stopReasonName } from './labels.ts';
import { isMaintenanceCourse } from './taper.ts';

/**
 * MAINTENANCE_DISCONTINUED: a maintenance therapy was stopped and nothing followed. Kümpfel et al., NEMOS
 * recommendations Part II, J Neurol 2024: long-term immunotherapy of AQP4-IgG-positive NMOSD is not
 * stopped without a successor; attacks follow withdrawal.
 *
 * A course stopped on day S has a successor when another maintenance course (a switch, or a restart of
 * the same agent) is active on some day in (S, S + successorWithinDays] or overlaps the stop (started on
 * or before S and still running after it, or started on S itself). A course without one is discontinued;
 * that is only known once the window has passed: as of S + window there is no flag, as of
 * S + window + 1 there is. Dated at the stop date. A concurrent course stopped the same day is no
 * successor (both are flagged).
 *
 * Lifecycle: open while no maintenance therapy is active; resolved on the day the next maintenance course
 * starts after the stop (necessarily after the window): "switched to satralizumab on 2021-09-01", or
 * "rituximab restarted on 2021-09-01" for the same agent. No expiry: maintenance can always be restarted,
 * and AQP4-positive NMOSD needs it indefinitely. Discontinuations closed by a later start stay as resolved
 * history; if that later course has stopped too, its own stop is judged the same way.
 * `daysWithoutTherapy` counts the days after the stop up to as-of (open), or up to the day before the
 * next start (resolved).
 *
 * An attack's steroid taper is not maintenance (therapy/taper.ts): oral prednisone started on or within
 * `therapy.taperStartWithinDays` (30) after an attack's onset and lasting at most `therapy.taperMaxDays`
 * (183) raises nothing when it stops, in any diagnosis. Oral tapers over weeks to months after an attack
 * are standard (Trewin et al., J Neurol Neurosurg Psychiatry 2024, PMID 38744459, in MOGAD; a bridge to
 * azathioprine in NMOSD, Kümpfel et al. 2024), so the end of the taper is the plan, not a lapse; whether
 * the patient then needs maintenance is NO_MAINTENANCE_THERAPY's question (by diagnosis).
 */
export const maintenanceDiscontinuedRule: Rule = {
  codes: ['MAINTENANCE_DISCONTINUED'],
  evaluate(context) {
    const { timeline, asOf, settings } = context;
    const window = settings.therapy.successorWithinDays;
    const maintenance = timeline.therapies.filter((course) => isMaintenanceCourse(course, timeline, asOf, settings));
    return maintenance.flatMap((course) => {
      const stop = course.stopDate;
      if (stop === null || daysBetween(stop, asOf) <= window) return [];
      const others = maintenance.filter((other) => other !== course);
      if (others.some((other) => isSuccessor(other, stop, window))) return [];
      // No successor: every other course started after the window, or ended by the stop. The first to start after it closes the gap.
      const next = others.find((other) => other.startDate > stop);
      const daysWithoutTherapy = next === undefined ? daysBetween(stop, asOf) : daysBetween(stop, next.startDate) - 1;
      const until =
        next === undefined
          ? `${dayCount(daysWithoutTherapy)} without maintenance therapy as of ${asOf}`
          : `${dayCount(daysWithoutTherapy)} without maintenance therapy until ${agentName(next.agent)} was started on ${next.startDate}`;
      const flag = makeFlag(
        'MAINTENANCE_DISCONTINUED',
        'warning',
        stop,
        `${agentTitle(course.agent)} (started ${course.startDate}) was stopped on ${stop} (${stopReasonName(course.stopReason)}) and no maintenance therapy followed within ${dayCount(window)} (by ${addDays(stop, window)}); ${until}. The NEMOS recommendations warn against stopping maintenance immunotherapy without a successor.`,
        'discontinuation',
        {
          agent: course.agent,
          startDate: course.startDate,
          stopDate: stop,
          stopReason: course.stopReason,
          daysWithoutTherapy,
          successorWithinDays: window,
        },
      );
      return [
        settle(flag, asOf, {
          resolvedBy:
            next === undefined
              ? null
              : {
                  on: next.startDate,
                  resolution:
                    next.agent === course.agent
                      ? `${agentName(next.agent)} restarted on ${next.startDate}`
                      : `switched to ${agentName(next.agent)} on ${next.startDate}`,
                },
        }),
      ];
    });
  },
};

/**
 * Whether `other` follows a stop on `stop` in time: it starts on the stop day or within the window after
 * it, or it started before and was still running after the stop.
 */
function isSuccessor(other: TherapyCourse, stop: CalendarDate, window: number): boolean {
  if (other.startDate >= stop) return other.startDate <= addDays(stop, window);
  return other.stopDate === null || other.stopDate > stop;
}
