import { FLAG_CODES, type FlagCode, SEVERITIES, type Severity, type TherapyAgent } from '@nmo/domain/vocabulary';
import type { Inputs, Outputs } from '../api-types.ts';
import { flagTitle, plural } from '../format.ts';

export type Worklist = Outputs['cohort']['worklist'];
export type WorklistItem = Worklist['items'][number];
export type WorklistFlag = WorklistItem['flags'][number];
export type WorklistCounts = Worklist['counts'];
type WorklistInput = Extract<Inputs['cohort']['worklist'], object>;

/** The worklist's filters as chosen in its selects ('' for any). */
export interface WorklistFilterValues {
  flagCode: FlagCode | '';
  severity: Severity | '';
  therapy: TherapyAgent | 'none' | '';
}
export const NO_WORKLIST_FILTERS: WorklistFilterValues = { flagCode: '', severity: '', therapy: '' };

export function worklistInputOf(values: WorklistFilterValues, limit: number, cursor?: string): WorklistInput {
  return {
    limit,
    ...(values.flagCode ? { flagCodes: [values.flagCode] } : {}),
    ...(values.severity ? { severity: values.severity } : {}),
    ...(values.therapy ? { currentTherapies: [values.therapy] } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** A flag as acknowledgeMany takes it. */
export interface FlagKey {
  patientId: string;
  code: FlagCode;
  flagDate: string;
}

/** One flag of the list, for selection: a flag is its patient, code and date. */
export const selectionKey = (patientId: string, flag: Pick<WorklistFlag, 'code' | 'date'>) =>
  `${patientId}|${flag.code}|${flag.date}`;

/** "214 open flags on 96 patients". */
export const countsHeadline = (counts: Pick<WorklistCounts, 'flags' | 'patients'>) =>
  `${plural(counts.flags, 'open flag')} on ${plural(counts.patients, 'patient')}`;

/** "12 critical · 150 warning · 52 info" (severities with none left out). */
export const severityLine = (bySeverity: WorklistCounts['bySeverity']) =>
  SEVERITIES.filter((severity) => bySeverity[severity] > 0)
    .map((severity) => `${bySeverity[severity]} ${severity}`)
    .join(' · ');

/** Codes in the order a reader looks them up (by title), each with how many open flags it has. */
export const codeOptions = (byCode: WorklistCounts['byCode'] | undefined) =>
  [...FLAG_CODES]
    .sort((a, b) => flagTitle(a).localeCompare(flagTitle(b)))
    .map((code) => ({ code, label: byCode ? `${flagTitle(code)} (${byCode[code] ?? 0})` : flagTitle(code) }));

/** A number of days as a reader takes it in: days up to three months, then months, then years. */
export function durationText(days: number): string {
  if (days < 90) return plural(days, 'day');
  if (days < 730) return plural(Math.round(days / 30.44), 'month');
  return plural(Math.round(days / 365.25), 'year');
}

/** How long a flag has waited: "12 days overdue", "3 months ago", "today". */
export function waitingText(flag: Pick<WorklistFlag, 'daysOverdue' | 'daysWaiting'>): string {
  if (flag.daysOverdue !== null) return `${durationText(flag.daysOverdue)} overdue`;
  if (flag.daysWaiting === 0) return 'today';
  return `${durationText(flag.daysWaiting)} ago`;
}
