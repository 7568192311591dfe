import { loadRuleSettings, recomputeStaleFlags } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';

const log = (message: string) => process.stdout.write(`${message}\n`);

/** Longest a refresh may hold the lock below (a whole registry's flags take seconds to minutes). */
const REFRESH_HOLD_MS = 60 * 60_000;

/**
 * Brings every patient's stored flags up to today; returns how many patients were recomputed.
 *
 * Several server instances may share the database (docs/SCALING.md). Two refreshes at once would
 * both delete and rewrite the same patients' flags and summaries (duplicate flags, or a unique-key
 * error that stops an instance from starting), so one instance at a time runs it: a transaction
 * holds a PostgreSQL advisory lock while the recompute runs on the pool's other connections, and
 * commits (releasing the lock) when it is done, or when the process or its connection dies.
 * `wait` (at start) waits for another instance's refresh to finish, then finds little or nothing
 * stale; without it (the schedule) the refresh is skipped when another instance is running it.
 */
export async function refreshStaleFlags(prisma: PrismaClient, options: { wait?: boolean } = {}): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      if (options.wait) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('nmo.flag-refresh', 0))`;
      } else {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(hashtextextended('nmo.flag-refresh', 0)) AS locked`;
        if (!lock?.locked) return 0;
      }
      const settings = await loadRuleSettings(prisma);
      // Two batches in flight: one in Node, one in PostgreSQL (docs/decisions/0031-parallel-flags-and-bench-verdicts.md).
      const result = await recomputeStaleFlags(prisma, { asOf: todayInClinic(), settings, parallel: 2 });
      if (result.patients > 0)
        log(`Flags recomputed as of ${todayInClinic()} for ${result.patients} patients (${result.flags} flags).`);
      return result.patients;
    },
    { timeout: REFRESH_HOLD_MS },
  );
}

/**
 * Time-dependent flags (monitoring due, untreated attacks, re-dosing) change as days pass without
 * any write. Stored flags carry the day they were computed as of; this checks every `everyMs` and
 * recomputes the patients whose day is past (docs/decisions/0005-stored-flags.md).
 */
export function scheduleFlagRefresh(prisma: PrismaClient, everyMs = 10 * 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refreshStaleFlags(prisma)
      .catch((error: unknown) => process.stderr.write(`Flag refresh failed: ${(error as Error).message}\n`))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
