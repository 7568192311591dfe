import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { DEMO_PASSWORD } from './e2e/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

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
  process.env[options.dataDirVariable] ??= mkdtempSync(path.join(os.tmpdir(), 'nmo-e2e-'));
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
