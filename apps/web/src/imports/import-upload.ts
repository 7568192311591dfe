import { refusalOf } from '../http-error.ts';

/** Counts of one kind of thing an import writes (or would write, in a dry run). */
export interface RecordCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** One problem of the file: by line and column for CSV (column '' is the whole row), by JSON path otherwise. */
export interface ImportProblem {
  line?: number;
  column?: string;
  path?: string;
  message: string;
}

/** The answer of POST /api/import (docs/API.md): every problem, or what was (or would be) written. */
export type ImportReport =
  | { ok: false; format: 'csv' | 'json'; dryRun: boolean; patients: number; errors: ImportProblem[] }
  | {
      ok: true;
      format: 'csv' | 'json';
      dryRun: boolean;
      patients: number;
      summary: { patients: RecordCounts; records: RecordCounts; dryRun: boolean };
    };

/** A report about the file, or a refusal before the file was read (not signed in, not a clinician, empty, too large). */
export type UploadOutcome = { kind: 'report'; report: ImportReport } | { kind: 'refused'; message: string };

/** The interchange JSON by its extension; anything else is read as the CSV long layout. */
export const contentTypeOf = (file: File) =>
  /\.json$/i.test(file.name) || file.type === 'application/json' ? 'application/json' : 'text/csv';

/**
 * Sends the file as the request body (the browser streams it; it is not read into this page) for a
 * dry run or the real, all-or-nothing import. Throws only when the server cannot be reached.
 */
export async function uploadImport(file: File, dryRun: boolean): Promise<UploadOutcome> {
  const query = new URLSearchParams({ name: file.name });
  if (dryRun) query.set('dryRun', '1');
  const response = await fetch(`/api/import?${query.toString()}`, {
    method: 'POST',
    // The server refuses writes without it (cross-site request protection, docs/API.md).
    headers: { 'x-nmo-csrf': '1', 'content-type': contentTypeOf(file), accept: 'application/json' },
    body: file,
  });
  const body = (await response.json().catch(() => undefined)) as Partial<ImportReport> | undefined;
  if ((response.status === 200 || response.status === 422) && body && typeof body.ok === 'boolean')
    return { kind: 'report', report: body as ImportReport };
  return {
    kind: 'refused',
    message: refusalOf(body, `The server refused the file (HTTP ${response.status})`).message,
  };
}

/** "3 patients would be created, 0 updated, 1 unchanged" (the noun follows the first count). */
function countsText(noun: string, counts: RecordCounts, dryRun: boolean): string {
  const created = `${counts.created} ${noun}${counts.created === 1 ? '' : 's'} ${dryRun ? 'would be ' : ''}created`;
  return `${created}, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}

/** "Dry run: 3 patients would be created, 0 updated, 1 unchanged; 40 records would be created, …". */
export function summaryText(report: Extract<ImportReport, { ok: true }>): string {
  const { summary, dryRun } = report;
  return `${dryRun ? 'Dry run' : 'Imported'}: ${countsText('patient', summary.patients, dryRun)}; ${countsText('record', summary.records, dryRun)}.`;
}

/** "1 problem", "12 problems". */
export const problemsText = (count: number) => `${count} problem${count === 1 ? '' : 's'}; nothing was imported.`;
