import { type DbClient, Prisma } from '@nmo/db';
import { type PublishedCount, publishCount, publishSummary, roundToThreshold, SEVERITIES } from '@nmo/domain';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';
import { aggregateKey, keptAggregate } from './kept-aggregates.ts';
import { GROUP_KEY, patientsInSmallGroups, researchConditions } from './research-scope.ts';

/** ARR histogram bins: [from, to) per year; the last is open-ended. */
export const ARR_BINS = [0, 0.25, 0.5, 1, 2] as const;

interface KeyedCount {
  /** The research group ('' when not grouped). */
  group: string;
  key: string;
  count: number;
}

/**
 * Counts of the selected patients by category, per research group or for all of them at once. One
 * query per measure, each `GROUP BY` the group and the category.
 */
async function countsByCategory(db: DbClient, conditions: Prisma.Sql[], grouped: boolean) {
  const group = grouped ? GROUP_KEY : Prisma.sql`''`;
  const from = Prisma.sql`FROM "PatientSummary" ${whereClause(conditions)}`;
  const count = (category: Prisma.Sql, source: Prisma.Sql = from) =>
    db.$queryRaw<KeyedCount[]>(
      Prisma.sql`SELECT "group", key, count(*)::int AS count FROM (SELECT ${group} AS "group", ${category} AS key ${source}) c
        WHERE key IS NOT NULL GROUP BY 1, 2`,
    );
  const [patients, flagged, byFlag, bySeverity, byTherapy, byAqp4Status, byMogStatus, followed, bins] =
    await Promise.all([
      count(Prisma.sql`'all'`),
      count(Prisma.sql`CASE WHEN "openFlagCount" > 0 THEN 'flagged' END`),
      count(Prisma.sql`unnest("openFlagCodes")`),
      count(Prisma.sql`"worstSeverityRank"::text`),
      count(
        Prisma.sql`unnest(CASE WHEN cardinality("currentTherapies") = 0 THEN ARRAY['none'] ELSE "currentTherapies"::text[] END)`,
      ),
      count(Prisma.sql`"aqp4Status"::text`),
      count(Prisma.sql`"mogStatus"::text`),
      count(Prisma.sql`CASE WHEN "annualizedRelapseRate" IS NOT NULL THEN 'followed' END`),
      count(Prisma.sql`width_bucket("annualizedRelapseRate", ${[...ARR_BINS]}::float8[])::text`),
    ]);
  return { patients, flagged, byFlag, bySeverity, byTherapy, byAqp4Status, byMogStatus, followed, bins };
}

/** Mean and quartiles of the ARR over all the selected patients with follow-up. */
async function arrSummary(db: DbClient, conditions: Prisma.Sql[]) {
  const [row] = await db.$queryRaw<
    { n: number; mean: number | null; q1: number | null; median: number | null; q3: number | null }[]
  >(
    Prisma.sql`SELECT count("annualizedRelapseRate")::int AS n, avg("annualizedRelapseRate") AS mean,
      percentile_cont(0.25) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS q1,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS median,
      percentile_cont(0.75) WITHIN GROUP (ORDER BY "annualizedRelapseRate") AS q3
      FROM "PatientSummary" ${whereClause(conditions)}`,
  );
  return row ?? { n: 0, mean: null, q1: null, median: null, q3: null };
}

/** Adds up each category over the groups, each group's count first passed through `perGroup`. */
function total(rows: KeyedCount[], perGroup: (count: number) => number = (count) => count): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.key] = (out[row.key] ?? 0) + perGroup(row.count);
  return out;
}

/** How a researcher's statistics were protected (docs/SECURITY.md); null for clinicians' exact counts. */
export interface StatsPrivacy {
  /** The clinic's small-cell threshold. */
  threshold: number;
  /** Patients of the cohort in groups (serostatus and current therapy) smaller than the threshold, left out. */
  notCounted: PublishedCount;
  /** Counts of patients with flags, by severity and by ARR bin are rounded to multiples of the threshold per group. */
  rounded: boolean;
}

/**
 * Counts and distributions over the patients matching the filters, with no identities. Clinicians
 * get exact numbers. Researchers (`research` set) get the groups of at least the threshold only
 * (cohort/research-scope.ts), with every count that is not a sum of whole groups rounded to a
 * multiple of the threshold group by group, so two answers never differ by a small count.
 */
export function queryStats(db: DbClient, filters: CohortFilters, research?: { threshold: number }) {
  // Kept per summary version (kept-aggregates.ts): the same answer as computing it now, so a
  // researcher's protected figures are exactly what they were.
  const key = aggregateKey(`stats:${research ? `research-${research.threshold}` : 'exact'}`, filters);
  return keptAggregate(db, key, () => computeStats(db, filters, research));
}

async function computeStats(db: DbClient, filters: CohortFilters, research?: { threshold: number }) {
  const conditions = research ? researchConditions(filters, research.threshold) : filterConditions(filters);
  const [counts, arr, notCounted] = await Promise.all([
    countsByCategory(db, conditions, Boolean(research)),
    arrSummary(db, conditions),
    research ? patientsInSmallGroups(db, research.threshold) : 0,
  ]);
  const threshold = research?.threshold;
  // Sums of whole groups (everyone in a group shares serostatus and therapy) stay exact.
  const exact = (rows: KeyedCount[]) => total(rows);
  const rounded = (rows: KeyedCount[]) =>
    total(rows, threshold ? (count) => roundToThreshold(count, threshold) : undefined);
  const summary = (value: number | null) => (threshold ? publishSummary(value, arr.n, threshold) : value);
  const bySeverity = rounded(counts.bySeverity);
  const bins = rounded(counts.bins);
  const privacy: StatsPrivacy | null = threshold
    ? { threshold, notCounted: publishCount(notCounted, threshold), rounded: true }
    : null;
  return {
    patients: exact(counts.patients).all ?? 0,
    flagged: rounded(counts.flagged).flagged ?? 0,
    byFlag: rounded(counts.byFlag),
    bySeverity: Object.fromEntries([...SEVERITIES, 'none'].map((name, rank) => [name, bySeverity[rank] ?? 0])),
    byTherapy: exact(counts.byTherapy),
    byAqp4Status: exact(counts.byAqp4Status),
    byMogStatus: exact(counts.byMogStatus),
    annualizedRelapseRate: {
      patientsWithFollowUp: rounded(counts.followed).followed ?? 0,
      mean: summary(arr.mean),
      q1: summary(arr.q1),
      median: summary(arr.median),
      q3: summary(arr.q3),
      histogram: ARR_BINS.map((fromRate, i) => ({
        from: fromRate,
        to: ARR_BINS[i + 1] ?? null,
        count: bins[i + 1] ?? 0,
      })),
    },
    privacy,
  };
}
export type CohortStats = Awaited<ReturnType<typeof computeStats>>;
