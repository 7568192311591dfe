import { type DbClient, Prisma } from '@nmo/db';
import { ageInYears, type CalendarDate, calendarDateFromUtcDate, SEVERITIES, todayInClinic } from '@nmo/domain';
import type { FlagChip } from '../flags/summary.ts';
import { type CohortFilters, filterConditions, whereClause } from './filters.ts';
import { aggregateKey, keptAggregate, usedFilters } from './kept-aggregates.ts';
import { afterCursor, encodeCursor, type OverviewSort, orderByClause } from './sort.ts';

/** A PatientSummary row as COLUMNS selects it. */
export interface SummaryRow {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: Date;
  aqp4Status: string;
  mogStatus: string;
  workingDiagnosis: string;
  currentTherapies: string[];
  currentTherapyText: string;
  lastEdssScore: number | null;
  lastEdssDate: Date | null;
  lastVisitDate: Date | null;
  annualizedRelapseRate: number | null;
  attackCount: number;
  openFlags: FlagChip[];
  openFlagCount: number;
  worstSeverityRank: number;
  maxDaysOverdue: number;
}

export const COLUMNS = Prisma.sql`"patientId"::text AS "patientId", "mrn", "givenName", "familyName", "birthDate",
  "aqp4Status"::text AS "aqp4Status", "mogStatus"::text AS "mogStatus", "workingDiagnosis"::text AS "workingDiagnosis",
  "currentTherapies"::text[] AS "currentTherapies", "currentTherapyText", "lastEdssScore", "lastEdssDate",
  "lastVisitDate", "annualizedRelapseRate", "attackCount", "openFlags", "openFlagCount", "worstSeverityRank",
  "maxDaysOverdue"`;

const dateOrNull = (value: Date | null) => (value ? calendarDateFromUtcDate(value) : null);

export function presentRow(row: SummaryRow, today: CalendarDate) {
  const birthDate = calendarDateFromUtcDate(row.birthDate);
  return {
    patientId: row.patientId,
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    age: ageInYears(birthDate, today),
    aqp4Status: row.aqp4Status,
    mogStatus: row.mogStatus,
    workingDiagnosis: row.workingDiagnosis,
    currentTherapies: row.currentTherapies,
    lastEdss:
      row.lastEdssScore === null || !row.lastEdssDate
        ? null
        : { score: row.lastEdssScore, date: calendarDateFromUtcDate(row.lastEdssDate) },
    annualizedRelapseRate: row.annualizedRelapseRate,
    attackCount: row.attackCount,
    openFlags: row.openFlags,
    openFlagCount: row.openFlagCount,
    worstSeverity: SEVERITIES[row.worstSeverityRank] ?? null,
    maxDaysOverdue: row.maxDaysOverdue,
    lastVisitDate: dateOrNull(row.lastVisitDate),
  };
}
export type OverviewRow = ReturnType<typeof presentRow>;

/**
 * How many patients match the filters, kept per summary version for the filters a clinic picks
 * from lists (kept-aggregates.ts); a word search, EDSS or dates are counted per request. A filter
 * on one flag code alone (a chip of the overview, the most common filter) reads one kept count of
 * every code, made in one pass: after a change to the summary, the first such request counts all
 * codes at once, not each code on its own request (a pass over the whole cohort each).
 */
async function overviewTotal(db: DbClient, filters: CohortFilters, conditions: Prisma.Sql[]): Promise<number> {
  const code = soleFlagCode(filters);
  if (code !== undefined) {
    const totals = await keptAggregate(db, aggregateKey('overview-totals-by-flag', {}), async () => {
      const rows = await db.$queryRaw<{ code: string; total: number }[]>(
        Prisma.sql`SELECT code, count(*)::int AS total FROM "PatientSummary", unnest("openFlagCodes") AS code GROUP BY code`,
      );
      return Object.fromEntries(rows.map((row) => [row.code, row.total])) as Record<string, number>;
    });
    return totals[code] ?? 0;
  }
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
  const [rows, total] = await Promise.all([
    db.$queryRaw<SummaryRow[]>(
      Prisma.sql`SELECT ${COLUMNS} FROM "PatientSummary" ${whereClause(pageConditions)}
        ${orderByClause(input.sort)} LIMIT ${input.limit + 1}`,
    ),
    overviewTotal(db, input.filters, conditions),
  ]);
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
