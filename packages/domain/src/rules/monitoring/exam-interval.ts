import { addDays, type CalendarDate } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { SourceId } from '../sources.ts';
import type { Flag, FlagCode, RuleContext } from '../types.ts';
import {
  anchorClause,
  episodeUntil,
  intervalDetails,
  type OverdueEpisode,
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
   * A shorter interval that applies for a while to some anchors (the EDSS after a pregnancy ends): its
   * due date, interval, the words naming it, details, and the last day it applies. Such a gap is judged
   * twice: against the shorter interval (an episode that is resolved by an exam up to `until`, else
   * expires after it) and, as every gap, against the clinic's interval. Null where none applies.
   */
  shortened?(anchor: ScheduleAnchor): ShortenedInterval | null;
}

export interface ShortenedInterval {
  dueDate: CalendarDate;
  intervalDays: number;
  name: string;
  details: Record<string, unknown>;
  until: CalendarDate;
}

/** One warning per overdue episode of the exam's schedule (the episode walk of schedule.ts). */
export function examIntervalFlags(context: RuleContext, exam: keyof typeof EXAMS, schedule: ExamRecords): Flag[] {
  const { code, source, interval } = EXAMS[exam];
  const regular = context.settings.monitoring[interval];
  const gaps = scheduleGaps(startOfCare(context), schedule.dates);
  const flagFor = (episode: OverdueEpisode, intervalDays: number, shortened: ShortenedInterval | null): Flag => {
    const { anchor, end, dueDate } = episode;
    const last = schedule.lastExam(anchor.kind === 'last_record' ? anchor.date : null);
    const until = episodeUntil({ anchor, end }, context.asOf);
    const details = {
      ...schedule.leadingDetails,
      ...intervalDetails(anchor, dueDate, until, intervalDays),
      ...last.details,
      ...shortened?.details,
    };
    const resolution = end && schedule.resolution(end.date);
    const opening = end
      ? pastAnchorClause(exam, anchor, last.note)
      : anchorClause(exam, anchor, context.asOf, last.note);
    const message =
      `${opening}; the clinic's ${shortened?.name ?? ''}${exam} interval is ${plural(intervalDays, 'day')}, ` +
      `so ${details.lastDate ? 'the next' : 'one'} was due by ${dueDate} ${overdueClause(details.daysOverdue, resolution)}`;
    const flag = makeFlag(code, 'warning', dueDate, message, source, details);
    if (shortened === null) return settleEpisode(flag, context.asOf, end, resolution);
    const inTime = end !== null && resolution !== null && end.date <= shortened.until;
    return settle(flag, context.asOf, {
      resolvedBy: inTime ? { on: end.date, resolution } : null,
      actionableUntil: shortened.until,
    });
  };
  const flags = overdueEpisodes(gaps, context.asOf, (anchor) => addDays(anchor.date, regular)).map((episode) =>
    flagFor(episode, regular, null),
  );
  for (const gap of gaps) {
    const shortened = schedule.shortened?.(gap.anchor) ?? null;
    if (shortened === null || episodeUntil(gap, context.asOf) <= shortened.dueDate) continue;
    flags.push(flagFor({ ...gap, dueDate: shortened.dueDate }, shortened.intervalDays, shortened));
  }
  return flags;
}
