import type { DbClient } from '@nmo/db';
import { Zip, ZipDeflate } from 'fflate';
import { type CsvExportOptions, toCsv } from '../csv/long.ts';
import { patientPages } from '../timeline/pages.ts';
import { MSPROG_FILES, MSPROG_RELAPSE_COLUMNS, MSPROG_VISIT_COLUMNS, msprogRows } from './rows.ts';

/**
 * The msprog input of the selected patients as one zip (application/zip) holding visits.csv and
 * relapses.csv (rows.ts), streamed a page of patients at a time: the visits file is compressed as
 * it is read; the relapse rows (a few per patient) are kept until the end and written as the second
 * file, so the database is read once. Rows are ordered like every export: by MRN, or by subject ID
 * when de-identified; then by date. `onPage` reports patients and rows (visits and relapses) per page.
 */
export async function* exportMsprogZip(
  db: DbClient,
  options: CsvExportOptions & { onPage?: (patients: number, rows: number) => void } = {},
): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else ready.push(data);
  });
  const take = function* () {
    if (failure) throw failure;
    yield* ready.splice(0);
  };
  const text = new TextEncoder();
  const visits = new ZipDeflate(MSPROG_FILES.visits);
  zip.add(visits);
  visits.push(text.encode(toCsv([], MSPROG_VISIT_COLUMNS, true)));
  let relapses = toCsv([], MSPROG_RELAPSE_COLUMNS, true);
  for await (const page of patientPages(db, { ...options, subjectKey: options.deidentify?.key })) {
    const rows = page.map(({ timeline }) => msprogRows(timeline, options));
    const visitRows = rows.flatMap((row) => row.visits);
    const relapseRows = rows.flatMap((row) => row.relapses);
    if (visitRows.length) visits.push(text.encode(toCsv(visitRows, MSPROG_VISIT_COLUMNS, false)));
    if (relapseRows.length) relapses += toCsv(relapseRows, MSPROG_RELAPSE_COLUMNS, false);
    options.onPage?.(page.length, visitRows.length + relapseRows.length);
    yield* take();
  }
  visits.push(new Uint8Array(0), true);
  const relapseFile = new ZipDeflate(MSPROG_FILES.relapses);
  zip.add(relapseFile);
  relapseFile.push(text.encode(relapses), true);
  zip.end();
  yield* take();
}
