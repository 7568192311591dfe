import { appRouter, createCallerFactory } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FLAG_CODES } from '@nmo/domain';
import { type Latency, timeCalls } from './stats.ts';

const SORTS = ['severity', 'daysOverdue', 'name', 'lastEdss', 'arr', 'lastVisit', 'age', 'attacks'] as const;
/** Flag filters a clinic uses most: action-needed codes that match from a few to many patients. */
const FILTERS = [
  'BREAKTHROUGH_RELAPSE',
  'EDSS_OVERDUE',
  'MRI_OVERDUE',
  'LAB_MONITORING_OVERDUE',
  'UNTREATED_RELAPSE',
  'NO_MAINTENANCE_THERAPY',
] as const satisfies readonly (typeof FLAG_CODES)[number][];

/**
 * The two reads the issue sets targets for, through the API's own procedures (createCaller): a
 * cohort.overview page of 50 with a flag filter and a sort (one call in three is the next page, by
 * cursor), and patients.timeline of patients spread over the cohort.
 */
export async function benchApiReads(db: PrismaClient, iterations: number) {
  const user = await db.user.create({
    data: { email: 'bench-clinician@bench.invalid', displayName: 'Benchmark', role: 'clinician' },
  });
  const api = createCallerFactory(appRouter)({ db, actor: { id: user.id, email: user.email, role: 'clinician' } });

  let cursor: string | null = null;
  const overview: Latency = await timeCalls(iterations, async (i) => {
    const scenario = Math.floor(i / 3);
    const page = await api.cohort.overview({
      flagCodes: [FILTERS[scenario % FILTERS.length] as (typeof FILTERS)[number]],
      sort: {
        column: SORTS[scenario % SORTS.length] as (typeof SORTS)[number],
        direction: scenario % 2 ? 'asc' : 'desc',
      },
      limit: 50,
      ...(i % 3 !== 0 && cursor ? { cursor } : {}),
    });
    cursor = page.nextCursor;
  });

  const ids = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
  const timeline: Latency = await timeCalls(iterations, (i) =>
    api.patients.timeline({ id: ids[(i * 7919) % ids.length] as string }),
  );
  return { overview, timeline };
}
