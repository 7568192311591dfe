import { type DbClient, Prisma } from '@nmo/db';
import {
  type CalendarDate,
  FLAG_CODES,
  type FlagCode,
  flagAction,
  SEVERITIES,
  SEVERITY_RANK,
  type Severity,
  type TherapyAgent,
  todayInClinic,
} from '@nmo/domain';
import { filterConditions } from './filters.ts';
import { aggregateKey, keptAggregate } from './kept-aggregates.ts';
import { COLUMNS, presentRow, type SummaryRow } from './overview.ts';
import { pageRows } from './page-rows.ts';
import { badCursor } from './sort.ts';
import { daysOverdueOf, RANK_SQL as RANK, sortKeySql as sortKey, urgencySql as urgency } from './worklist-key.ts';

/**
 * What the worklist lists (docs/API.md, cohort.worklist): open flags (status open, as stored for
 * today) that no acknowledgement or snooze in force hides. The flag filters (code, severity) choose
 * flags; the therapy filter chooses patients.
 */
export interface WorklistFilters {
  flagCodes?: FlagCode[] | undefined;
  /** Flags at least this severe (critical ⊂ warning ⊂ info). */
  severity?: Severity | undefined;
  currentTherapies?: (TherapyAgent | 'none')[] | undefined;
}

/**
 * The open, unacknowledged flags of live patients matching the therapy filter, as `columns`,
 * narrowed by `where`.
 */
function openFlagsSql(filters: WorklistFilters, today: CalendarDate, columns: Prisma.Sql, where: Prisma.Sql[] = []) {
  const conditions = [
    Prisma.sql`f."status" = 'open'`,
    // Acknowledged for good, or snoozed until a later day (open-flags.ts hidesFlag, in SQL). NOT
    // EXISTS plans as a hash anti-join, which stays linear however many acknowledgements pile up.
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "FlagAcknowledgement" a
      WHERE a."patientId" = f."patientId" AND a."code" = f."code" AND a."flagDate" = f."date"
        AND a."supersededAt" IS NULL AND (a."until" IS NULL OR a."until" > ${today}::date))`,
    ...filterConditions({ currentTherapies: filters.currentTherapies }),
    ...where,
  ];
  return Prisma.sql`SELECT ${columns}
    FROM "PatientFlag" f JOIN "PatientSummary" ON "PatientSummary"."patientId" = f."patientId"
    WHERE ${Prisma.join(conditions, ' AND ')}`;
}

/** Whether a flag passes the code filter and the severity filter. */
const listedSql = (filters: WorklistFilters) =>
  Prisma.join(
    [
      filters.flagCodes?.length ? Prisma.sql`"code" = ANY(${filters.flagCodes}::text[])` : Prisma.sql`TRUE`,
      filters.severity ? Prisma.sql`"rank" <= ${SEVERITY_RANK[filters.severity]}` : Prisma.sql`TRUE`,
    ],
    ' AND ',
  );

interface HeadRow extends SummaryRow {
  /** The sort key of the patient's most pressing listed flag. */
  headKey: string;
}

interface PageRow extends Omit<HeadRow, 'headKey'> {
  /** Counts of open flags by code and severity rank, over the patient filter: [[code, rank, n], …]. */
  groups: [FlagCode, number, number][] | null;
  patients: number;
  /** As in HeadRow; null on the row that only carries counts. */
  headKey: string | null;
}

/** What both ways of finding a page's patients are asked. */
interface HeadsQuery {
  filters: WorklistFilters;
  today: CalendarDate;
  after: [key: string, mrn: string] | null;
  limit: number;
}

/** The counts' source (open flags by code and severity rank, and patients) and the page's patients, one more than asked. */
interface Heads {
  groups: [FlagCode, number, number][];
  patients: number;
  heads: HeadRow[];
}

interface FlagRow {
  patientId: string;
  code: FlagCode;
  severity: Severity;
  date: CalendarDate;
  message: string;
  source: string;
  details: Record<string, unknown>;
  urgency: number;
}

function encodeWorklistCursor(key: string, mrn: string): string {
  return Buffer.from(JSON.stringify({ s: 'worklist', v: [key, mrn] })).toString('base64url');
}

function decodeWorklistCursor(cursor: string): [key: string, mrn: string] {
  let decoded: { s?: unknown; v?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const v = decoded.v;
  if (
    decoded.s !== 'worklist' ||
    !Array.isArray(v) ||
    v.length !== 2 ||
    typeof v[0] !== 'string' ||
    !/^\d{1,18}$/.test(v[0]) ||
    typeof v[1] !== 'string'
  )
    throw badCursor();
  return v as [string, string];
}

/** A worklist flag as the API gives it: the stored flag, its next step and how long it has waited. */
function presentFlag(row: FlagRow) {
  return {
    code: row.code,
    severity: row.severity,
    date: row.date,
    message: row.message,
    source: row.source,
    details: row.details,
    status: 'open' as const,
    action: flagAction({ code: row.code, status: 'open' }) ?? '',
    /** The rule's days overdue (monitoring), else null. */
    daysOverdue: daysOverdueOf(row.details),
    /** Days overdue, else days since the flag's date: what the list is ordered by after severity. */
    daysWaiting: row.urgency,
  };
}
export type WorklistFlag = ReturnType<typeof presentFlag>;

/**
 * Counts over every open flag matching the filters, from the (code, severity) groups. `byCode`
 * leaves the code filter out and `bySeverity` the severity filter, so each filter can show what each
 * of its choices holds.
 */
function countsOf(groups: [FlagCode, number, number][], patients: number, filters: WorklistFilters) {
  const codeOk = (code: FlagCode) => !filters.flagCodes?.length || filters.flagCodes.includes(code);
  const severityOk = (rank: number) => !filters.severity || rank <= SEVERITY_RANK[filters.severity];
  const byCode = Object.fromEntries(FLAG_CODES.map((code) => [code, 0])) as Record<FlagCode, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let flags = 0;
  for (const [code, rank, n] of groups) {
    const severity = SEVERITIES[rank] as Severity;
    if (severityOk(rank) && code in byCode) byCode[code] += n;
    if (codeOk(code)) bySeverity[severity] += n;
    if (codeOk(code) && severityOk(rank)) flags += n;
  }
  return { patients, flags, byCode, bySeverity };
}

/**
 * One page of the worklist: patients with open, unacknowledged flags matching the filters, each with
 * those flags in full and what to do about each. Patients are in the order of their most pressing
 * flag (most severe, then waiting longest, then newest), then by MRN; their flags in the same order.
 * `total` and `counts` cover the whole cohort matching the filters.
 *
 * Without a flag filter (code or severity), which is how the worklist opens, each patient's most
 * pressing flag is the one kept in PatientSummary.worklistKey: the page is read through its index
 * and the counts are kept per state of the summary (keptAggregate), so a page costs the same at
 * 100,000 patients as at 1,000. With a flag filter, one pass over the open flags gives both the
 * counts (grouped by code and severity) and each patient's most pressing listed flag. Either way a
 * second query reads the page's flags in full.
 */
export async function queryWorklist(
  db: DbClient,
  input: { filters: WorklistFilters; limit: number; cursor?: string | undefined },
) {
  const today = todayInClinic();
  const listed = listedSql(input.filters);
  const after = input.cursor ? decodeWorklistCursor(input.cursor) : null;
  const flagFiltered = Boolean(input.filters.flagCodes?.length || input.filters.severity);
  const query = { filters: input.filters, today, after, limit: input.limit };
  const { groups, patients, heads } = flagFiltered
    ? await headsByPassingOverFlags(db, query)
    : await headsFromSummary(db, query);
  const counts = countsOf(groups, patients, input.filters);
  const page = heads.slice(0, input.limit);
  const ids = page.map((row) => row.patientId);
  const pageFlags = openFlagsSql(
    input.filters,
    today,
    Prisma.sql`f."patientId", f."code", f."severity"::text AS "severity", f."date"::text AS "date", f."message",
      (SELECT s."text" FROM "FlagSource" s WHERE s."id" = f."sourceId") AS "source",
      f."details", ${RANK} AS "rank", ${urgency(today)} AS "urgency", ${sortKey(today)} AS "key"`,
    [Prisma.sql`f."patientId" = ANY(${ids}::uuid[])`],
  );
  const flags =
    ids.length === 0
      ? []
      : await pageRows<FlagRow>(
          db,
          // Not the bigint sort key itself, which pg and Prisma read differently (pageRows).
          Prisma.sql`SELECT "patientId", "code", "severity", "date", "message", "source", "details", "urgency"
            FROM (${pageFlags}) l WHERE ${listed} ORDER BY "patientId", "key", "code"`,
        );
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...presentRow(row, today),
      flags: flags.filter((flag) => flag.patientId === row.patientId).map(presentFlag),
    })),
    nextCursor: heads.length > input.limit && last?.headKey ? encodeWorklistCursor(last.headKey, last.mrn) : null,
    total: counts.patients,
    counts,
  };
}
export type WorklistPage = Awaited<ReturnType<typeof queryWorklist>>;

/** Without a flag filter: the page through PatientSummary's (worklistKey, mrn) index, the counts kept. */
async function headsFromSummary(db: DbClient, { filters, today, after, limit }: HeadsQuery): Promise<Heads> {
  const conditions = [
    Prisma.sql`"worklistKey" IS NOT NULL`,
    ...filterConditions({ currentTherapies: filters.currentTherapies }),
    ...(after ? [Prisma.sql`("worklistKey", "mrn") > (${after[0]}::bigint, ${after[1]}::text)`] : []),
  ];
  // The page and the kept counts are read at once: neither needs the other.
  const headsRead = pageRows<HeadRow>(
    db,
    Prisma.sql`SELECT ${COLUMNS}, "worklistKey"::text AS "headKey" FROM "PatientSummary"
      WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY "worklistKey", "mrn" LIMIT ${limit + 1}`,
  );
  // Which flags are open hangs on the day too (a snooze ends): the day is part of the key.
  const key = aggregateKey(`worklist-counts@${today}`, { currentTherapies: filters.currentTherapies });
  const countsRead = keptAggregate(db, key, async () => {
    const base = openFlagsSql(filters, today, Prisma.sql`f."patientId", f."code", ${RANK} AS "rank"`);
    const [row] = await db.$queryRaw<{ groups: Heads['groups'] | null; patients: number }[]>(
      Prisma.sql`WITH flags AS MATERIALIZED (${base})
        SELECT (SELECT jsonb_agg(jsonb_build_array("code", "rank", n))
                FROM (SELECT "code", "rank", count(*)::int AS n FROM flags GROUP BY "code", "rank") grouped) AS "groups",
          (SELECT count(DISTINCT "patientId")::int FROM flags) AS "patients"`,
    );
    return { groups: row?.groups ?? [], patients: row?.patients ?? 0 };
  });
  const [heads, { groups, patients }] = await Promise.all([headsRead, countsRead]);
  return { groups, patients, heads };
}

/**
 * With a flag filter: one pass over the open flags gives both the counts (grouped by code and
 * severity) and each patient's most pressing listed flag (grouped by patient).
 */
async function headsByPassingOverFlags(db: DbClient, { filters, today, after, limit }: HeadsQuery): Promise<Heads> {
  const listed = listedSql(filters);
  const afterCondition = after
    ? Prisma.sql`WHERE (h."key", s."mrn") > (${after[0]}::bigint, ${after[1]}::text)`
    : Prisma.empty;
  const base = openFlagsSql(
    filters,
    today,
    Prisma.sql`f."patientId", f."code", ${RANK} AS "rank", ${sortKey(today)} AS "key"`,
  );
  const rows = await db.$queryRaw<PageRow[]>(Prisma.sql`WITH grouped AS MATERIALIZED (
      SELECT "patientId", "code", "rank", count(*)::int AS n, min("key") FILTER (WHERE ${listed}) AS "key"
      FROM (${base}) flags GROUP BY GROUPING SETS (("patientId"), ("code", "rank"))
    ),
    heads AS (SELECT "patientId" AS "headId", "key" FROM grouped WHERE "patientId" IS NOT NULL AND "key" IS NOT NULL),
    -- The page's patients by key and MRN alone, then their summary rows (the wide join only for them).
    ordered AS (
      SELECT h."headId", h."key" FROM heads h JOIN "PatientSummary" s ON s."patientId" = h."headId"
      ${afterCondition}
      ORDER BY h."key", s."mrn" LIMIT ${limit + 1}
    ),
    page AS (
      SELECT ${COLUMNS}, o."key"::text AS "headKey"
      FROM ordered o JOIN "PatientSummary" ON "PatientSummary"."patientId" = o."headId"
    )
    SELECT
      (SELECT jsonb_agg(jsonb_build_array("code", "rank", n)) FROM grouped WHERE "patientId" IS NULL) AS "groups",
      (SELECT count(*)::int FROM heads) AS "patients",
      page.*
    FROM (SELECT 1) one LEFT JOIN page ON TRUE
    ORDER BY page."headKey"::bigint, page."mrn"`);
  const first = rows[0];
  return {
    groups: first?.groups ?? [],
    patients: first?.patients ?? 0,
    heads: rows.filter((row): row is PageRow & HeadRow => row.headKey !== null),
  };
}
