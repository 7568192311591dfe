import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { RuleContext } from '../types.ts';

/**
 * Shared day arithmetic of the monitoring rules (not a rule itself).
 *
 * Day semantics, the same in every rule of this folder: an exam done on `last` with an interval of
 * N days is due by `last + N` (the due date, the flag's date). On the due date it is still on time;
 * from the next day it is overdue, and `daysOverdue = asOf - dueDate` (1 on the first overdue day).
 */

/** Where a schedule is counted from: the last record, or the start of care when there is none. */
export type AnchorKind = 'last_record' | 'first_attack_date' | 'diagnosis_date' | 'first_recorded_attack';

export interface ScheduleAnchor {
  date: CalendarDate;
  kind: AnchorKind;
}

const START_OF_CARE_LABELS: Record<Exclude<AnchorKind, 'last_record'>, string> = {
  first_attack_date: 'first attack',
  diagnosis_date: 'diagnosis',
  first_recorded_attack: 'first recorded attack',
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

/** The last record's date if there is one, else the start of care. */
export function scheduleAnchor(context: RuleContext, lastDate: CalendarDate | undefined): ScheduleAnchor | null {
  return lastDate === undefined ? startOfCare(context) : { date: lastDate, kind: 'last_record' };
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

/** The numbers every interval flag carries: what it was counted from, and by how much it is late. */
export function intervalDetails(
  anchor: ScheduleAnchor,
  dueDate: CalendarDate,
  asOf: CalendarDate,
  intervalDays: number,
) {
  return {
    lastDate: anchor.kind === 'last_record' ? anchor.date : null,
    countedFrom: anchor.date,
    countedFromKind: anchor.kind,
    dueDate,
    daysOverdue: daysBetween(dueDate, asOf),
    intervalDays,
  };
}

export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** An enum value as words: 'optic_neuritis' -> 'optic neuritis', 'spinal_cord' -> 'spinal cord'. */
export function words(value: string): string {
  return value.replaceAll('_', ' ');
}

export const laterOf = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
