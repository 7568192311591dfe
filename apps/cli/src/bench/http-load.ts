import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@nmo/api';
import { inheritedEnvironment, type PrismaClient } from '@nmo/db';
import autocannon from 'autocannon';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PASSWORD = 'bench-load-password-not-secret';

export interface LoadResult {
  connections: number;
  /** Seconds of the same mix run first and not counted (autocannon's warm-up). */
  warmupSeconds: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** The benchmark database's DATABASE_URL (the application's role) and MIGRATION_DATABASE_URL (the owner). */
export type DatabaseEnv = { DATABASE_URL: string; MIGRATION_DATABASE_URL: string };

/** The product's server, as `pnpm start` runs it, on the benchmark's database and a free port. */
async function startServer(database: DatabaseEnv): Promise<{ child: ChildProcess; baseUrl: string }> {
  // The compiled server with its cluster workers (WEB_CONCURRENCY, default the cores), built when stale.
  const bundled = ['scripts/run-bundled.mjs', 'apps/server/src/main.ts', 'apps/server/dist/main.js'];
  const child = spawn(process.execPath, bundled, {
    cwd: repositoryRoot,
    env: inheritedEnvironment({ ...database, PORT: '0', HOST: '127.0.0.1', NMO_DEMO: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready at http:\/\/localhost:(\d+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${ready[1]}`);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { child, baseUrl };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const trpcGet = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * A clinic's reads, by weight: overview pages with a flag filter and a sort (4 in 10), patient
 * timelines (3), a patient's flags (1), the worklist (1), the statistics (1).
 */
export function readPaths(patientIds: string[]): string[] {
  const flags = [
    'EDSS_OVERDUE',
    'MRI_OVERDUE',
    'BREAKTHROUGH_RELAPSE',
    'LAB_MONITORING_OVERDUE',
    'NO_MAINTENANCE_THERAPY',
  ];
  const sorts = ['severity', 'name', 'lastEdss', 'arr', 'lastVisit', 'daysOverdue'];
  const paths: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const patient = patientIds[(i * 7919) % patientIds.length] as string;
    const slot = i % 10;
    if (slot < 4)
      paths.push(
        trpcGet('cohort.overview', {
          flagCodes: [flags[i % flags.length]],
          sort: { column: sorts[i % sorts.length], direction: i % 2 ? 'asc' : 'desc' },
          limit: 50,
        }),
      );
    else if (slot < 7) paths.push(trpcGet('patients.timeline', { id: patient }));
    else if (slot === 7) paths.push(trpcGet('flags.list', { patientId: patient }));
    else if (slot === 8) paths.push(trpcGet('cohort.worklist', { limit: 50 }));
    else paths.push(trpcGet('cohort.stats', { flagCodes: [flags[i % flags.length]] }));
  }
  return paths;
}

/**
 * autocannon's clients, signed in with `cookie`, cycling through the mixed reads' `paths`. With
 * `warmupSeconds`, the same clients first run the mix that long unmeasured: the server's JIT, its
 * pools' connections and PostgreSQL's per-connection caches start cold, which a server that has run
 * for a day does not (docs/PERFORMANCE.md, "the load test's warm-up").
 */
export function runReadMix(options: {
  baseUrl: string;
  cookie: string;
  paths: string[];
  connections: number;
  seconds: number;
  warmupSeconds?: number;
}) {
  let next = 0;
  const warmup = options.warmupSeconds ?? 0;
  return autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    ...(warmup > 0 ? { warmup: { connections: options.connections, duration: warmup } } : {}),
    headers: { cookie: options.cookie },
    requests: [
      {
        setupRequest: (request) => {
          next = (next + 1) % options.paths.length;
          return { ...request, method: 'GET', path: options.paths[next] as string };
        },
      },
    ],
  });
}

export async function measureHttpLoad(
  db: PrismaClient,
  database: DatabaseEnv,
  options: { connections: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const email = 'bench-load@bench.invalid';
  await db.user.upsert({
    where: { email },
    update: {},
    create: { email, displayName: 'Load', role: 'clinician', passwordHash: await hashPassword(PASSWORD) },
  });
  const patientIds = (await db.patient.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
  const { child, baseUrl } = await startServer(database);
  try {
    const login = await fetch(`${baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nmo-csrf': '1' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!login.ok || !cookie) throw new Error(`could not sign in to the server (${login.status})`);
    const result = await runReadMix({
      baseUrl,
      cookie,
      paths: readPaths(patientIds),
      connections: options.connections,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
    });
    return {
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
    };
  } finally {
    await stopServer(child);
  }
}
