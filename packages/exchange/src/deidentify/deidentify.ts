import { createHmac } from 'node:crypto';
import { addDays, ageInYears, type CalendarDate, daysBetween, eventDate, type PatientTimeline } from '@nmo/domain';

/**
 * De-identification of a patient's timeline for research exports (DESIGN.md roles: never a name,
 * MRN, exact birth date or free text). Follows the REDCap options the clinic research notes cite
 * (HIPAA Safe Harbor, 45 CFR 164.514(b)(2), and registry practice): a keyed hash for the subject ID, dates shifted back
 * by a per-subject offset of at most 364 days that keeps every interval, or days since the first
 * attack; birth date reduced to the year, ages 90 and over grouped (HIPAA Safe Harbor).
 */
export interface DeidentifyOptions {
  /** The clinic's secret key (configuration); the same key gives the same IDs and shifts. */
  key: string;
  /** `shift`: dates moved back by the subject's offset; `relative`: days since the first attack. */
  dates: 'shift' | 'relative';
  /** The export date, for the 90-and-over grouping. */
  today: CalendarDate;
}

export const MINIMUM_KEY_LENGTH = 32;

const hmac = (key: string, purpose: string, mrn: string) =>
  createHmac('sha256', key).update(`${purpose}\u0000${mrn}`).digest();

/** A stable pseudonymous subject ID: "S" and 16 hex digits of HMAC-SHA256(key, MRN). */
export function subjectIdOf(key: string, mrn: string): string {
  return `S${hmac(key, 'subject', mrn).subarray(0, 8).toString('hex')}`;
}

/** Items in the order of their subject IDs, so that a de-identified file's order says nothing of the MRNs. */
export function inSubjectOrder<T extends { mrn: string }>(items: T[], key: string): T[] {
  return items
    .map((item) => ({ item, subjectId: subjectIdOf(key, item.mrn) }))
    .sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0))
    .map(({ item }) => item);
}

/** Days (1 to 364) this subject's dates move back; from the key, so stable across exports. */
export function dateShiftOf(key: string, mrn: string): number {
  return (hmac(key, 'date-shift', mrn).readUInt32BE(0) % 364) + 1;
}

/** The day the relative mode counts from: the first attack, else the earliest dated event, else the diagnosis. */
export function anchorDateOf(patient: PatientTimeline): CalendarDate | null {
  const onsets = patient.events.flatMap((event) => (event.type === 'relapse' ? [event.onsetDate] : []));
  const candidates = patient.firstAttackDate ? [patient.firstAttackDate] : onsets;
  const dates = candidates.length ? candidates : patient.events.map(eventDate);
  const sorted = [...dates].sort();
  return sorted[0] ?? patient.diagnosisDate ?? null;
}

/** A date in the de-identified output: shifted text, or a day count from the anchor. */
export type DeidentifiedDate = string | number;

export interface DeidentifiedPatient {
  subjectId: string;
  sex: PatientTimeline['sex'];
  /** Null for ages 90 and over (then `ageGroup` is "90+"). */
  birthYear: number | null;
  ageGroup: '90+' | null;
  /** The recorded diagnosis (a clinical category, not identifying); null when none is recorded. */
  diagnosis: NonNullable<PatientTimeline['diagnosis']> | null;
  aqp4Status: PatientTimeline['aqp4Status'];
  mogStatus: PatientTimeline['mogStatus'];
  comorbidities: NonNullable<PatientTimeline['comorbidities']>;
  diagnosisDate: DeidentifiedDate | null;
  firstAttackDate: DeidentifiedDate | null;
  /** The events with every date moved the same way and free text removed. */
  events: Record<string, unknown>[];
}

/**
 * The free text of the records, dropped. A lab `unit` stays: it is a UCUM code from the test's list
 * (domain lab-units.ts, enforced by the schema and the database's CHECK), never typed text.
 */
const FREE_TEXT_FIELDS = new Set(['funduscopyNote']);
const DATE_FIELDS = new Set(['date', 'onsetDate', 'startDate', 'stopDate']);

export function deidentifyPatient(patient: PatientTimeline, options: DeidentifyOptions): DeidentifiedPatient {
  const shift = dateShiftOf(options.key, patient.mrn);
  const anchor = anchorDateOf(patient);
  const moveDate = (date: CalendarDate): DeidentifiedDate =>
    options.dates === 'shift' ? addDays(date, -shift) : daysBetween(anchor ?? date, date);
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([field]) => !FREE_TEXT_FIELDS.has(field))
        .map(([field, inner]) => [
          field,
          DATE_FIELDS.has(field) && typeof inner === 'string' ? moveDate(inner) : move(inner),
        ]),
    );
  };
  const age = ageInYears(patient.birthDate, options.today);
  return {
    subjectId: subjectIdOf(options.key, patient.mrn),
    sex: patient.sex,
    birthYear: age >= 90 ? null : Number(patient.birthDate.slice(0, 4)),
    ageGroup: age >= 90 ? '90+' : null,
    diagnosis: patient.diagnosis ?? null,
    aqp4Status: patient.aqp4Status,
    mogStatus: patient.mogStatus,
    comorbidities: patient.comorbidities ?? [],
    diagnosisDate: patient.diagnosisDate ? moveDate(patient.diagnosisDate) : null,
    firstAttackDate: patient.firstAttackDate ? moveDate(patient.firstAttackDate) : null,
    events: patient.events.map((event) => move(event) as Record<string, unknown>),
  };
}
