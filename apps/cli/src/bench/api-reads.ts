import { appRouter, createCallerFactory, createSession, resolveSession } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FLAG_CODES } from '@nmo/domain';
import { writeAuditNow } from '@nmo/storage';
import { type Latency, latencyOf, timeCalls } from './stats.ts';

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

/** How many patients the per-page reads pick from (the smallest cohort the growth table runs). */
const SAMPLED_PATIENTS = 1000;

/**
 * The patients whose pages the reads open: the first SAMPLED_PATIENTS by MRN, so a run at 100,000
 * patients reads the same pages as one at 1,000. The synthetic cohort's patient i depends only on
 * the seed and i, and MRNs sort like i; picked from the whole cohort instead, each size read a
 * different draw of page sizes, and the p95 of 100 calls moved with the draw by as much as the
 * growth target allows (docs/PERFORMANCE.md).
 */
async function sampledPatients(db: PrismaClient): Promise<(i: number) => string> {
  const rows = await db.patient.findMany({ select: { id: true }, orderBy: { mrn: 'asc' }, take: SAMPLED_PATIENTS });
  const ids = rows.map((row) => row.id);
  return (i) => ids[(i * 7919) % ids.length] as string;
}

/**
 * The two reads the issue sets targets for, through the API's own procedures (createCaller): a
 * cohort.overview page of 50 with a flag filter and a sort (one call in three is the next page, by
 * cursor), and patients.timeline of the same patients at every cohort size (sampledPatients).
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

  const patient = await sampledPatients(db);
  const timeline: Latency = await timeCalls(iterations, (i) => api.patients.timeline({ id: patient(i) }));
  return { overview, timeline };
}

/** Wall time and this process's CPU per call of one read, over `iterations` calls one after another. */
export interface CallCost {
  calls: number;
  /** Median and 95th percentile wall time, ms. */
  p50: number;
  p95: number;
  /** Node CPU (user + system) per call, ms: what the server spends besides waiting for PostgreSQL. */
  cpuMs: number;
}

async function costOf(iterations: number, call: (i: number) => Promise<unknown>): Promise<CallCost> {
  for (let i = 0; i < Math.min(20, iterations); i++) await call(i);
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await call(i);
    samples.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const latency = latencyOf(samples);
  return {
    calls: iterations,
    p50: latency.p50,
    p95: latency.p95,
    cpuMs: Math.round(((cpu.user + cpu.system) / 1000 / iterations) * 100) / 100,
  };
}

/**
 * What each read of the HTTP load mix costs in the API (createCaller, so without HTTP and JSON),
 * with the same inputs as http-load.ts (the patients: sampledPatients), and the two steps every
 * identified read pays: the session check (resolveSession) and the audit row of the read (auditRead
 * through writeAuditNow).
 */
export async function benchProcedureCosts(db: PrismaClient, iterations: number) {
  const user = await db.user.upsert({
    where: { email: 'bench-costs@bench.invalid' },
    update: {},
    create: { email: 'bench-costs@bench.invalid', displayName: 'Costs', role: 'clinician' },
  });
  const api = createCallerFactory(appRouter)({ db, actor: { id: user.id, email: user.email, role: 'clinician' } });
  const patient = await sampledPatients(db);
  const flag = (i: number) => FILTERS[i % FILTERS.length] as (typeof FILTERS)[number];
  const { token } = await createSession(db, user.id, {});
  return {
    sessionCheck: await costOf(iterations, () => resolveSession(db, token)),
    auditInsert: await costOf(iterations, (i) =>
      writeAuditNow(db, { actorId: user.id, action: 'patient.read.timeline', patientId: patient(i) }),
    ),
    overview: await costOf(iterations, (i) =>
      api.cohort.overview({
        flagCodes: [flag(i)],
        sort: { column: SORTS[i % SORTS.length] as (typeof SORTS)[number], direction: i % 2 ? 'asc' : 'desc' },
        limit: 50,
      }),
    ),
    timeline: await costOf(iterations, (i) => api.patients.timeline({ id: patient(i) })),
    flagsList: await costOf(iterations, (i) => api.flags.list({ patientId: patient(i) })),
    worklist: await costOf(iterations, () => api.cohort.worklist({ limit: 50 })),
    stats: await costOf(iterations, (i) => api.cohort.stats({ flagCodes: [flag(i)] })),
  };
}
