import { type DbClient, inPooledTransaction, poolOf, type SqlRunner, sqlOnConnection, sqlThroughPrisma } from '@nmo/db';
import {
  type CalendarDate,
  flagsIn,
  patientMetrics,
  type RuleSettings,
  ruleContext,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import { copyRowsIn, insertRows, loadPatientTimelines, prepareInserts } from '@nmo/storage';
import { lockPatientsWith } from '../records/patient-locks.ts';
import { flagSourceId, storeFlagSources } from './flag-sources.ts';
import { loadActiveAcknowledgements } from './open-flags.ts';
import { summaryRow } from './summary.ts';

const BATCH = 500;

/**
 * Recomputes and stores the flags and cohort summary of the given patients (or of every patient) as
 * of a date, replacing what was stored (docs/decisions/0005-stored-flags.md). Returns how many patients and flags.
 */
export async function recomputeFlags(
  db: DbClient,
  options: {
    asOf: CalendarDate;
    settings: RuleSettings;
    patientIds?: string[];
    /**
     * Batches in flight at once, each on its own pooled connection (default 1). Only with a
     * PrismaClient, never a transaction's client: a transaction has one connection.
     */
    parallel?: number;
  },
): Promise<{ patients: number; flags: number }> {
  let patients = 0;
  let flags = 0;
  const store = async (ids: string[]) => {
    const stored = await recomputeBatch(db, ids, options);
    patients += stored.patients;
    flags += stored.flags;
  };
  const ids = options.patientIds ?? (await livePatientIds(db));
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  await inParallel(batches, Math.max(1, options.parallel ?? 1), store);
  return { patients, flags };
}

/** What one batch stores: its patients' flags, flag days and summaries, and the texts the flags cite. */
interface BatchRows {
  ids: string[];
  flags: Record<string, unknown>[];
  states: Record<string, unknown>[];
  summaries: Record<string, unknown>[];
  sources: Set<string>;
}

/**
 * One batch. On a client with its own pool (poolOf) the batch is one transaction of its own: it
 * first takes the patients' advisory locks (the ones every write takes, decision 0009), so a write
 * committed before is read and one begun after waits, and no reader ever sees the patients without
 * their flags; the flag rows go in by COPY (docs/decisions/0040-flag-batches-in-transactions.md).
 * Given a transaction's client, the batch runs in that transaction, whose caller holds the locks.
 */
async function recomputeBatch(
  db: DbClient,
  ids: string[],
  options: BatchOptions,
): Promise<{ patients: number; flags: number }> {
  const pool = poolOf(db);
  const rows = pool
    ? await recomputeInOwnTransaction(pool, db, ids, options)
    : await recomputeInCallerTransaction(db, ids, options);
  return { patients: rows.states.length, flags: rows.flags.length };
}

type BatchOptions = { asOf: CalendarDate; settings: RuleSettings };

/** Through Prisma, in the caller's transaction (whose caller holds the locks). */
async function recomputeInCallerTransaction(db: DbClient, ids: string[], options: BatchOptions): Promise<BatchRows> {
  const rows = await computeBatch(db, ids, options);
  await storeBatch(sqlThroughPrisma(db), rows, (flagRows) => insertRows(db, 'PatientFlag', flagRows));
  return rows;
}

/** In a transaction of its own on the pool: the patients' locks first, then read, compute and write. */
async function recomputeInOwnTransaction(
  pool: NonNullable<ReturnType<typeof poolOf>>,
  db: DbClient,
  ids: string[],
  options: BatchOptions,
): Promise<BatchRows> {
  return inBatchSlot(pool, () =>
    inPooledTransaction(pool, async (connection) => {
      const locked = await lockPatientsWith((sql, lockIds) => connection.query(sql, [lockIds]), ids);
      // Read on the pool after the locks are held: every write to these patients has committed or waits.
      const rows = await computeBatch(db, locked, options);
      await storeBatch(sqlOnConnection(connection), rows, (flagRows) =>
        copyRowsIn(connection, 'PatientFlag', flagRows),
      );
      return rows;
    }),
  );
}

/**
 * Batches of one pool that may run at once. A batch holds a connection for its transaction and
 * reads on a second one; were every connection of the pool (10) held by such a batch, each would
 * wait for a second connection for ever. Page reads and worklists recompute their stale patients
 * this way, so many can start at once (at midnight every patient's flags become a day old).
 */
const BATCHES_PER_POOL = 3;
const batchSlots = new WeakMap<object, { free: number; waiting: (() => void)[] }>();

async function inBatchSlot<T>(pool: object, work: () => Promise<T>): Promise<T> {
  let slots = batchSlots.get(pool);
  if (!slots) {
    slots = { free: BATCHES_PER_POOL, waiting: [] };
    batchSlots.set(pool, slots);
  }
  const own = slots;
  if (own.free > 0) own.free--;
  else await new Promise<void>((resolve) => own.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = own.waiting.shift();
    if (next) next();
    else own.free++;
  }
}

/** Reads the patients and runs the rules: the rows to store. */
async function computeBatch(db: DbClient, ids: string[], options: BatchOptions): Promise<BatchRows> {
  // One after the other: inside a transaction both would share one connection.
  const timelines = await loadPatientTimelines(db, { ids });
  const acknowledgements = await loadActiveAcknowledgements(db, ids);
  const acknowledgementsOf = new Map<string, typeof acknowledgements>();
  for (const ack of acknowledgements) {
    const own = acknowledgementsOf.get(ack.patientId);
    if (own) own.push(ack);
    else acknowledgementsOf.set(ack.patientId, [ack]);
  }
  const rows: BatchRows = { ids, flags: [], states: [], summaries: [], sources: new Set() };
  for (const { id, timeline } of timelines) {
    const context = ruleContext(timeline, options.asOf, options.settings);
    const flags = flagsIn(context);
    for (const flag of flags) {
      rows.sources.add(flag.source);
      // Calendar dates as text: both json_populate_recordset and COPY read them into date columns.
      rows.flags.push({
        patientId: id,
        code: flag.code,
        severity: flag.severity,
        date: flag.date,
        message: flag.message,
        sourceId: flagSourceId(flag.source),
        details: flag.details,
        status: flag.status,
        resolvedOn: flag.resolvedOn ?? null,
        resolution: flag.resolution ?? null,
      });
    }
    rows.states.push({ patientId: id, asOf: options.asOf });
    const own = acknowledgementsOf.get(id) ?? [];
    rows.summaries.push(summaryRow(id, timeline, flags, own, options.asOf, patientMetrics(context)));
  }
  return rows;
}

/** Tables whose rows of a patient the refresh replaces, in the order it deletes and writes them. */
const STORED_TABLES = ['PatientFlag', 'PatientFlagState', 'PatientSummary'] as const;

/**
 * Replaces the batch's stored rows. Deleted patients among the ids are only removed: they have no
 * timeline, so nothing is re-created. One statement per table: createMany bound every value
 * separately and took about half of a whole-cohort recomputation (docs/PERFORMANCE.md).
 */
async function storeBatch(
  sql: SqlRunner,
  rows: BatchRows,
  writeFlags: (flagRows: Record<string, unknown>[]) => Promise<void>,
): Promise<void> {
  for (const table of STORED_TABLES)
    await sql(`DELETE FROM "${table}" WHERE "patientId" = ANY($1::uuid[])`, [rows.ids]);
  await storeFlagSources(sql, rows.sources);
  await writeFlags(rows.flags);
  for (const statement of [
    ...prepareInserts('PatientFlagState', rows.states),
    ...prepareInserts('PatientSummary', rows.summaries),
  ])
    await sql(statement.sql, [statement.json]);
}

/** Every live patient's id, read by keyset pages (a registry's ids are a few megabytes at most). */
async function livePatientIds(db: DbClient): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await db.patient.findMany({
      where: { deletedAt: null, ...(ids.length > 0 ? { id: { gt: ids.at(-1) } } : {}) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 10_000,
    });
    if (page.length === 0) return ids;
    for (const { id } of page) ids.push(id);
  }
}

/**
 * Runs `work` on every item with at most `limit` at once. With two, one batch's rules run in
 * JavaScript while the other's reads and writes run in PostgreSQL: both cores busy
 * (docs/decisions/0031-parallel-flags-and-bench-verdicts.md). After a failure no new item starts; the first
 * failure is thrown once the items already started have finished.
 */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, lane));
  const failure = lanes.find((lane) => lane.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Flags that depend on the passing of days (monitoring due, untreated attack, re-dosing) change
 * without any write: recompute every live patient whose stored flags are older than `asOf` (or who
 * has no summary row yet, as after the migration that added it).
 */
export async function recomputeStaleFlags(
  db: DbClient,
  options: { asOf: CalendarDate; settings: RuleSettings; parallel?: number },
): Promise<{ patients: number; flags: number }> {
  const asOf = utcDateFromCalendarDate(options.asOf);
  const stale = await db.patient.findMany({
    where: { deletedAt: null, OR: [{ flagState: null }, { summary: null }, { flagState: { asOf: { lt: asOf } } }] },
    select: { id: true },
  });
  if (stale.length === 0) return { patients: 0, flags: 0 };
  return recomputeFlags(db, { ...options, patientIds: stale.map((p) => p.id) });
}
