import { appRouter, createCallerFactory } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { type Latency, timeCalls } from './stats.ts';

/**
 * A worklist page of 50 through the API's own procedure, as a clinician reads it: the first page,
 * then the next two by cursor, over and over. A per-page read: its cost should not grow with the cohort.
 */
export async function benchWorklistPages(db: PrismaClient, iterations: number): Promise<Latency> {
  const user = await db.user.create({
    data: { email: 'bench-worklist@bench.invalid', displayName: 'Benchmark worklist', role: 'clinician' },
  });
  const api = createCallerFactory(appRouter)({ db, actor: { id: user.id, email: user.email, role: 'clinician' } });
  let cursor: string | null = null;
  return timeCalls(iterations, async (i) => {
    const page = await api.cohort.worklist({ limit: 50, ...(i % 3 !== 0 && cursor ? { cursor } : {}) });
    cursor = page.nextCursor;
  });
}
