import type { OverviewInput } from '../api-types.ts';
import { plural } from '../format.ts';

/** The export formats of GET /api/export/:format (docs/EXPORTS.md). */
export type ExportFormat = 'json' | 'csv' | 'csv-wide' | 'fhir' | 'msprog' | 'omop';
/** How a de-identified file gives dates: shifted per patient (intervals kept) or as days since the first attack. */
export type DateMode = 'shift' | 'relative';
/** The roles that may export; researchers always get de-identified files. */
export type ExportRole = 'clinician' | 'researcher';

export interface ExportOptions {
  format: ExportFormat;
  deidentify: boolean;
  dates: DateMode;
}

/** The overview's filters as the API takes them (the export reads the same patients the page shows). */
export type ExportFilters = Omit<OverviewInput, 'sort' | 'limit' | 'cursor'>;

export const FORMAT_CHOICES: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'json', label: 'Interchange JSON', hint: 'identified; can be imported again' },
  { format: 'csv', label: 'CSV long', hint: 'one row per record' },
  { format: 'csv-wide', label: 'CSV wide', hint: 'EDSS by visit, one row per patient' },
  { format: 'fhir', label: 'FHIR R4 Bundle', hint: 'for FHIR servers' },
  { format: 'msprog', label: 'msprog input', hint: 'zip of visits.csv (EDSS) and relapses.csv for MSprog() in R' },
  { format: 'omop', label: 'OMOP CDM v5.4', hint: 'a zip of one CSV per table, for OHDSI tools' },
];

export const DEFAULT_EXPORT: ExportOptions = { format: 'csv', deidentify: false, dates: 'shift' };

/** The formats a role may choose: the interchange JSON carries identities, so not for researchers. */
export const formatsFor = (role: ExportRole) =>
  FORMAT_CHOICES.filter((choice) => role === 'clinician' || choice.format !== 'json');

/** JSON is identified by design; a de-identified export is CSV, FHIR or msprog (the server refuses the rest). */
export const formatAllowed = (format: ExportFormat, deidentified: boolean) => !(deidentified && format === 'json');

/** FHIR and OMOP dates are calendar dates, so a de-identified Bundle or OMOP zip can only shift them. */
export const relativeDatesAllowed = (format: ExportFormat) => format !== 'fhir' && format !== 'omop';

/** The format's name in the hint that its dates are shifted. */
export const calendarDateFormatName = (format: ExportFormat) => (format === 'omop' ? 'OMOP' : 'FHIR');

/**
 * What will be asked for: researchers are always de-identified; dates matter only when
 * de-identified, and FHIR cannot carry days since the first attack.
 */
export function effectiveOptions(role: ExportRole, options: ExportOptions): ExportOptions {
  const deidentify = role === 'researcher' || options.deidentify;
  const dates = deidentify && relativeDatesAllowed(options.format) ? options.dates : 'shift';
  return { format: options.format, deidentify, dates };
}

/** The query of an export: options first, then the filters (lists comma-separated, as the server reads them). */
export function exportQuery(
  role: ExportRole,
  options: ExportOptions,
  filters: ExportFilters,
  extra: { runId?: string; check?: boolean } = {},
): URLSearchParams {
  const effective = effectiveOptions(role, options);
  const query = new URLSearchParams();
  if (effective.deidentify) {
    query.set('deidentify', '1');
    query.set('dates', effective.dates);
  }
  if (extra.runId) query.set('runId', extra.runId);
  if (extra.check) query.set('check', '1');
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(name, value.join(','));
    } else query.set(name, String(value));
  }
  return query;
}

/** The download's address; same origin, so the session cookie goes along. */
export const exportUrl = (...args: Parameters<typeof exportQuery>) =>
  `/api/export/${encodeURIComponent(args[1].format)}?${exportQuery(...args).toString()}`;

/** The manifest (format, filters, counts, checksum) of one's finished export. */
export const manifestUrl = (runId: string) => `/api/export/manifest?id=${encodeURIComponent(runId)}`;

/** What a finished run wrote: rows for the CSV layouts, msprog's files and the OMOP tables, resources for FHIR, nothing more for JSON. */
export function doneText(run: { format: string; patientsDone: number; rows: number; sha256: string | null }): string {
  const unit =
    run.format === 'fhir'
      ? 'resources'
      : run.format.startsWith('csv') || run.format === 'msprog' || run.format === 'omop'
        ? 'rows'
        : undefined;
  const counts = `${plural(run.patientsDone, 'patient')}${unit ? `, ${run.rows} ${unit}` : ''}`;
  return `Done: ${counts}${run.sha256 ? ` · SHA-256 ${run.sha256.slice(0, 12)}…` : ''}`;
}

/** The server's words for an export whose reader went away before the end (run-export.ts). */
export const isCancelled = (error: string | null) => Boolean(error && /^cancelled/i.test(error));
