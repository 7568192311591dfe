import { type DbClient, Prisma } from '@nmo/db';
import { patientPages } from '../timeline/pages.ts';
import { type CsvExportOptions, patientCells, toCsv } from './long.ts';
import { DEIDENTIFIED_PATIENT_COLUMNS, PATIENT_COLUMNS } from './long-columns.ts';

/**
 * The EDSS-by-visit table: one row per patient, the patient's columns, then `edss_visits` and one
 * date and score pair per assessment in date order (`edss_1_date`, `edss_1_score`, …), as many
 * pairs as the patient with the most assessments has. Dates follow the de-identification setting.
 */
export function csvWideColumns(deidentified: boolean, visits: number): string[] {
  const pairs = Array.from({ length: visits }, (_, i) => [`edss_${i + 1}_date`, `edss_${i + 1}_score`]).flat();
  return [...(deidentified ? DEIDENTIFIED_PATIENT_COLUMNS : PATIENT_COLUMNS), 'edss_visits', ...pairs];
}

/** The largest number of live EDSS assessments of one selected patient: the table's width. */
async function mostEdssVisits(db: DbClient, patientIds: string[] | undefined): Promise<number> {
  const onlySelected = patientIds ? Prisma.sql`AND p.id = ANY(${patientIds}::uuid[])` : Prisma.empty;
  const rows = await db.$queryRaw<{ most: number }[]>(
    Prisma.sql`SELECT coalesce(max(n), 0)::int AS most FROM (
      SELECT count(*) AS n FROM "EdssAssessment" e JOIN "Patient" p ON p.id = e."patientId"
      WHERE e."deletedAt" IS NULL AND p."deletedAt" IS NULL ${onlySelected}
      GROUP BY e."patientId") counts`,
  );
  return rows[0]?.most ?? 0;
}

/** The EDSS-by-visit table as text chunks: the header, then one chunk per page of patients. */
export async function* exportCsvWide(
  db: DbClient,
  options: CsvExportOptions & { onPage?: (patients: number, rows: number) => void } = {},
): AsyncGenerator<string> {
  const columns = csvWideColumns(Boolean(options.deidentify), await mostEdssVisits(db, options.patientIds));
  yield toCsv([], columns, true);
  for await (const page of patientPages(db, { ...options, subjectKey: options.deidentify?.key })) {
    const rows = page.map(({ timeline }) => {
      const { cells, events } = patientCells(timeline, options);
      const visits = events.flatMap((event) => (event.type === 'edss' ? [event] : []));
      const row: Record<string, unknown> = { ...cells, edss_visits: visits.length };
      visits.forEach((visit, i) => {
        row[`edss_${i + 1}_date`] = visit.date;
        row[`edss_${i + 1}_score`] = visit.score;
      });
      return row;
    });
    if (rows.length) yield toCsv(rows, columns, false);
    options.onPage?.(page.length, rows.length);
  }
}
