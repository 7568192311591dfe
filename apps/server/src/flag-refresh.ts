import { loadRuleSettings, recomputeStaleFlags } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';

const log = (message: string) => process.stdout.write(`${message}\n`);

/** Brings every patient's stored flags up to today; returns how many patients were recomputed. */
export async function refreshStaleFlags(prisma: PrismaClient): Promise<number> {
  const settings = await loadRuleSettings(prisma);
  const result = await recomputeStaleFlags(prisma, { asOf: todayInClinic(), settings });
  if (result.patients > 0)
    log(`Flags recomputed as of ${todayInClinic()} for ${result.patients} patients (${result.flags} flags).`);
  return result.patients;
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
