import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { isMaintenanceAgent } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { type ClinicalTimeline, isProtectingOn, type TherapyCourse } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle, dayCount } from './labels.ts';

/** A stretch of days on an oral steroid (courses and tapers that touch or overlap merged). */
interface SteroidSpan {
  from: CalendarDate;
  /** The last day on the steroid; null while it runs on (no stop on record). */
  to: CalendarDate | null;
  /** What began the stretch, in plain words ("oral prednisone", "oral steroid taper"). */
  what: string;
}

/**
 * BRIDGING_STEROID_STOPPED_EARLY: an oral steroid withdrawn while azathioprine or mycophenolate
 * (`bridging.agents`) is still inside its onset-of-effect window: relapses cluster when
 * corticosteroids are reduced (Watanabe et al., Mult Scler 2007, doi:10.1177/1352458507077189), and these agents need
 * 3-6 months to act, and an oral steroid bridges that time (Kümpfel et al., NEMOS 2024; the
 * mycophenolate protocol of Neurol Res Int 2012 gives prednisone while it is titrated).
 *
 * The window of a course counts from its first dose D (first recorded administration, else the start)
 * to D + `onsetOfEffectDays[agent]` (180 for both), its last day: the relapse rules judge an attack on
 * that day as early (day ≤ window) and protection as reached from the next day, so a bridge must run
 * through it. The oral steroid is every oral prednisone course (start to stop, both days on it) and
 * every acute treatment 'oral_steroid_taper' with its days (start to start + days - 1); a taper with no
 * days recorded has no known end and is not judged. Stretches that touch are one (a course stopped on
 * day E and a taper started on E + 1 run on).
 *
 * A stretch that was running on some day of the window and ended on day E (E ≤ as-of) with
 * D ≤ E < window end, while the course was still taken the day after (not stopped by E), is flagged,
 * dated E. Not flagged when another maintenance therapy (not oral prednisone) past its own window
 * protects on E + 1 (B-cell depletion carried over, a biologic: nothing needs bridging then).
 * A steroid that ended before D bridged nothing: an azathioprine or mycophenolate start without any
 * steroid is not flagged. Evidence does not make the bridge compulsory: of 70 patients on azathioprine
 * followed more than a year, 18 took no prednisone and relapsed least (Costanzi et al., Neurology 2011;
 * 77:659-666), and the CD19-guided protocol adds prednisone to azathioprine only for an unsatisfactory
 * response; what the guideline warns against is withdrawing it early.
 *
 * Lifecycle: open from E; resolved on the day an oral steroid is started again (a prednisone course
 * or a taper, started after E and on or before the window end): "oral prednisone restarted on …"; if
 * that one also stops before the window end it is its own flag. Expired from the day after the window
 * end (nothing can be bridged any more), or from the day after the course stops when it stops first.
 */
export const bridgingSteroidRule: Rule = {
  codes: ['BRIDGING_STEROID_STOPPED_EARLY'],
  evaluate({ timeline, asOf, settings }) {
    const spans = steroidSpans(timeline, asOf);
    return timeline.therapies
      .filter((course) => settings.bridging.agents.includes(course.agent))
      .flatMap((course) => {
        const windowDays = settings.onsetOfEffectDays[course.agent];
        const windowEnd = addDays(course.firstDoseDate, windowDays);
        return spans.flatMap((span, index) => {
          const end = span.to;
          if (end === null || end > asOf || end < course.firstDoseDate || end >= windowEnd) return [];
          if (course.stopDate !== null && course.stopDate <= end) return [];
          const withdrawn = addDays(end, 1);
          if (protectedByOther(timeline, course, withdrawn, settings)) return [];
          const restart = spans[index + 1];
          const daysShort = daysBetween(end, windowEnd);
          const flag = makeFlag(
            'BRIDGING_STEROID_STOPPED_EARLY',
            'warning',
            end,
            `The oral steroid bridging ${agentName(course.agent)} (first dose ${course.firstDoseDate}) was stopped on ${end}, ${dayCount(daysBetween(course.firstDoseDate, end))} into the ${dayCount(windowDays)} ${agentName(course.agent)} needs to take effect (until ${windowEnd}): ${dayCount(daysShort)} short. Relapses cluster when corticosteroids are reduced before the immunosuppressant works; ${agentTitle(course.agent)} alone does not yet protect.`,
            'bridging',
            {
              agent: course.agent,
              firstDoseDate: course.firstDoseDate,
              onsetOfEffectDays: windowDays,
              windowEnd,
              steroid: span.what,
              steroidFrom: span.from,
              steroidStopDate: end,
              daysShort,
            },
          );
          return [
            settle(flag, asOf, {
              resolvedBy:
                restart !== undefined && restart.from <= windowEnd
                  ? { on: restart.from, resolution: `${restart.what} restarted on ${restart.from}` }
                  : null,
              actionableUntil: course.stopDate !== null && course.stopDate < windowEnd ? course.stopDate : windowEnd,
            }),
          ];
        });
      });
  },
};

/** The oral steroid stretches up to as-of, by start: prednisone courses and tapers with known days, merged when they touch. */
function steroidSpans(timeline: ClinicalTimeline, asOf: CalendarDate): SteroidSpan[] {
  const pieces: SteroidSpan[] = [
    ...timeline.therapies
      .filter((course) => course.agent === 'oral_prednisone')
      .map((course) => ({ from: course.startDate, to: course.stopDate, what: 'oral prednisone' })),
    ...timeline.relapses.flatMap((attack) =>
      (attack.acuteTreatments ?? []).flatMap((treatment) =>
        treatment.type === 'oral_steroid_taper' && treatment.days !== undefined
          ? [
              {
                from: treatment.startDate,
                to: addDays(treatment.startDate, treatment.days - 1),
                what: 'oral steroid taper',
              },
            ]
          : [],
      ),
    ),
  ].sort((a, b) => a.from.localeCompare(b.from));
  const merged: SteroidSpan[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (last !== undefined && (last.to === null || addDays(last.to, 1) >= piece.from)) {
      if (last.to !== null && (piece.to === null || piece.to > last.to)) last.to = piece.to;
      continue;
    }
    merged.push({ ...piece });
  }
  // A taper planned past as-of has not ended yet: only the days up to as-of are known to have been taken.
  return merged.map((span) => (span.to !== null && span.to > asOf ? { ...span, to: null } : span));
}

/** Whether a maintenance therapy other than oral prednisone and `course`, past its own window, protects on `date`. */
function protectedByOther(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  date: CalendarDate,
  settings: RuleSettings,
): boolean {
  return timeline.therapies.some(
    (other) =>
      other !== course &&
      other.agent !== 'oral_prednisone' &&
      isMaintenanceAgent(other.agent) &&
      isProtectingOn(other, date) &&
      daysBetween(other.firstDoseDate, date) > settings.onsetOfEffectDays[other.agent],
  );
}
