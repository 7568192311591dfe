import { type DbClient, Prisma } from '@nmo/db';
import { SEVERITIES } from '@nmo/domain';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';

/** ARR histogram bins: [from, to) per year; the last is open-ended. */
export const ARR_BINS = [0, 0.25, 0.5, 1, 2] as const;

type Count = { key: string; count: number };
const asMap = (rows: Count[]) => Object.fromEntries(rows.map((row) => [row.key, row.count]));

/**
 * Counts and distributions over the patients matching the filters: no identities, so researchers
 * may read them (DESIGN.md roles).
 */
export async function queryStats(db: DbClient, filters: CohortFilters) {
  const conditions = filterConditions(filters);
  const from = Prisma.sql`FROM "PatientSummary" ${whereClause(conditions)}`;
  const withFollowUp = whereClause([...conditions, Prisma.sql`"annualizedRelapseRate" IS NOT NULL`]);
  const [totals, byFlag, bySeverity, byTherapy, byAqp4, byMog, arr, bins] = await Promise.all([
    db.$queryRaw<{ patients: number; flagged: number }[]>(
      Prisma.sql`SELECT count(*)::int AS patients, count(*) FILTER (WHERE "openFlagCount" > 0)::int AS flagged ${from}`,
    ),
    db.$queryRaw<Count[]>(
      Prisma.sql`SELECT code AS key, count(*)::int AS count FROM (SELECT unnest("openFlagCodes") AS code ${from}) f
        GROUP BY code ORDER BY code`,
    ),
    db.$queryRaw<{ rank: number; count: number }[]>(
      Prisma.sql`SELECT "worstSeverityRank" AS rank, count(*)::int AS count ${from} GROUP BY 1 ORDER BY 1`,
    ),
    db.$queryRaw<Count[]>(
      Prisma.sql`SELECT coalesce(agent, 'none') AS key, count(*)::int AS count FROM (
          SELECT unnest(CASE WHEN cardinality("currentTherapies") = 0 THEN ARRAY[NULL]::text[]
                             ELSE "currentTherapies"::text[] END) AS agent ${from}) t
        GROUP BY 1 ORDER BY 1`,
    ),
    db.$queryRaw<Count[]>(Prisma.sql`SELECT "aqp4Status"::text AS key, count(*)::int AS count ${from} GROUP BY 1`),
    db.$queryRaw<Count[]>(Prisma.sql`SELECT "mogStatus"::text AS key, count(*)::int AS count ${from} GROUP BY 1`),
    db.$queryRaw<{ n: number; mean: number | null; q1: number | null; median: number | null; q3: number | null }[]>(
      Prisma.sql`SELECT count("annualizedRelapseRate")::int AS n, avg("annualizedRelapseRate") AS mean,
        percentile_cont(0.25) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS q1,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS median,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS q3 ${from}`,
    ),
    db.$queryRaw<{ bin: number; count: number }[]>(
      Prisma.sql`SELECT width_bucket("annualizedRelapseRate", ${[...ARR_BINS]}::float8[]) AS bin, count(*)::int AS count
        FROM "PatientSummary" ${withFollowUp} GROUP BY 1`,
    ),
  ]);
  const binCount = new Map(bins.map((row) => [row.bin, row.count]));
  const summary = arr[0];
  return {
    patients: totals[0]?.patients ?? 0,
    flagged: totals[0]?.flagged ?? 0,
    byFlag: asMap(byFlag),
    bySeverity: Object.fromEntries(
      [...SEVERITIES, 'none'].map((name, rank) => [name, bySeverity.find((row) => row.rank === rank)?.count ?? 0]),
    ),
    byTherapy: asMap(byTherapy),
    byAqp4Status: asMap(byAqp4),
    byMogStatus: asMap(byMog),
    annualizedRelapseRate: {
      patientsWithFollowUp: summary?.n ?? 0,
      mean: summary?.mean ?? null,
      q1: summary?.q1 ?? null,
      median: summary?.median ?? null,
      q3: summary?.q3 ?? null,
      histogram: ARR_BINS.map((fromRate, i) => ({
        from: fromRate,
        to: ARR_BINS[i + 1] ?? null,
        count: binCount.get(i + 1) ?? 0,
      })),
    },
  };
}
