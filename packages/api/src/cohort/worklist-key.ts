import { Prisma } from '@nmo/db';
import { type CalendarDate, daysBetween, SEVERITY_RANK, type Severity } from '@nmo/domain';

/**
 * A flag's place in the worklist as one number, smallest first: severity rank, then the longest
 * wait, then the newest date. Patients are ordered by the smallest key of their listed flags (their
 * most pressing flag), so one aggregate per patient orders them, and the key with the MRN is the
 * cursor. Waits are capped at 99,999 days and dates counted from 1900 (up to the year 2173).
 *
 * Written twice, in SQL (the worklist's query, over any filter) and here (kept per patient in
 * PatientSummary.worklistKey, for the unfiltered pages): test/worklist-key.test.ts holds the two equal.
 */
export function worklistSortKey(
  flag: { severity: Severity; date: CalendarDate; details: unknown },
  today: CalendarDate,
): number {
  const wait = Math.min(flagUrgency(flag, today), MAX_DAYS);
  const age = Math.min(Math.max(daysBetween(EPOCH, flag.date), 0), MAX_DAYS);
  return SEVERITY_RANK[flag.severity] * 10_000_000_000 + (MAX_DAYS - wait) * 100_000 + (MAX_DAYS - age);
}

/**
 * How long a flag has waited for action, in days: its `daysOverdue` when the rule gives one (the
 * monitoring rules), else the days since the date it refers to (the attack, the dose, the finding).
 */
export function flagUrgency(flag: { date: CalendarDate; details: unknown }, today: CalendarDate): number {
  return daysOverdueOf(flag.details) ?? Math.max(0, daysBetween(flag.date, today));
}

/** A flag's whole days overdue when its rule gives a positive `daysOverdue` (monitoring, redosing), else null. */
export function daysOverdueOf(details: unknown): number | null {
  const overdue = (details as { daysOverdue?: unknown } | null)?.daysOverdue;
  return typeof overdue === 'number' && overdue > 0 ? Math.floor(overdue) : null;
}

const MAX_DAYS = 99_999;
const EPOCH = '1900-01-01';

/** The severity rank of flag row `f`, in SQL. */
export const RANK_SQL = Prisma.sql`(CASE f."severity" WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)`;

/** flagUrgency of flag row `f` on `today`, in SQL. */
export const urgencySql = (today: CalendarDate | Prisma.Sql) =>
  Prisma.sql`(CASE WHEN jsonb_typeof(f."details"->'daysOverdue') = 'number' AND (f."details"->>'daysOverdue')::numeric > 0
      THEN floor((f."details"->>'daysOverdue')::numeric)::int
      ELSE GREATEST(0, ${today}::date - f."date") END)`;

/** worklistSortKey of flag row `f` on `today`, in SQL. */
export const sortKeySql = (today: CalendarDate | Prisma.Sql) =>
  Prisma.sql`(${RANK_SQL}::bigint * 10000000000
    + (99999 - LEAST(${urgencySql(today)}, 99999))::bigint * 100000
    + (99999 - LEAST(GREATEST(f."date" - DATE '1900-01-01', 0), 99999)))`;
