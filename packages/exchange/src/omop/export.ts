import type { DbClient } from '@nmo/db';
import { type CalendarDate, type PatientTimeline, todayInClinic } from '@nmo/domain';
import { Zip, ZipDeflate } from 'fflate';
import { type DeidentifyOptions, deidentifyPatient } from '../deidentify/deidentify.ts';
import { type PatientSelection, patientPages } from '../timeline/pages.ts';
import { OMOP_CONCEPTS } from './concepts.ts';
import { omopCsv } from './csv.ts';
import { appendOmopPatient, emptyOmopRows, OmopIds, type OmopPatient, type OmopRows } from './rows.ts';
import { OMOP_TABLE_NAMES, type OmopTableName, omopColumnNames } from './tables.ts';

const utf8 = new TextEncoder();

/** The name of a table's file in the archive (and in the CLI's folder). */
export const omopFileName = (table: OmopTableName) => `${table}.csv`;

export interface OmopExportOptions extends Omit<PatientSelection, 'subjectKey'> {
  /**
   * De-identified output (forced for researchers). OMOP dates are calendar dates, so dates are
   * always shifted (the relative mode has no OMOP form; the export request refuses it).
   */
  deidentify?: DeidentifyOptions;
  /** The export date; the clinic's today unless a test fixes it. */
  today?: CalendarDate;
  onPage?: (patients: number, rows: number) => void;
}

/** A patient as the OMOP writer reads it: identified, or de-identified with shifted dates. */
export function omopPatientOf(
  patient: PatientTimeline,
  today: CalendarDate,
  deidentify?: DeidentifyOptions,
): OmopPatient {
  if (!deidentify) {
    const [year, month, day] = patient.birthDate.split('-').map(Number) as [number, number, number];
    return {
      sourceValue: patient.mrn,
      sex: patient.sex,
      yearOfBirth: year,
      monthOfBirth: month,
      dayOfBirth: day,
      diagnosis: patient.diagnosis,
      diagnosisDate: patient.diagnosisDate,
      firstAttackDate: patient.firstAttackDate,
      events: patient.events as unknown as Record<string, unknown>[],
    };
  }
  const out = deidentifyPatient(patient, { ...deidentify, dates: 'shift', today });
  const shifted = (date: unknown) => (typeof date === 'string' ? date : null);
  return {
    sourceValue: out.subjectId,
    sex: out.sex,
    // Ages 90 and over are one group (HIPAA Safe Harbor): the year of the group's youngest age.
    yearOfBirth: out.birthYear ?? Number(today.slice(0, 4)) - 90,
    monthOfBirth: null,
    dayOfBirth: null,
    diagnosis: out.diagnosis,
    diagnosisDate: shifted(out.diagnosisDate),
    firstAttackDate: shifted(out.firstAttackDate),
    events: out.events,
  };
}

/** The cdm_source row: what this data set is, and which CDM version it follows. */
export function cdmSourceRow(today: CalendarDate, deidentified: boolean) {
  return {
    cdm_source_name: `NMOSD clinic monitoring export${deidentified ? ' (de-identified)' : ''}`,
    cdm_source_abbreviation: 'NMO',
    cdm_holder: 'the exporting clinic',
    source_description:
      'Clinical records of an NMOSD clinic (attacks, therapies, EDSS, labs, imaging, vision). Concept ids are 0 where no standard concept was mapped; the clinic codes are in the *_source_value columns.',
    source_documentation_reference: 'docs/EXPORTS.md (OMOP CDM v5.4)',
    source_release_date: today,
    cdm_release_date: today,
    cdm_version: 'v5.4',
    cdm_version_concept_id: OMOP_CONCEPTS.cdmVersion54,
    vocabulary_version: 'source values only',
  };
}

/**
 * The cohort (or the selected patients) as OMOP CDM v5.4 tables, one CSV per table with a header,
 * in a zip archive, streamed as bytes: each page of patients is turned into rows and pushed into the
 * table files' compressors, so memory holds the compressed tables rather than the cohort. Patients
 * are read by MRN, or by subject ID when de-identified; person_id is the patient's row number.
 */
export async function* exportOmop(db: DbClient, options: OmopExportOptions = {}): AsyncGenerator<Uint8Array> {
  const today = options.today ?? todayInClinic();
  const output: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else output.push(data);
  });
  const files = new Map<OmopTableName, ZipDeflate>();
  for (const table of OMOP_TABLE_NAMES) {
    const file = new ZipDeflate(omopFileName(table), { level: 6 });
    zip.add(file);
    file.push(utf8.encode(omopCsv([], omopColumnNames(table), true)));
    files.set(table, file);
  }
  const drain = function* () {
    if (failure) throw failure;
    yield* output.splice(0);
  };
  const push = (rows: OmopRows, final: boolean) => {
    for (const table of OMOP_TABLE_NAMES) {
      const body = rows[table].length ? omopCsv(rows[table], omopColumnNames(table), false) : '';
      files.get(table)?.push(utf8.encode(body), final);
    }
  };
  const ids = new OmopIds();
  for await (const page of patientPages(db, { ...options, subjectKey: options.deidentify?.key })) {
    const rows = emptyOmopRows();
    let added = 0;
    for (const { timeline } of page)
      added += appendOmopPatient(omopPatientOf(timeline, today, options.deidentify), ids, rows);
    push(rows, false);
    options.onPage?.(page.length, added);
    yield* drain();
  }
  const last = emptyOmopRows();
  last.cdm_source.push(cdmSourceRow(today, Boolean(options.deidentify)));
  push(last, true);
  zip.end();
  yield* drain();
}
