import { type DbClient, Prisma } from '@nmo/db';
import { ageInYears, type CalendarDate, SEVERITIES, todayInClinic } from '@nmo/domain';
import type { FlagChip } from '../flags/summary.ts';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';
import { aggregateKey, keptAggregate, peekKeptAggregate, summaryStillAt, usedFilters } from './kept-aggregates.ts';
import { pageRows } from './page-rows.ts';
import { afterCursor, encodeCursor, type OverviewSort, orderByClause } from './sort.ts';

/**
 * A PatientSummary row as COLUMNS selects it: only types that Prisma and a plain pg connection
 * read alike (dates as `YYYY-MM-DD` text), so a page can be read either way (readPage).
 */
export interface SummaryRow {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: CalendarDate;
  aqp4Status: string;
  mogStatus: string;
  workingDiagnosis: string;
  currentTherapies: string[];
  currentTherapyText: string;
  lastEdssScore: number | null;
  lastEdssDate: CalendarDate | null;
  lastVisitDate: CalendarDate | null;
  annualizedRelapseRate: number | null;
  attackCount: number;
  openFlags: FlagChip[];
  openFlagCount: number;
  worstSeverityRank: number;
  maxDaysOverdue: number;
}

export const COLUMNS = Prisma.sql`"patientId"::text AS "patientId", "mrn", "givenName", "familyName",
  "birthDate"::text AS "birthDate", "aqp4Status"::text AS "aqp4Status", "mogStatus"::text AS "mogStatus",
  "workingDiagnosis"::text AS "workingDiagnosis", "currentTherapies"::text[] AS "currentTherapies",
  "currentTherapyText", "lastEdssScore", "lastEdssDate"::text AS "lastEdssDate",
  "lastVisitDate"::text AS "lastVisitDate", "annualizedRelapseRate", "attackCount", "openFlags", "openFlagCount",
  "worstSeverityRank", "maxDaysOverdue"`;

export function presentRow(row: SummaryRow, today: CalendarDate) {
  return {
    patientId: row.patientId,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    age: ageInYears(row.birthDate, today),
    aqp4Status: row.aqp4Status,
    mogStatus: row.mogStatus,
    workingDiagnosis: row.workingDiagnosis,
    currentTherapies: row.currentTherapies,
    lastEdss:
      row.lastEdssScore === null || !row.lastEdssDate ? null : { score: row.lastEdssScore, date: row.lastEdssDate },
    annualizedRelapseRate: row.annualizedRelapseRate,
    attackCount: row.attackCount,
    openFlags: row.openFlags,
    openFlagCount: row.openFlagCount,
    worstSeverity: SEVERITIES[row.worstSeverityRank] ?? null,
    maxDaysOverdue: row.maxDaysOverdue,
    lastVisitDate: row.lastVisitDate,
  };
}
export type OverviewRow = ReturnType<typeof presentRow>;

/** Over the patients with one flag code open: how many, and the range of their days overdue. */
interface FlagCodeAggregate {
  total: number;
  overdue: [lowest: number, highest: number];
}
type FlagCodeAggregates = Record<string, FlagCodeAggregate>;

const FLAG_CODE_AGGREGATES = 'overview-by-flag-code';

/**
 * Every flag code's aggregate, made in one pass and kept per summary version: after a change to
 * the summary, the first request counts all codes at once, not each code on its own request (a
 * pass over the whole cohort each).
 */
const flagCodeAggregates = (db: DbClient): Promise<FlagCodeAggregates> =>
  keptAggregate(db, FLAG_CODE_AGGREGATES, async () => {
    const rows = await db.$queryRaw<{ code: string; total: number; lowest: number; highest: number }[]>(
      Prisma.sql`SELECT code, count(*)::int AS total, min("maxDaysOverdue")::int AS lowest,
          max("maxDaysOverdue")::int AS highest
        FROM "PatientSummary", unnest("openFlagCodes") AS code GROUP BY code`,
    );
    return Object.fromEntries(
      rows.map((row) => [row.code, { total: row.total, overdue: [row.lowest, row.highest] }]),
    ) as FlagCodeAggregates;
  });

/** The flag codes' aggregates when kept at the summary's current version, with it; never computed. */
export const keptFlagCodeAggregates = (db: DbClient) => peekKeptAggregate<FlagCodeAggregates>(db, FLAG_CODE_AGGREGATES);

/**
 * How many patients match the filters, kept per summary version for the filters a clinic picks
 * from lists (kept-aggregates.ts); a word search, EDSS or dates are counted per request. A filter
 * on one flag code alone (a chip of the overview, the most common filter) reads the kept aggregate
 * of every code.
 */
async function overviewTotal(
  db: DbClient,
  filters: CohortFilters,
  conditions: Prisma.Sql[],
  byCode: () => Promise<FlagCodeAggregates>,
): Promise<number> {
  const code = soleFlagCode(filters);
  if (code !== undefined) return (await byCode())[code]?.total ?? 0;
  return keptAggregate(db, aggregateKey('overview-total', filters), async () => {
    const [counted] = await db.$queryRaw<{ total: number }[]>(
      Prisma.sql`SELECT count(*)::int AS total FROM "PatientSummary" ${whereClause(conditions)}`,
    );
    return counted?.total ?? 0;
  });
}

/** The flag code of a filter on exactly one code and nothing else (openFlagCodes holds each code once). */
export function soleFlagCode(filters: CohortFilters): string | undefined {
  const used = usedFilters(filters).filter(([, value]) => !(Array.isArray(value) && value.length === 0));
  const codes = new Set(filters.flagCodes ?? []);
  return used.length === 1 && used[0]?.[0] === 'flagCodes' && codes.size === 1 ? [...codes][0] : undefined;
}

/**
 * Where the days overdue of the patients with any of `codes` open start (ascending) or end
 * (descending), while the summary is still at `version`: the conditions to add to a first page
 * sorted by days overdue, or none. Implied by the flag filter, but the planner cannot see it: the
 * patients with an overdue code are the most overdue, while the statistics assume a code's patients
 * spread evenly along the days-overdue index, so an ascending page walked past every patient
 * overdue by 0 days (73,093 rows, 36–49 ms at 100,000 patients; decision 0043). One side only, and
 * not on a next page, whose cursor bounds the walk already: a second bound on the same column is
 * taken as independent of the first and makes the planner expect too few rows.
 *
 * The bound is exact only at the version it was made at: the version check makes the page empty
 * after any change since, and the page is then read again without it.
 */
export function overdueBound(
  kept: { value: FlagCodeAggregates; version: bigint },
  codes: readonly string[],
  direction: OverviewSort['direction'],
): Prisma.Sql[] {
  const ranges = codes.map((code) => kept.value[code]?.overdue).filter((range) => range !== undefined);
  if (ranges.length === 0) return [];
  const bound =
    direction === 'asc'
      ? Prisma.sql`"maxDaysOverdue" >= ${Math.min(...ranges.map(([lowest]) => lowest))}`
      : Prisma.sql`"maxDaysOverdue" <= ${Math.max(...ranges.map(([, highest]) => highest))}`;
  return [bound, summaryStillAt(kept.version)];
}

/**
 * The page's rows: the sort keys of the matching patients are walked or sorted first, and only the
 * page's own rows are read whole. When the planner sorts every match (a flag filter, then a top-N
 * sort), it then sorts narrow rows, not the whole overview row of each match: 14 ms against 6–7 ms
 * for 7,000 matches at 100,000 patients.
 */
function readPage(db: DbClient, conditions: Prisma.Sql[], sort: OverviewSort, limit: number) {
  const order = orderByClause(sort);
  const page = Prisma.sql`SELECT ${COLUMNS} FROM "PatientSummary" WHERE "patientId" IN (
      SELECT "patientId" FROM "PatientSummary" ${whereClause(conditions)} ${order} LIMIT ${limit}
    ) ${order}`;
  return pageRows<SummaryRow>(db, page);
}

/**
 * One page of the cohort from PatientSummary: filtered, sorted, after a keyset cursor. `total`
 * counts every patient matching the filters (all pages): kept between requests while PatientSummary
 * is unchanged, not counted on every page.
 */
export async function queryOverview(
  db: DbClient,
  input: { filters: CohortFilters; sort: OverviewSort; limit: number; cursor?: string | undefined },
) {
  const conditions = filterConditions(input.filters);
  const pageConditions = input.cursor ? [...conditions, afterCursor(input.sort, input.cursor)] : conditions;
  // The kept aggregates are read once for both the bound and a total; a page never waits for them
  // to be computed (the first request after a change reads its page without the bound).
  let peeked: ReturnType<typeof keptFlagCodeAggregates> | undefined;
  const kept = () => {
    peeked ??= keptFlagCodeAggregates(db);
    return peeked;
  };
  const byCode = async () => (await kept())?.value ?? flagCodeAggregates(db);
  const codes = input.filters.flagCodes ?? [];
  const readRows = async () => {
    const bounded = input.sort.column === 'daysOverdue' && codes.length > 0 && !input.cursor;
    const keptNow = bounded ? await kept() : null;
    const bound = keptNow ? overdueBound(keptNow, codes, input.sort.direction) : [];
    const rows = bound.length > 0 ? await readPage(db, [...pageConditions, ...bound], input.sort, input.limit + 1) : [];
    return rows.length > 0 ? rows : readPage(db, pageConditions, input.sort, input.limit + 1);
  };
  const [rows, total] = await Promise.all([readRows(), overviewTotal(db, input.filters, conditions, byCode)]);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const today = todayInClinic();
  return {
    items: page.map((row) => presentRow(row, today)),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor(input.sort, last as unknown as Record<string, unknown>) : null,
    total,
  };
}
