import { z } from 'zod';
import { checkRanges, cohortFilterFields } from '../cohort/filters.ts';

/**
 * What an export can be: the interchange JSON, the two CSV layouts, a FHIR R4 Bundle, msprog's input
 * (a zip of visits.csv and relapses.csv) and the OMOP CDM v5.4 tables (a zip of CSVs) (docs/EXPORTS.md).
 */
export const EXPORT_FORMATS = ['json', 'csv', 'csv-wide', 'fhir', 'msprog', 'omop'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportRequestSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
  deidentify: z.boolean({ error: 'must be true or false' }).default(false),
  dates: z.enum(['shift', 'relative'], { error: 'must be shift or relative' }).default('shift'),
  filters: z
    .strictObject({ ...cohortFilterFields, search: z.string().trim().max(100).optional() })
    .superRefine(checkRanges)
    .default({}),
  /** Chosen by the dashboard so it can follow the export's progress while the browser downloads it. */
  runId: z.uuid({ error: 'must be a UUID' }).optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const EXPORT_MEDIA: Record<ExportFormat, { extension: string; contentType: string }> = {
  json: { extension: 'json', contentType: 'application/json; charset=utf-8' },
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  'csv-wide': { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  fhir: { extension: 'fhir.json', contentType: 'application/fhir+json; charset=utf-8' },
  msprog: { extension: 'zip', contentType: 'application/zip' },
  omop: { extension: 'omop.zip', contentType: 'application/zip' },
};

/** Formats whose dates are calendar dates only: a de-identified file shifts them (no days since the first attack). */
export const CALENDAR_DATE_FORMATS: readonly ExportFormat[] = ['fhir', 'omop'];
