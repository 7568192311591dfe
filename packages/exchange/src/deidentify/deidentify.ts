import { createHmac } from 'node:crypto';
import {
  addDays,
  ageInYears,
  type CalendarDate,
  daysBetween,
  descriptorOf,
  eventDate,
  isGroupField,
  type LeafField,
  type PatientTimeline,
  RESEARCH_SAFE_CLASSES,
  type RecordDescriptor,
  type RecordType,
} from '@nmo/domain';

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

/** How the de-identifier finds a record type's descriptor (tests pass a widened registry). */
export type DescriptorLookup = (type: RecordType) => RecordDescriptor;

/**
 * A record as a researcher may see it, from its descriptor's classification of every field:
 * values and codes as they are, dates moved, and nothing else (identifiers, free text, and any field
 * the registry does not classify are dropped). Parts go through their own descriptor.
 */
function deidentifyRecord(
  record: Record<string, unknown>,
  descriptor: RecordDescriptor,
  lookup: DescriptorLookup,
  moveDate: (date: CalendarDate) => DeidentifiedDate,
  isEvent: boolean,
): Record<string, unknown> {
  const keep = (spec: LeafField, value: unknown): [boolean, unknown] => {
    if (spec.class === 'date') return [typeof value === 'string', typeof value === 'string' ? moveDate(value) : value];
    return [RESEARCH_SAFE_CLASSES.includes(spec.class), value];
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (isEvent && field === 'type') {
      out.type = value;
      continue;
    }
    if (descriptor.parts?.field === field && Array.isArray(value)) {
      const part = lookup(descriptor.parts.type);
      out[field] = value.map((item) => deidentifyRecord(item, part, lookup, moveDate, false));
      continue;
    }
    const spec = descriptor.fields[field];
    if (!spec) continue;
    if (isGroupField(spec)) {
      const group: Record<string, unknown> = {};
      for (const [inner, innerValue] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        const leaf = spec.fields[inner];
        const [kept, moved] = leaf ? keep(leaf, innerValue) : [false, undefined];
        if (kept) group[inner] = moved;
      }
      out[field] = group;
      continue;
    }
    const [kept, moved] = keep(spec, value);
    if (kept) out[field] = moved;
  }
  return out;
}

export function deidentifyPatient(
  patient: PatientTimeline,
  options: DeidentifyOptions,
  lookup: DescriptorLookup = descriptorOf,
): DeidentifiedPatient {
  const shift = dateShiftOf(options.key, patient.mrn);
  const anchor = anchorDateOf(patient);
  const moveDate = (date: CalendarDate): DeidentifiedDate =>
    options.dates === 'shift' ? addDays(date, -shift) : daysBetween(anchor ?? date, date);
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
    events: patient.events.map((event) =>
      deidentifyRecord(event as unknown as Record<string, unknown>, lookup(event.type), lookup, moveDate, true),
    ),
  };
}
