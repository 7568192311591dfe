import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { settle } from '../flag.ts';
import type { Flag, RuleContext } from '../types.ts';

/**
 * Shared day arithmetic of the monitoring rules (not a rule itself).
 *
 * Day semantics, the same in every rule of this folder: an exam done on `last` with an interval of
 * N days is due by `last + N` (the due date, the flag's date). On the due date it is still on time;
 * from the next day it is overdue, and `daysOverdue = asOf - dueDate` (1 on the first overdue day).
 *
 * Lifecycle (the episode walk, `scheduleGaps` and `overdueEpisodes`): a schedule runs from its start
 * (the start of care, a course's start) and then from each record day. Every stretch from one of
 * these anchors to the next record is a gap; when the next record came after the anchor's due day,
 * the gap is an overdue episode, dated at its due day and resolved on the next record's day. The
 * last gap runs to as-of (the current episode, open once as-of is past its due day), unless the
 * schedule was closed (a course stopped), which ends it like a record. Only the current episode can
 * be open; a rule returns every episode, history included.
 */

/** Where a schedule is counted from: a record, the start of care when there is none, or a course's start. */
export type AnchorKind =
  | 'last_record'
  | 'first_attack_date'
  | 'diagnosis_date'
  | 'first_recorded_attack'
  | 'course_start';

export interface ScheduleAnchor {
  date: CalendarDate;
  kind: AnchorKind;
}

const START_OF_CARE_LABELS: Record<Exclude<AnchorKind, 'last_record'>, string> = {
  first_attack_date: 'first attack',
  diagnosis_date: 'diagnosis',
  first_recorded_attack: 'first recorded attack',
  course_start: 'start of the course',
};

/**
 * The patient's start of care: the earliest of the recorded first-attack date, the diagnosis date
 * and the first attack on the timeline. Dates after the as-of day were not known yet and are
 * ignored. Null when there is no such date (then no overdue flag can be computed).
 */
export function startOfCare(context: RuleContext): ScheduleAnchor | null {
  const candidates: ScheduleAnchor[] = [];
  const { firstAttackDate, diagnosisDate } = context.patient;
  if (firstAttackDate) candidates.push({ date: firstAttackDate, kind: 'first_attack_date' });
  if (diagnosisDate) candidates.push({ date: diagnosisDate, kind: 'diagnosis_date' });
  const firstAttack = context.timeline.relapses[0];
  if (firstAttack) candidates.push({ date: firstAttack.onsetDate, kind: 'first_recorded_attack' });
  let earliest: ScheduleAnchor | null = null;
  for (const candidate of candidates) {
    if (candidate.date > context.asOf) continue;
    if (earliest === null || candidate.date < earliest.date) earliest = candidate;
  }
  return earliest;
}

/**
 * The opening clause of an overdue message: "Last EDSS on 2023-01-10 (score 3.5), 366 days ago" or
 * "No EDSS recorded since the start of care on 2022-03-01 (diagnosis), 400 days ago".
 */
export function anchorClause(exam: string, anchor: ScheduleAnchor, asOf: CalendarDate, lastNote = ''): string {
  const ago = plural(daysBetween(anchor.date, asOf), 'day');
  if (anchor.kind === 'last_record') return `Last ${exam} on ${anchor.date}${lastNote}, ${ago} ago`;
  return `No ${exam} recorded since the start of care on ${anchor.date} (${START_OF_CARE_LABELS[anchor.kind]}), ${ago} ago`;
}

/**
 * The opening clause of a past episode's message (resolved or expired): "EDSS on 2021-01-10 (score
 * 3.5)" or "No EDSS recorded since the start of care on 2021-03-01 (diagnosis)".
 */
export function pastAnchorClause(exam: string, anchor: ScheduleAnchor, note = ''): string {
  if (anchor.kind === 'last_record') return `${capitalise(exam)} on ${anchor.date}${note}`;
  return `No ${exam} recorded since the start of care on ${anchor.date} (${START_OF_CARE_LABELS[anchor.kind]})`;
}

/** The closing clause: "and is 3 days overdue." while open, "and was 447 days overdue: EDSS recorded on 2023-04-02." once resolved. */
export function overdueClause(daysOverdue: number, resolution: string | null): string {
  const days = plural(daysOverdue, 'day');
  return resolution === null ? `and is ${days} overdue.` : `and was ${days} overdue: ${resolution}.`;
}

/**
 * The numbers every interval flag carries: what it was counted from, and by how much it is late on
 * `until` (as-of while open; the day of the record that resolved it once resolved).
 */
export function intervalDetails(
  anchor: ScheduleAnchor,
  dueDate: CalendarDate,
  until: CalendarDate,
  intervalDays: number,
) {
  return {
    lastDate: anchor.kind === 'last_record' ? anchor.date : null,
    countedFrom: anchor.date,
    countedFromKind: anchor.kind,
    dueDate,
    daysOverdue: daysBetween(dueDate, until),
    intervalDays,
  };
}

/** What ended a gap: the next record, or the close of the schedule (a course stopped or replaced). */
export interface GapEnd {
  date: CalendarDate;
  by: 'record' | 'close';
}

/** The stretch from one anchor to what ended it; `end` is null for the current gap (it runs to as-of). */
export interface ScheduleGap {
  anchor: ScheduleAnchor;
  end: GapEnd | null;
}

/**
 * The gaps of a schedule: from `start` (when there is one and it is before the first record) and
 * then from each record day (several records on one day are one anchor) to the next. With
 * `closedOn`, the schedule ended that day: the last gap ends there (none when the last record is
 * on that day); without it, the last gap is the current one. No start and no record: no gap.
 */
export function scheduleGaps(
  start: ScheduleAnchor | null,
  recordDates: readonly CalendarDate[],
  closedOn: CalendarDate | null = null,
): ScheduleGap[] {
  const days = [...new Set(recordDates)].sort();
  const anchors: ScheduleAnchor[] = days.map((date) => ({ date, kind: 'last_record' }));
  const first = days[0];
  if (start !== null && (first === undefined || start.date < first)) anchors.unshift(start);
  const gaps: ScheduleGap[] = [];
  anchors.forEach((anchor, index) => {
    const next = anchors[index + 1];
    if (next) gaps.push({ anchor, end: { date: next.date, by: 'record' } });
    else if (closedOn === null) gaps.push({ anchor, end: null });
    else if (closedOn > anchor.date) gaps.push({ anchor, end: { date: closedOn, by: 'close' } });
  });
  return gaps;
}

/** A gap whose end (or as-of, for the current gap) came after its due day. */
export interface OverdueEpisode extends ScheduleGap {
  dueDate: CalendarDate;
}

/**
 * The episode walk: every gap that ran past its anchor's due day (`dueDateOf`). A gap ended by a
 * record on the due day was on time; one ended the day after is an episode (resolved that day).
 */
export function overdueEpisodes(
  gaps: readonly ScheduleGap[],
  asOf: CalendarDate,
  dueDateOf: (anchor: ScheduleAnchor) => CalendarDate,
): OverdueEpisode[] {
  const episodes: OverdueEpisode[] = [];
  for (const gap of gaps) {
    const dueDate = dueDateOf(gap.anchor);
    if (episodeUntil(gap, asOf) > dueDate) episodes.push({ ...gap, dueDate });
  }
  return episodes;
}

/** The last day a gap is counted to: what ended it, or as-of while it runs. */
export const episodeUntil = (gap: ScheduleGap, asOf: CalendarDate): CalendarDate => gap.end?.date ?? asOf;

/** An interval flag's status: resolved on the day its gap ended (`resolution` says by what), open while it runs. */
export function settleEpisode(flag: Flag, asOf: CalendarDate, end: GapEnd | null, resolution: string | null): Flag {
  return settle(flag, asOf, {
    resolvedBy: end && resolution !== null ? { on: end.date, resolution } : null,
    actionableUntil: null,
  });
}

/** The records dated on a day (a sorted list may hold several: regions, eyes, tests). */
export function recordsOn<T extends { date: CalendarDate }>(records: readonly T[], date: CalendarDate): T[] {
  return records.filter((record) => record.date === date);
}

export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** An enum value as words: 'optic_neuritis' -> 'optic neuritis', 'spinal_cord' -> 'spinal cord'. */
export function words(value: string): string {
  return value.replaceAll('_', ' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
