import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRoleAccounts, signedInAs } from './http-client.ts';
import { type Instance, occurrences, startInstance, stopAll } from './server-instances.ts';

/**
 * The compiled server (`pnpm start`: the esbuild bundle run by plain node) with WEB_CONCURRENCY=2:
 * two cluster workers answer, the start-up work (migrations, stale flags) is done once, one worker
 * runs the scheduled refresh, a worker that dies is replaced, and SIGTERM stops them all.
 */

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** The bundle `pnpm start` builds, written to a folder of this test's own (not the checkout's dist/). */
async function bundleServer(dir: string): Promise<string> {
  const outfile = path.join(dir, 'main.js');
  await run(process.execPath, ['scripts/bundle.mjs', 'apps/server/src/main.ts', outfile], { cwd: repositoryRoot });
  return outfile;
}

/** Which worker answered each of `count` /healthz requests (X-NMO-Worker), each on a new connection. */
async function workersAnswering(instance: Instance, count: number): Promise<string[]> {
  const workers: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${instance.baseUrl}/healthz`, { headers: { connection: 'close' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    workers.push(response.headers.get('x-nmo-worker') ?? 'none');
  }
  return workers;
}

const workerPids = async (primary: number) => {
  const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(primary)]);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, command]) => command === 'node')
    .map(([pid]) => Number(pid));
};

describe('the compiled server with WEB_CONCURRENCY=2 on one database', () => {
  let database: TestDatabase;
  let dir: string;
  let server: Instance;
  /** Imported without computing flags, so every patient's flags are stale at start. */
  const cohort = generateCohort({ patients: 60, seed: 21, asOf: todayInClinic() });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nmo-cluster-test-'));
    const [bundle] = await Promise.all([
      bundleServer(dir),
      (async () => {
        database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
        await createRoleAccounts(database.prisma, ['clinician']);
        await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
      })(),
    ]);
    server = await startInstance('cluster', { ...database.env, WEB_CONCURRENCY: '2' }, { bundle });
  });
  afterAll(async () => {
    await stopAll();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("runs its workers with the semi-space setting's default (NMO_WORKER_SEMI_SPACE_MB)", async () => {
    const { stdout } = await run('ps', ['-o', 'args=', '--ppid', String(server.child.pid ?? 0)]);
    const workers = stdout.split('\n').filter((line) => line.includes('main.js'));
    expect(workers).toHaveLength(2);
    for (const args of workers) expect(args).toContain('--max-semi-space-size=32');
  });

  it('answers from both workers, and did the start-up work once', async () => {
    expect(server.output()).toMatch(/ready at http:\/\/localhost:\d+ \(database from DATABASE_URL, 2 workers\)/);
    expect(new Set(await workersAnswering(server, 6))).toEqual(new Set(['1', '2']));
    // Stale flags were recomputed once (by the primary, before the workers got the database).
    expect(occurrences(server.output(), /Flags recomputed as of/)).toBe(1);
    expect(await database.prisma.patientFlagState.count()).toBe(cohort.patients.length);
    // One worker, not each, runs the 10-minute refresh and the export sweep.
    expect(occurrences(server.output(), /runs the scheduled flag refresh/)).toBe(1);
    // Both serve the API through one session (it lives in PostgreSQL).
    const clinician = await signedInAs(server.baseUrl, 'clinician');
    const overviews = await Promise.all([1, 2, 3, 4].map(() => clinician.trpc.cohort.overview.query({ limit: 5 })));
    for (const overview of overviews) expect(overview.total).toBe(cohort.patients.length);
  });

  it('replaces a worker that dies, and the scheduled work moves with it', async () => {
    const before = await workerPids(server.child.pid ?? 0);
    expect(before).toHaveLength(2);
    const scheduler = /Worker (\d+) runs the scheduled flag refresh/.exec(server.output())?.[1];
    // Worker ids are 1 and 2 and were forked in that order, so the scheduler is the one with that index.
    process.kill(before[Number(scheduler) - 1] ?? 0, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    while (occurrences(server.output(), /runs the scheduled flag refresh/) < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output()).toMatch(new RegExp(`Worker ${scheduler} exited \\(SIGKILL\\); starting another`));
    expect(occurrences(server.output(), /runs the scheduled flag refresh/)).toBe(2);
    while ((await workerPids(server.child.pid ?? 0)).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const answering = new Set<string>();
    while (answering.size < 2 && Date.now() < deadline)
      for (const worker of await workersAnswering(server, 2)) answering.add(worker);
    expect(answering.size).toBe(2);
    expect(answering.has(scheduler ?? '')).toBe(false);
  });

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const workers = await workerPids(server.child.pid ?? 0);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    expect(server.output()).toContain('Received SIGTERM, finishing the requests in flight on every worker');
  });
});
