import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from './run-cli.ts';

describe('nmo bench', () => {
  it('builds a cohort in a separate database, prints the table and writes the JSON', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'nmo-bench-'));
    try {
      const out = path.join(folder, 'bench.json');
      const result = await runCli(['bench', '--patients', '30', '--iterations', '10', '--out', out], {
        BENCH_DATABASE_URL: inject('pgAdminUrl'),
      });
      expect(result.stderr).toContain('Measuring API reads');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/cohort\.overview\s+[\d.]+\s+[\d.]+/);
      expect(result.stdout).toMatch(/patients\.timeline\s+[\d.]+\s+[\d.]+/);
      const json = JSON.parse(await readFile(out, 'utf8'));
      expect(json.cohort.patients).toBe(30);
      expect(json.overview.calls).toBe(10);
      expect(json.timeline.p95).toBeGreaterThan(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses bad options with a clear message', async () => {
    const result = await runCli(['bench', '--patients', 'many']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--patients must be a whole number');
  });
});
