import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import { type PregnancyPause, pregnancyPause, pregnancySpans } from '../pregnancy/windows.ts';
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
 *
 * A stop for pregnancy is a pause, not a discontinuation (pregnancy/windows.ts `pregnancyPause`): a stop
 * recorded with the reason 'pregnancy', or any stop on a day of a recorded pregnancy. Its successor
 * window counts from the pregnancy's last day (actual, else expected, else start + 280 days), not from
 * the stop: restarting is expected promptly after delivery, with an agent compatible with breastfeeding,
 * since relapses peak in the first 3 months postpartum (Mao-Draayer et al., Nat Rev Neurol 2020,
 * doi:10.1038/s41582-020-0313-y; Klawiter et al., Neurology 2017), so the end of breastfeeding does not
 * move it. A stop for pregnancy before any pregnancy is recorded waits `pregnancy.conceptionWithinDays`
 * (365) for one. `details.pregnancyPause` says which applied.
 */
export const maintenanceDiscontinuedRule: Rule = {
  codes: ['MAINTENANCE_DISCONTINUED'],
  evaluate(context) {
    const { timeline, asOf, settings } = context;
    const window = settings.therapy.successorWithinDays;
    const maintenance = timeline.therapies.filter((course) => isMaintenanceCourse(course, timeline, asOf, settings));
    const spans = pregnancySpans(timeline, settings);
    return maintenance.flatMap((course) => {
      const stop = course.stopDate;
      if (stop === null) return [];
      const pause = pregnancyPause(course, spans, settings);
      const due = addDays(pause?.until ?? stop, window);
      if (asOf <= due) return [];
      const others = maintenance.filter((other) => other !== course);
      if (others.some((other) => isSuccessor(other, stop, due))) return [];
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
        `${agentTitle(course.agent)} (started ${course.startDate}) was stopped on ${stop} (${stopReasonName(course.stopReason)}) and no maintenance therapy followed within ${dayCount(window)}${pause ? ` of ${pauseEnd(pause)}` : ''} (by ${due}); ${until}. The NEMOS recommendations warn against stopping maintenance immunotherapy without a successor${pause ? '; after a pregnancy it is restarted promptly, as relapses peak in the first 3 months postpartum' : ''}.`,
        'discontinuation',
        {
          agent: course.agent,
          startDate: course.startDate,
          stopDate: stop,
          stopReason: course.stopReason,
          daysWithoutTherapy,
          successorWithinDays: window,
          ...(pause
            ? {
                pregnancyPause: {
                  why: pause.why,
                  pregnancyStart: pause.span?.start ?? null,
                  until: pause.until,
                  untilBasis: pause.span?.basis ?? 'no_pregnancy_recorded',
                },
              }
            : {}),
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
 * Whether `other` follows a stop on `stop` in time: it starts on the stop day or by `due` (the end of the
 * successor window), or it started before and was still running after the stop.
 */
function isSuccessor(other: TherapyCourse, stop: CalendarDate, due: CalendarDate): boolean {
  if (other.startDate >= stop) return other.startDate <= due;
  return other.stopDate === null || other.stopDate > stop;
}

/** "the end of the pregnancy (2024-05-01)", or the end of the wait for one when none is recorded. */
function pauseEnd(pause: PregnancyPause): string {
  if (pause.span === null) return `the end of the wait for a pregnancy (${pause.until}; none recorded)`;
  const basis = pause.span.basis === 'recorded' ? '' : pause.span.basis === 'expected' ? ' expected' : ' assumed';
  return `the pregnancy's${basis} end on ${pause.until}`;
}
