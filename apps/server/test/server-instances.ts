import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DEIDENTIFY_KEY } from './http-client.ts';

/** Real server processes for tests that start the product as a user would (one or several instances). */

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Instance {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  output(): string;
}

/** Every child this file started; stopped in afterAll, and killed if the test process exits first. */
const children = new Set<ChildProcess>();
const killLeftovers = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
process.once('exit', killLeftovers);

/**
 * `node --import tsx apps/server/src/main.ts` (as the Playwright config starts it), or `node <bundle>`
 * (as `pnpm start` runs the compiled server), ready when it prints its URL.
 */
export function startInstance(
  name: string,
  env: Record<string, string>,
  options: { bundle?: string } = {},
): Promise<Instance> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !key.startsWith('VITEST') &&
        !['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'TEST_DATABASE_URL', 'TRUST_PROXY'].includes(key),
    ),
  );
  const entry = options.bundle ? [options.bundle] : ['--import', 'tsx', 'apps/server/src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: repositoryRoot,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', NMO_DEMO: '0', NMO_DEIDENTIFY_KEY: TEST_DEIDENTIFY_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const output = () => `${stdout}${stderr ? `\n[stderr]\n${stderr}` : ''}`;
  return new Promise<Instance>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} ${reason}\n--- its output ---\n${output()}`));
    };
    const timer = setTimeout(
      () => fail(`printed no "ready at" line within ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = /ready at http:\/\/localhost:(\d+)/.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve({ name, child, baseUrl: `http://127.0.0.1:${ready[1]}`, output });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', (error) => fail(`could not be started: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal}) before it was ready`));
  });
}

/** SIGTERM, then SIGKILL if it has not exited after STOP_TIMEOUT_MS. */
async function stopChild(child: ChildProcess): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (!exited()) {
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([
      gone.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), STOP_TIMEOUT_MS).unref()),
    ]);
    if (timedOut && !exited()) {
      child.kill('SIGKILL');
      await gone;
    }
  }
  children.delete(child);
}
export const stopAll = () => Promise.all([...children].map(stopChild));

export const healthz = async (instance: Instance) => {
  const response = await fetch(`${instance.baseUrl}/healthz`);
  return { status: response.status, body: await response.json() };
};
export const occurrences = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;
