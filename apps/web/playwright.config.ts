import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { DEMO_PASSWORD } from './e2e/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3199);
// A fresh embedded database for every run: the journeys start from first start, in demo mode. The
// config is loaded again in each worker; they inherit the runner's folder through the environment.
process.env.NMO_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'nmo-e2e-'));
const dataDir = process.env.NMO_E2E_DATA_DIR;

/** Debian's Chromium, never a downloaded browser (CHROMIUM_PATH overrides). */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NMO_DEMO: '1',
      NMO_DEMO_PATIENTS: '60',
      NMO_DEMO_PASSWORD: DEMO_PASSWORD,
      DATABASE_URL: '',
    },
  },
});
