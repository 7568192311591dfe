import { type DbClient, Prisma } from '@nmo/db';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';

/**
 * The ids of the patients the overview would list with these filters, or undefined when nothing
 * filters (every live patient), so exports select exactly what the clinic sees on screen.
 */
export async function cohortPatientIds(db: DbClient, filters: CohortFilters): Promise<string[] | undefined> {
  const conditions = filterConditions(filters);
  if (conditions.length === 0) return undefined;
  const rows = await db.$queryRaw<{ patientId: string }[]>(
    Prisma.sql`SELECT "patientId" FROM "PatientSummary" ${whereClause(conditions)}`,
  );
  return rows.map((row) => row.patientId);
}
