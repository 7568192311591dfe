import type { DbClient } from '@nmo/db';
import {
  type CalendarDate,
  flagsIn,
  patientMetrics,
  type RuleSettings,
  ruleContext,
  utcDateFromCalendarDate,
} from '@nmo/domain';
import { insertRows, loadPatientTimelines } from '@nmo/storage';
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
    // One after the other: inside a transaction both would share one connection.
    const timelines = await loadPatientTimelines(db, { ids });
    const acknowledgements = await loadActiveAcknowledgements(db, ids);
    const acknowledgementsOf = new Map<string, typeof acknowledgements>();
    for (const ack of acknowledgements) {
      const own = acknowledgementsOf.get(ack.patientId);
      if (own) own.push(ack);
      else acknowledgementsOf.set(ack.patientId, [ack]);
    }
    const rows = [];
    const summaries = [];
    const sources = new Set<string>();
    for (const { id, timeline } of timelines) {
      const context = ruleContext(timeline, options.asOf, options.settings);
      const flags = flagsIn(context);
      for (const flag of flags) {
        sources.add(flag.source);
        rows.push({
          patientId: id,
          code: flag.code,
          severity: flag.severity,
          date: utcDateFromCalendarDate(flag.date),
          message: flag.message,
          sourceId: flagSourceId(flag.source),
          details: flag.details as object,
          status: flag.status,
          resolvedOn: flag.resolvedOn ? utcDateFromCalendarDate(flag.resolvedOn) : null,
          resolution: flag.resolution ?? null,
        });
      }
      const own = acknowledgementsOf.get(id) ?? [];
      summaries.push(summaryRow(id, timeline, flags, own, options.asOf, patientMetrics(context)));
    }
    // Deleted patients among `ids` are only removed: they have no timeline, so nothing is re-created.
    await db.patientFlag.deleteMany({ where: { patientId: { in: ids } } });
    await db.patientFlagState.deleteMany({ where: { patientId: { in: ids } } });
    await db.patientSummary.deleteMany({ where: { patientId: { in: ids } } });
    await storeFlagSources(db, sources);
    // One statement per table (insertRows): createMany bound every value separately and took about
    // half of a whole-cohort recomputation (docs/PERFORMANCE.md).
    await insertRows(db, 'PatientFlag', rows);
    await insertRows(
      db,
      'PatientFlagState',
      timelines.map(({ id }) => ({ patientId: id, asOf: utcDateFromCalendarDate(options.asOf) })),
    );
    await insertRows(db, 'PatientSummary', summaries);
    patients += timelines.length;
    flags += rows.length;
  };

  const ids = options.patientIds ?? (await livePatientIds(db));
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  await inParallel(batches, Math.max(1, options.parallel ?? 1), store);
  return { patients, flags };
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
