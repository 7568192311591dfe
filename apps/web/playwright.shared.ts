import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeThrowawayFolder } from '@nmo/db/throwaway-folders';
import { defineConfig } from '@playwright/test';
import { z } from 'zod';
import { DEMO_PASSWORD } from './e2e/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A blank value counts as unset, as in the server's and the CLI's config modules. */
const unsetIfBlank = (raw: unknown) => (typeof raw === 'string' && raw.trim() === '' ? undefined : raw);
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (raw) => (unsetIfBlank(raw) === undefined ? undefined : Number(raw)),
    z
      .number({ error: `must be a whole number between ${min} and ${max}` })
      .int()
      .min(min)
      .max(max)
      .default(fallback),
  );

/**
 * The browser tests' and the web benchmark's environment variables, read here and nowhere else
 * (docs/CONFIGURATION.md). The dashboard itself reads none: it runs in the browser.
 */
const playwrightVariables = z.object({
  /** The Chromium Playwright drives (Debian's; Playwright never downloads one). */
  CHROMIUM_PATH: z.preprocess(unsetIfBlank, z.string().default('/usr/bin/chromium')),
  /** Port of the browser tests' server. */
  E2E_PORT: wholeNumber(1, 65_535, 3199),
  /** Port of the web benchmark's server. */
  BENCH_WEB_PORT: wholeNumber(1, 65_535, 3198),
  /** How many times the web benchmark repeats each measurement (it reports the median). */
  BENCH_WEB_RUNS: wholeNumber(1, 1000, 7),
});

function readPlaywrightEnvironment(env: Record<string, string | undefined>) {
  const parsed = playwrightVariables.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('\n'));
}

export const playwrightEnvironment = readPlaywrightEnvironment(process.env);

/** Where a run's server keeps its data (the embedded cluster in `pg/`), in the OS's temporary folder. */
const E2E_PREFIX = 'nmo-e2e-';

/**
 * Playwright against the real server on a fresh embedded database in demo mode, driving Debian's
 * Chromium (never a downloaded browser; CHROMIUM_PATH overrides). The config is loaded again in each
 * worker; they inherit the runner's data folder through the environment variable `dataDirVariable`.
 */
export function realServerConfig(options: {
  testDir: string;
  port: number;
  demoPatients: number;
  dataDirVariable: string;
}) {
  if (process.env[options.dataDirVariable] === undefined) {
    // Each run's server keeps its embedded cluster in a folder of its own, left when the run ends
    // (the server stops after the last hook): removed by a later run once abandoned.
    process.env[options.dataDirVariable] = makeThrowawayFolder(E2E_PREFIX, { clusterIn: 'pg' });
  }
  const dataDir = process.env[options.dataDirVariable] as string;
  return defineConfig({
    testDir: options.testDir,
    outputDir: 'test-results/artifacts',
    workers: 1,
    timeout: 120_000,
    reporter: [['list']],
    use: {
      baseURL: `http://127.0.0.1:${options.port}`,
      screenshot: 'only-on-failure',
      launchOptions: {
        executablePath: playwrightEnvironment.CHROMIUM_PATH,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
    webServer: {
      command: 'node --import tsx apps/server/src/main.ts',
      cwd: path.resolve(here, '../..'),
      url: `http://127.0.0.1:${options.port}/healthz`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(options.port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NMO_DEMO: '1',
        NMO_DEMO_PATIENTS: String(options.demoPatients),
        NMO_DEMO_PASSWORD: DEMO_PASSWORD,
        DATABASE_URL: '',
      },
    },
  });
}
