import { addDays, type CalendarDate } from '../../calendar-date.ts';
import { makeFlag } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { SourceId } from '../sources.ts';
import type { Flag, FlagCode, RuleContext } from '../types.ts';
import {
  anchorClause,
  episodeUntil,
  intervalDetails,
  overdueClause,
  overdueEpisodes,
  pastAnchorClause,
  plural,
  type ScheduleAnchor,
  scheduleGaps,
  settleEpisode,
  startOfCare,
} from './schedule.ts';

/** The exams kept on one interval from the start of care: their flag, evidence and interval setting. */
const EXAMS = {
  EDSS: { code: 'EDSS_OVERDUE', source: 'edssMonitoring', interval: 'edssIntervalDays' },
  MRI: { code: 'MRI_OVERDUE', source: 'mriMonitoring', interval: 'mriIntervalDays' },
} as const satisfies Record<string, { code: FlagCode; source: SourceId; interval: keyof RuleSettings['monitoring'] }>;

/** What the flags of one exam say about its records. */
export interface ExamRecords {
  /** The days the exam was done, sorted. */
  dates: readonly CalendarDate[];
  /** Details placed before the interval numbers. */
  leadingDetails?: Record<string, unknown>;
  /** What is said of the exam counted from (null when counted from the start of care). */
  lastExam(date: CalendarDate | null): { details: Record<string, unknown>; note: string };
  /** The resolution wording for the exam done on `date`. */
  resolution(date: CalendarDate): string;
  /**
   * A shorter interval that applies to some anchors (the EDSS after a pregnancy ends): its due date,
   * interval and the words naming it; null (or absent) where the clinic's interval applies.
   */
  shortened?(
    anchor: ScheduleAnchor,
  ): { dueDate: CalendarDate; intervalDays: number; name: string; details: Record<string, unknown> } | null;
}

/** One warning per overdue episode of the exam's schedule (the episode walk of schedule.ts). */
export function examIntervalFlags(context: RuleContext, exam: keyof typeof EXAMS, schedule: ExamRecords): Flag[] {
  const { code, source, interval } = EXAMS[exam];
  const regular = context.settings.monitoring[interval];
  const scheduled = (anchor: ScheduleAnchor) =>
    schedule.shortened?.(anchor) ?? {
      dueDate: addDays(anchor.date, regular),
      intervalDays: regular,
      name: '',
      details: {},
    };
  const gaps = scheduleGaps(startOfCare(context), schedule.dates);
  return overdueEpisodes(gaps, context.asOf, (anchor) => scheduled(anchor).dueDate).map(({ anchor, end, dueDate }) => {
    const { intervalDays, name, details: shortenedDetails } = scheduled(anchor);
    const last = schedule.lastExam(anchor.kind === 'last_record' ? anchor.date : null);
    const until = episodeUntil({ anchor, end }, context.asOf);
    const details = {
      ...schedule.leadingDetails,
      ...intervalDetails(anchor, dueDate, until, intervalDays),
      ...last.details,
      ...shortenedDetails,
    };
    const resolution = end && schedule.resolution(end.date);
    const opening = end
      ? pastAnchorClause(exam, anchor, last.note)
      : anchorClause(exam, anchor, context.asOf, last.note);
    const message =
      `${opening}; the clinic's ${name}${exam} interval is ${plural(intervalDays, 'day')}, ` +
      `so ${details.lastDate ? 'the next' : 'one'} was due by ${dueDate} ${overdueClause(details.daysOverdue, resolution)}`;
    const flag = makeFlag(code, 'warning', dueDate, message, source, details);
    return settleEpisode(flag, context.asOf, end, resolution);
  });
}
