import type { DbClient } from '@nmo/db';
import type { PatientTimeline, TimelineEvent } from '@nmo/domain';
import { stringify } from 'csv-stringify/sync';
import { type DeidentifyOptions, deidentifyPatient } from '../deidentify/deidentify.ts';
import { type PatientSelection, selectedPatientPages } from '../timeline/pages.ts';
import { type CopyOut, copiedLines } from './copy-out.ts';
import { escapeFormulaCell } from './formula-cells.ts';
import { DEIDENTIFIED_PATIENT_COLUMNS, PATIENT_COLUMNS, recordColumnsFor, recordRows } from './long-columns.ts';
import { csvLongCopyQuery, csvLongLinesOf } from './long-sql.ts';

export interface CsvExportOptions extends Omit<PatientSelection, 'subjectKey'> {
  /** De-identified output (forced for researchers); without it the rows carry MRN and names. */
  deidentify?: DeidentifyOptions;
  /**
   * Identified exports read each page through PostgreSQL's COPY on this connection when given
   * (bounded memory, no query result held); de-identified ones always take the query path.
   */
  copyOut?: CopyOut;
}

/** The columns of the long layout, in order, for identified or de-identified output. */
export function csvLongColumns(deidentified: boolean): string[] {
  return [...(deidentified ? DEIDENTIFIED_PATIENT_COLUMNS : PATIENT_COLUMNS), ...recordColumnsFor(deidentified)];
}

export function patientCells(patient: PatientTimeline, options: CsvExportOptions) {
  if (options.deidentify) {
    const out = deidentifyPatient(patient, options.deidentify);
    return {
      cells: {
        subject_id: out.subjectId,
        sex: out.sex,
        birth_year: out.birthYear,
        age_group: out.ageGroup,
        diagnosis: out.diagnosis,
        diagnosis_date: out.diagnosisDate,
        first_attack_date: out.firstAttackDate,
        aqp4_status: out.aqp4Status,
        mog_status: out.mogStatus,
        comorbidities: out.comorbidities.join(';'),
      },
      events: out.events as unknown as TimelineEvent[],
    };
  }
  return {
    cells: {
      mrn: patient.mrn,
      given_name: patient.givenName,
      family_name: patient.familyName,
      birth_date: patient.birthDate,
      sex: patient.sex,
      diagnosis: patient.diagnosis,
      diagnosis_date: patient.diagnosisDate,
      first_attack_date: patient.firstAttackDate,
      aqp4_status: patient.aqp4Status,
      mog_status: patient.mogStatus,
      comorbidities: (patient.comorbidities ?? []).join(';'),
    },
    events: patient.events,
  };
}

/** The rows of one patient in the long layout. */
export function csvLongRows(patient: PatientTimeline, options: CsvExportOptions = {}): Record<string, unknown>[] {
  const { cells, events } = patientCells(patient, options);
  const rows = events.flatMap((event) => recordRows(event));
  return (rows.length ? rows : [{ record: 'patient' }]).map((row) => Object.assign(row, cells));
}

const CSV_OPTIONS = {
  record_delimiter: 'unix',
  // csv-stringify quotes a lone carriage return only when asked once record_delimiter is set, and
  // spreadsheets end a row at one: quote it, as the SQL renderer does.
  quote_record_delimiter: true,
  cast: {
    boolean: (value: boolean) => (value ? 'true' : 'false'),
    // Only text: numbers (-0.3 logMAR, -5 days) are cast by csv-stringify and stay numbers.
    string: (value: string) => escapeFormulaCell(value),
  },
} as const;

/**
 * Rows as CSV text in the given column order, text cells that a spreadsheet would run as formulas
 * escaped (formula-cells.ts). Rows are turned into arrays first: csv-stringify
 * resolves object keys as paths for every cell, which took most of a registry export's time.
 */
export function toCsv(rows: Record<string, unknown>[], columns: string[], header: boolean): string {
  const arrays = rows.map((row) => columns.map((column) => row[column]));
  return stringify(header ? [columns, ...arrays] : arrays, CSV_OPTIONS);
}

/**
 * The cohort (or the selected patients) in the CSV long layout, as text chunks: the header, then
 * one chunk per page of patients, by MRN, or by subject ID when de-identified. `onPage` reports
 * progress after each page.
 */
export async function* exportCsvLong(
  db: DbClient,
  options: CsvExportOptions & { onPage?: (patients: number, rows: number) => void } = {},
): AsyncGenerator<string> {
  const columns = csvLongColumns(Boolean(options.deidentify));
  yield toCsv([], columns, true);
  const pages = selectedPatientPages(db, { pageSize: 250, ...options, subjectKey: options.deidentify?.key });
  for await (const page of pages) {
    if (options.copyOut && !options.deidentify) {
      let rows = 0;
      const statement = `COPY (${csvLongCopyQuery(page.map((patient) => patient.id))}) TO STDOUT`;
      for await (const chunk of copiedLines(options.copyOut(statement))) {
        rows += chunk.rows;
        yield chunk.text;
      }
      options.onPage?.(page.length, rows);
      continue;
    }
    const lines = await csvLongLinesOf(db, page, options.deidentify);
    if (lines.length) yield `${lines.join('\n')}\n`;
    options.onPage?.(page.length, lines.length);
  }
}
