import {
  type CalendarDate,
  eventDate,
  type Flag,
  isOpen,
  type PatientMetrics,
  type PatientTimeline,
  SEVERITY_RANK,
  type Severity,
  utcDateFromCalendarDate,
  workingDiagnosis,
} from '@nmo/domain';
import { worklistSortKey } from '../cohort/worklist-key.ts';
import { type AcknowledgementKey, hidesFlag } from './open-flags.ts';

/** What the overview shows of each open flag (a chip coloured by severity). */
export interface FlagChip {
  code: string;
  severity: Severity;
  date: CalendarDate;
}

/** Rank stored when a patient has no open flag: sorts after every severity. */
export const NO_FLAG_RANK = 3;

const overdueDays = (flag: Flag) => {
  const days = (flag.details as { daysOverdue?: unknown }).daysOverdue;
  return typeof days === 'number' && days > 0 ? days : 0;
};

/**
 * The PatientSummary row of one patient as of a day: identity, metrics, and the flags still open
 * (status open, and no acknowledgement in force). Flags must be in compareFlags order.
 */
export function summaryRow(
  patientId: string,
  timeline: PatientTimeline,
  flags: readonly Flag[],
  acknowledgements: readonly AcknowledgementKey[],
  asOf: CalendarDate,
  metrics: PatientMetrics,
) {
  const open = flags.filter(
    (flag) => isOpen(flag) && !acknowledgements.some((ack) => hidesFlag(ack, { ...flag, patientId }, asOf)),
  );
  const visits = timeline.events.map(eventDate).filter((date) => date <= asOf);
  const lastVisit = visits.sort().at(-1) ?? null;
  const chips: FlagChip[] = open.map(({ code, severity, date }) => ({ code, severity, date }));
  return {
    patientId,
    mrn: timeline.mrn,
    givenName: timeline.givenName,
    familyName: timeline.familyName,
    birthDate: utcDateFromCalendarDate(timeline.birthDate),
    aqp4Status: timeline.aqp4Status ?? 'unknown',
    mogStatus: timeline.mogStatus ?? 'unknown',
    workingDiagnosis: workingDiagnosis(timeline).diagnosis,
    currentTherapies: metrics.currentTherapies,
    currentTherapyText: metrics.currentTherapies.join(', '),
    lastEdssScore: metrics.lastEdss?.score ?? null,
    lastEdssDate: metrics.lastEdss ? utcDateFromCalendarDate(metrics.lastEdss.date) : null,
    lastVisitDate: lastVisit ? utcDateFromCalendarDate(lastVisit) : null,
    annualizedRelapseRate: metrics.annualizedRelapseRate,
    attackCount: metrics.attackCount,
    openFlagCodes: [...new Set(open.map((flag) => flag.code))],
    openFlags: chips as unknown as object,
    openFlagCount: open.length,
    worstSeverityRank: Math.min(NO_FLAG_RANK, ...open.map((flag) => SEVERITY_RANK[flag.severity])),
    maxDaysOverdue: Math.max(0, ...open.map(overdueDays)),
    worklistKey: open.length === 0 ? null : Math.min(...open.map((flag) => worklistSortKey(flag, asOf))),
    asOf: utcDateFromCalendarDate(asOf),
  };
}
