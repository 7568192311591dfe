import type { PatientModel } from '@nmo/db';
import {
  descriptorOf,
  EVENT_TYPES,
  identityOf,
  isGroupField,
  type LeafField,
  type PatientTimeline,
  RECORD_TYPE_NAMES,
  type RecordType,
} from '@nmo/domain';
import {
  compact,
  orNull,
  orUndefined,
  type StoredDate,
  toCalendar,
  toCalendarOrUndefined,
  toDbDate,
  toDbDateOrNull,
} from './values.ts';

/**
 * One codec per record type: the clinical columns of a row from an interchange event, and the
 * event back from a row. Export is `fromRow`; import compares `fromRow(existing)` with the event
 * normalised through `fromRow(toRow(event))`, so "changed" means changed as the format sees it.
 */
export interface Codec<E, R> {
  toRow(event: E): Record<string, unknown>;
  fromRow(row: R): E;
}

export type PatientFields = Omit<PatientTimeline, 'events'>;

/** A patient row as read by Prisma (dates as Date) or as JSON (dates as text). */
export type PatientRow = {
  [K in keyof PatientModel]: PatientModel[K] extends Date
    ? StoredDate
    : PatientModel[K] extends Date | null
      ? StoredDate | null
      : PatientModel[K];
};

export const patientCodec: Codec<PatientFields, PatientRow> = {
  toRow: (p) => ({
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: toDbDate(p.birthDate),
    sex: p.sex,
    diagnosisDate: toDbDateOrNull(p.diagnosisDate),
    firstAttackDate: toDbDateOrNull(p.firstAttackDate),
    diagnosis: p.diagnosis ?? null,
    aqp4Status: p.aqp4Status ?? 'unknown',
    mogStatus: p.mogStatus ?? 'unknown',
    comorbidities: [...new Set(p.comorbidities ?? [])].sort(),
  }),
  fromRow: (r) =>
    compact({
      mrn: r.mrn,
      givenName: r.givenName,
      familyName: r.familyName,
      birthDate: toCalendar(r.birthDate),
      sex: r.sex,
      diagnosisDate: toCalendarOrUndefined(r.diagnosisDate),
      firstAttackDate: toCalendarOrUndefined(r.firstAttackDate),
      diagnosis: orUndefined(r.diagnosis),
      aqp4Status: r.aqp4Status,
      mogStatus: r.mogStatus,
      comorbidities: r.comorbidities.length > 0 ? [...r.comorbidities].sort() : undefined,
    }),
};

type Fields = Record<string, unknown>;
/** A codec of any record type: rows and records as plain objects (the types are the registry's). */
export type RecordCodec = Codec<Fields, Fields>;

const toDbField = (spec: LeafField, value: unknown) =>
  spec.class === 'date' ? toDbDateOrNull(value as string | null | undefined) : orNull(value);
const fromDbField = (spec: LeafField, value: unknown) =>
  spec.class === 'date' ? toCalendarOrUndefined(value as StoredDate | null) : orUndefined(value);

/** A record's parts in their stored order: by date, then identity (IVMP before PLEX on one day). */
function sortParts(type: RecordType, parts: Fields[]): Fields[] {
  const { dateField } = descriptorOf(type);
  return [...parts].sort(
    (a, b) =>
      String(a[dateField]).localeCompare(String(b[dateField])) ||
      identityOf(type, a).localeCompare(identityOf(type, b)),
  );
}

/**
 * The codec of a record type, derived from its descriptor: each field to its column (dates as
 * DATE, absent values as NULL), and back in the descriptor's field order (so exports keep their
 * key order); an event starts with its `type` and ends with its live parts.
 */
function deriveCodec(type: RecordType): RecordCodec {
  const descriptor = descriptorOf(type);
  const isEvent = (EVENT_TYPES as readonly string[]).includes(type);
  const entries = Object.entries(descriptor.fields);
  return {
    toRow: (record) => {
      const row: Fields = {};
      for (const [field, spec] of entries) {
        if (isGroupField(spec)) {
          const group = record[field] as Fields | undefined;
          for (const [inner, leaf] of Object.entries(spec.fields)) row[leaf.column ?? inner] = orNull(group?.[inner]);
        } else row[spec.column ?? field] = toDbField(spec, record[field]);
      }
      return row;
    },
    // Only the fields with a value, set one by one (as compact would leave them): the rules read
    // every record of a cohort through this, and a patient page some 160.
    fromRow: (row) => {
      const record: Fields = isEvent ? { type } : {};
      for (const [field, spec] of entries) {
        if (isGroupField(spec)) {
          const group: Fields = {};
          let filled = false;
          for (const [inner, leaf] of Object.entries(spec.fields)) {
            const value = row[leaf.column ?? inner];
            if (value === undefined || value === null) continue;
            group[inner] = value;
            filled = true;
          }
          if (filled) record[field] = group;
        } else {
          const value = fromDbField(spec, row[spec.column ?? field]);
          if (value !== undefined && value !== null) record[field] = value;
        }
      }
      if (descriptor.parts) {
        const { type: partType } = descriptor.parts;
        const stored = (row[descriptorOf(partType).names.relation] as Fields[] | undefined) ?? [];
        if (stored.length > 0)
          record[descriptor.parts.field] = sortParts(partType, stored.map(CODECS[partType].fromRow));
      }
      return record;
    },
  };
}

/** Every record type's codec; a record with parts is read with its live parts under the parts' relation. */
export const CODECS: Record<RecordType, RecordCodec> = Object.fromEntries(
  RECORD_TYPE_NAMES.map((type) => [type, deriveCodec(type)]),
) as Record<RecordType, RecordCodec>;
