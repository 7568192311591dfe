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
}

/** One warning per overdue episode of the exam's schedule (the episode walk of schedule.ts). */
export function examIntervalFlags(context: RuleContext, exam: keyof typeof EXAMS, schedule: ExamRecords): Flag[] {
  const { code, source, interval } = EXAMS[exam];
  const intervalDays = context.settings.monitoring[interval];
  const gaps = scheduleGaps(startOfCare(context), schedule.dates);
  return overdueEpisodes(gaps, context.asOf, (anchor) => addDays(anchor.date, intervalDays)).map(
    ({ anchor, end, dueDate }) => {
      const last = schedule.lastExam(anchor.kind === 'last_record' ? anchor.date : null);
      const until = episodeUntil({ anchor, end }, context.asOf);
      const details = {
        ...schedule.leadingDetails,
        ...intervalDetails(anchor, dueDate, until, intervalDays),
        ...last.details,
      };
      const resolution = end && schedule.resolution(end.date);
      const opening = end
        ? pastAnchorClause(exam, anchor, last.note)
        : anchorClause(exam, anchor, context.asOf, last.note);
      const message =
        `${opening}; the clinic's ${exam} interval is ${plural(intervalDays, 'day')}, ` +
        `so ${details.lastDate ? 'the next' : 'one'} was due by ${dueDate} ${overdueClause(details.daysOverdue, resolution)}`;
      const flag = makeFlag(code, 'warning', dueDate, message, source, details);
      return settleEpisode(flag, context.asOf, end, resolution);
    },
  );
}
