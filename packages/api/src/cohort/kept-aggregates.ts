import { type DbClient, Prisma } from '@nmo/db';
import type { CohortFilters } from './filters.ts';

/**
 * Cohort-wide aggregates of PatientSummary kept between requests (docs/decisions:
 * 0028-kept-cohort-aggregates). A trigger raises one of the CohortSummaryVersion counters in
 * every transaction that writes PatientSummary (each flag refresh, each write's recomputation, a
 * deletion). Their sum is the summary's version, and it becomes visible with the rows it describes.
 * An aggregate stored at the version a reader sees is therefore exactly what that reader would
 * compute: the first request after a change computes it (the path the product had before) and
 * stores it, the next ones read one row.
 *
 * Kept in the database, not in memory: every server process and instance shares them, and the
 * version check needs no message between them (docs/SCALING.md).
 */

/** Filters whose every combination is a short list of known values: the ones worth keeping by. */
const KEPT_FILTERS = ['flagCodes', 'severity', 'aqp4Status', 'mogStatus', 'workingDiagnosis', 'currentTherapies'];

/** The filters given a value: an empty search is no filter. */
export const usedFilters = (filters: CohortFilters) =>
  Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');

/**
 * The key of an aggregate over `filters`, or null when a filter is free text or a range (a word
 * search, EDSS, last-visit dates): those are computed per request, as before, so the table holds a
 * bounded number of rows however people search.
 */
export function aggregateKey(kind: string, filters: CohortFilters): string | null {
  const used = usedFilters(filters);
  if (used.some(([name]) => !KEPT_FILTERS.includes(name))) return null;
  // Order does not change the answer: one key for the same choices made in another order.
  const canonical = used
    .map(([name, value]) => [name, Array.isArray(value) ? [...new Set(value as string[])].sort() : value] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind}:${JSON.stringify(canonical)}`;
}

/**
 * The aggregate under `key` as of the summary's current version: the kept one, or `compute()`'s,
 * then kept. With a null key it is computed every time. `compute` must return plain JSON values.
 */
export async function keptAggregate<T>(db: DbClient, key: string | null, compute: () => Promise<T>): Promise<T> {
  if (key === null) return compute();
  const kept = await readKept<T>(db, key);
  if (!kept || kept.version === null) return compute();
  if (kept.value !== null) return kept.value;
  // The version was read before the aggregate: what compute() reads is at least that recent, and a
  // later write raises the version, so what is stored at it is never served after a change.
  const value = await compute();
  if (kept.readOnly) return value;
  await db.$executeRaw(
    Prisma.sql`INSERT INTO "CohortAggregate" ("key", "version", "value")
      VALUES (${key}, ${kept.version}, ${JSON.stringify(value)}::jsonb)
      ON CONFLICT ("key") DO UPDATE SET "version" = EXCLUDED."version", "value" = EXCLUDED."value", "computedAt" = now()
      WHERE "CohortAggregate"."version" < EXCLUDED."version"`,
  );
  return value;
}

/**
 * The aggregate under `key` only when it is kept at the summary's current version, with that
 * version; null otherwise. Never computes: for a reader that can do without it. A statement that
 * checks the version is still that one sees exactly the rows the value was made from (the
 * overview's days-overdue bound).
 */
export async function peekKeptAggregate<T>(db: DbClient, key: string): Promise<{ value: T; version: bigint } | null> {
  const kept = await readKept<T>(db, key);
  return kept && kept.version !== null && kept.value !== null ? { value: kept.value, version: kept.version } : null;
}

/** The summary's version as the statement that reads it sees it. */
const SUMMARY_VERSION = Prisma.sql`(SELECT sum("version")::bigint FROM "CohortSummaryVersion")`;

/**
 * A condition true only while the summary is at `version`: a statement holding it sees exactly the
 * rows a value kept at that version was made from, and nothing after a change since.
 */
export const summaryStillAt = (version: bigint) => Prisma.sql`${SUMMARY_VERSION} = ${version}`;

/** The summary's current version, the aggregate kept at it (or null), and whether writes are refused here. */
async function readKept<T>(db: DbClient, key: string) {
  // A standby (read replica), or a read-only transaction, refuses writes: there the aggregate is
  // computed and not kept (asking first keeps a caller's transaction from being aborted).
  const [kept] = await db.$queryRaw<{ version: bigint | null; value: T | null; readOnly: boolean }[]>(
    Prisma.sql`WITH v AS (SELECT ${SUMMARY_VERSION} AS "version")
      SELECT v."version", a."value", current_setting('transaction_read_only') = 'on' AS "readOnly"
      FROM v LEFT JOIN "CohortAggregate" a ON a."key" = ${key} AND a."version" = v."version"`,
  );
  return kept;
}
