import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inheritedEnvironment } from '@nmo/db';
import { readPaths, runReadMix } from './http-load.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** How the server runs: TypeScript compiled at run time by tsx (before issue 21), or the esbuild bundle. */
export type ServerRuntime = 'tsx' | 'compiled';

/** Node's arguments that start the product's server as `pnpm start` runs it (the bundle must be built). */
export function serverArguments(runtime: ServerRuntime): string[] {
  return runtime === 'tsx' ? ['--import', 'tsx', 'apps/server/src/main.ts'] : ['apps/server/dist/main.js'];
}

export interface RuntimeMeasure {
  runtime: ServerRuntime;
  workers: number;
  /** From spawning the process to the first 200 from /healthz. */
  secondsToHealthy: number;
  /** Resident memory of the server's Node processes (primary and workers; not PostgreSQL's), 2 s after healthy. */
  rssAfterStartMB: number;
  /** The highest resident memory of those processes, sampled every 200 ms under the load mix. */
  rssUnderLoadPeakMB: number;
  load: {
    connections: number;
    seconds: number;
    requestsPerSecond: number;
    p99Ms: number;
    errors: number;
    non2xx: number;
  };
}

/** Every process's parent and resident memory, from /proc (Linux). */
async function processTable(): Promise<Map<number, { parent: number; rssKB: number; command: string }>> {
  const table = new Map<number, { parent: number; rssKB: number; command: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      const field = (name: string) => new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(status)?.[1];
      table.set(Number(entry), {
        parent: Number(field('PPid')),
        rssKB: Number(field('VmRSS') ?? 0),
        command: field('Name') ?? '',
      });
    } catch {
      // The process ended while being read.
    }
  }
  return table;
}

/** Resident memory of `root` and its descendants named node, in MB. */
export async function nodeTreeRssMB(root: number): Promise<number> {
  const table = await processTable();
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, row] of table)
      if (!inTree.has(pid) && inTree.has(row.parent)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let kB = 0;
  for (const pid of inTree) {
    const row = table.get(pid);
    if (row?.command === 'node') kB += row.rssKB;
  }
  return Math.round(kB / 1024);
}

async function waitForHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the server on an embedded database that already holds the demo cohort (`dataDir`, seeded
 * by an earlier start with the same `password`), times it to /healthz 200, reads its memory, then
 * runs the bench's mixed reads against it and samples its memory under that load.
 */
export async function measureServerRuntime(options: {
  runtime: ServerRuntime;
  workers: number;
  dataDir: string;
  port: number;
  password: string;
  connections: number;
  loadSeconds: number;
}): Promise<RuntimeMeasure> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const started = performance.now();
  const child = spawn(process.execPath, serverArguments(options.runtime), {
    cwd: repositoryRoot,
    env: inheritedEnvironment({
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      NMO_DEMO_PASSWORD: options.password,
      WEB_CONCURRENCY: String(options.workers),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const pid = child.pid ?? 0;
  try {
    await waitForHealthy(baseUrl, child, () => text);
    const secondsToHealthy = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssAfterStartMB = await nodeTreeRssMB(pid);

    const login = await fetch(`${baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nmo-csrf': '1' },
      body: JSON.stringify({ email: 'clinician@example.org', password: options.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!login.ok || !cookie) throw new Error(`could not sign in as the demo clinician (${login.status})`);
    const list = await fetch(`${baseUrl}/trpc/patients.list?input=${encodeURIComponent('{"limit":200}')}`, {
      headers: { cookie },
    });
    const ids = ((await list.json()) as { result: { data: { items: { id: string }[] } } }).result.data.items.map(
      (item) => item.id,
    );
    let rssUnderLoadPeakMB = rssAfterStartMB;
    const sampler = setInterval(() => {
      void nodeTreeRssMB(pid).then((mb) => {
        rssUnderLoadPeakMB = Math.max(rssUnderLoadPeakMB, mb);
      });
    }, 200);
    const result = await runReadMix({
      baseUrl,
      cookie,
      paths: readPaths(ids),
      connections: options.connections,
      seconds: options.loadSeconds,
    });
    clearInterval(sampler);
    return {
      runtime: options.runtime,
      workers: options.workers,
      secondsToHealthy: Math.round(secondsToHealthy * 100) / 100,
      rssAfterStartMB,
      rssUnderLoadPeakMB,
      load: {
        connections: options.connections,
        seconds: options.loadSeconds,
        requestsPerSecond: Math.round(result.requests.average),
        p99Ms: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
      },
    };
  } finally {
    await stop(child);
  }
}
