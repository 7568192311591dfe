import { failStaleExports } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';

/**
 * Exports cut off by a crash stay "running" with a heartbeat that stopped; this marks them failed
 * (and audits it) at start and then every `everyMs`, on whichever instance gets there first.
 */
export function scheduleExportSweep(prisma: PrismaClient, everyMs = 60_000): () => void {
  const sweep = () =>
    failStaleExports(prisma)
      .then((ended) => {
        if (ended > 0) process.stdout.write(`Marked ${ended} interrupted export${ended === 1 ? '' : 's'} as failed.\n`);
      })
      .catch((error: unknown) => process.stderr.write(`Export sweep failed: ${(error as Error).message}\n`));
  void sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
