import type { DbClient } from '@nmo/db';

/**
 * A transaction-scoped advisory lock per patient, taken in the order of $1 (the ids, sorted):
 * docs/decisions/0009. Taking it again later in the same transaction is free.
 */
export const LOCK_PATIENTS_SQL = `SELECT pg_advisory_xact_lock(hashtextextended(id, 0))
  FROM unnest($1::text[]) WITH ORDINALITY AS locked(id, position) ORDER BY position`;

/**
 * Queues this transaction behind any other writing to these patients: LOCK_PATIENTS_SQL in id
 * order. Returns the ids, sorted and without repeats.
 */
export async function lockPatients(db: DbClient, patientIds: string[]): Promise<string[]> {
  const ids = [...new Set(patientIds)].sort();
  if (ids.length > 0) await db.$executeRawUnsafe(LOCK_PATIENTS_SQL, ids);
  return ids;
}
