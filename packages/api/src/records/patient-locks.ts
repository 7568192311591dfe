import type { DbClient } from '@nmo/db';

/**
 * A transaction-scoped advisory lock per patient, taken in the order of $1 (the ids, sorted):
 * docs/decisions/0009. Taking it again later in the same transaction is free.
 */
const LOCK_PATIENTS_SQL = `SELECT pg_advisory_xact_lock(hashtextextended(id, 0))
  FROM unnest($1::text[]) WITH ORDINALITY AS locked(id, position) ORDER BY position`;

/**
 * Queues the transaction `execute` runs in behind any other writing to these patients: their locks
 * in id order. Returns the ids, sorted and without repeats. `execute` runs one statement without
 * reading its result (the locks return void): Prisma's $executeRawUnsafe or a pg connection's query.
 */
export async function lockPatientsWith(
  execute: (sql: string, ids: string[]) => Promise<unknown>,
  patientIds: string[],
): Promise<string[]> {
  const ids = [...new Set(patientIds)].sort();
  if (ids.length > 0) await execute(LOCK_PATIENTS_SQL, ids);
  return ids;
}

/** lockPatientsWith in a Prisma transaction. */
export const lockPatients = (db: DbClient, patientIds: string[]): Promise<string[]> =>
  lockPatientsWith((sql, ids) => db.$executeRawUnsafe(sql, ids), patientIds);
