import { addDays, type CalendarDate } from '../../calendar-date.ts';
import type { PregnancyEvent } from '../../records/pregnancy.ts';
import type { ShortenedInterval } from '../monitoring/exam-interval.ts';
import type { RuleSettings } from '../settings.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';
import type { RuleContext } from '../types.ts';

/** How a pregnancy's last day is known: recorded, expected, or assumed (start + the usual duration). */
export type PregnancyEndBasis = 'recorded' | 'expected' | 'assumed';

/** A pregnancy's days: from its start to its last day, both included. */
export interface PregnancySpan {
  pregnancy: PregnancyEvent;
  start: CalendarDate;
  /** The actual end when recorded (up to as-of), else the expected end, else start + `pregnancy.durationDays`. */
  end: CalendarDate;
  basis: PregnancyEndBasis;
}

/**
 * The span of a pregnancy as known on the as-of date: an actual end (the timeline hides one recorded
 * for a later day), else the expected end, else the start plus `pregnancy.durationDays` (280 days from
 * the last menstrual period, Naegele's rule).
 */
export function pregnancySpan(pregnancy: PregnancyEvent, durationDays: number): PregnancySpan {
  const start = pregnancy.startDate;
  if (pregnancy.endDate) return { pregnancy, start, end: pregnancy.endDate, basis: 'recorded' };
  if (pregnancy.expectedEndDate) return { pregnancy, start, end: pregnancy.expectedEndDate, basis: 'expected' };
  return { pregnancy, start, end: addDays(start, durationDays), basis: 'assumed' };
}

export const pregnancySpans = (timeline: ClinicalTimeline, settings: RuleSettings): PregnancySpan[] =>
  timeline.pregnancies.map((pregnancy) => pregnancySpan(pregnancy, settings.pregnancy.durationDays));

/** The pregnancy whose days include `date`, if any. */
export const spanOn = (spans: readonly PregnancySpan[], date: CalendarDate): PregnancySpan | undefined =>
  spans.find((span) => span.start <= date && date <= span.end);

/** Why a stop is a pause for pregnancy, and until when the successor window is held open. */
export interface PregnancyPause {
  /** 'stop_reason': recorded as stopped for pregnancy; 'during_pregnancy': stopped while pregnant. */
  why: 'stop_reason' | 'during_pregnancy';
  /** The pregnancy the pause is for (the one the stop falls in, or the first to start after it), if recorded. */
  span: PregnancySpan | null;
  /**
   * The day from which the successor window counts: the pregnancy's last day (actual, expected or
   * assumed), or, with no pregnancy recorded yet, the stop plus `pregnancy.conceptionWithinDays`.
   */
  until: CalendarDate;
}

/**
 * Whether a stop is a pause for pregnancy (not a discontinuation): a stop recorded with the reason
 * 'pregnancy', or a stop on a day of a recorded pregnancy. The pause lasts to the end of that
 * pregnancy (for a stop before conception: the first pregnancy starting within
 * `pregnancy.conceptionWithinDays` after the stop); restarting is expected from then on, within the
 * usual successor window (Mao-Draayer et al., Nat Rev Neurol 2020: restart promptly after delivery,
 * with an agent compatible with breastfeeding, because relapses peak in the first 3 months
 * postpartum). Null when the stop is not for pregnancy.
 */
export function pregnancyPause(
  course: TherapyCourse,
  spans: readonly PregnancySpan[],
  settings: RuleSettings,
): PregnancyPause | null {
  const stop = course.stopDate;
  if (stop === null) return null;
  const during = spanOn(spans, stop);
  if (during !== undefined)
    return {
      why: course.stopReason === 'pregnancy' ? 'stop_reason' : 'during_pregnancy',
      span: during,
      until: during.end,
    };
  if (course.stopReason !== 'pregnancy') return null;
  const planningEnd = addDays(stop, settings.pregnancy.conceptionWithinDays);
  const next = spans.find((span) => span.start > stop && span.start <= planningEnd);
  return next === undefined
    ? { why: 'stop_reason', span: null, until: planningEnd }
    : { why: 'stop_reason', span: next, until: next.end };
}

/** The postpartum window of a pregnancy whose actual end is recorded: the day after the end to end + `postpartumDays`. */
export function postpartumWindow(
  span: PregnancySpan,
  settings: RuleSettings,
): { from: CalendarDate; to: CalendarDate } | null {
  if (span.basis !== 'recorded') return null;
  return { from: addDays(span.end, 1), to: addDays(span.end, settings.pregnancy.postpartumDays) };
}

/**
 * The shortened EDSS due date for a schedule counted from `anchor`: the later of the anchor and a
 * pregnancy's end, plus `pregnancy.postpartumEdssIntervalDays`, when that day lies within the
 * postpartum window (the earliest such day over the pregnancies); null when none applies.
 */
export function postpartumEdssDue({ timeline, settings }: RuleContext, anchor: CalendarDate): ShortenedInterval | null {
  const intervalDays = settings.pregnancy.postpartumEdssIntervalDays;
  let best: ShortenedInterval | null = null;
  for (const span of pregnancySpans(timeline, settings)) {
    const window = postpartumWindow(span, settings);
    if (window === null || anchor > window.to) continue;
    const dueDate = addDays(anchor > span.end ? anchor : span.end, intervalDays);
    if (dueDate > window.to || (best !== null && best.dueDate <= dueDate)) continue;
    best = {
      dueDate,
      intervalDays,
      name: 'postpartum ',
      details: { postpartum: { pregnancyEnd: span.end, windowEnd: window.to } },
      until: window.to,
    };
  }
  return best;
}
