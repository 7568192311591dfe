import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from './run-cli.ts';

describe('nmo bench', () => {
  it('builds cohorts in separate databases, measures reads, export, import, flags and HTTP load, and writes the JSON', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'nmo-bench-'));
    try {
      const out = path.join(folder, 'bench.json');
      const result = await runCli(
        [
          'bench',
          '--patients',
          '20,30',
          '--iterations',
          '10',
          // Long enough for requests to complete when the machine is busy (a read can take a second).
          '--load-seconds',
          '5',
          '--load-warmup',
          '1',
          '--connections',
          '5',
          // The second cohort shows both left out: COPY FROM timed on a sample, no OMOP export.
          '--copy-from-sample',
          '25',
          '--omop-up-to',
          '20',
          '--out',
          out,
        ],
        { BENCH_DATABASE_URL: inject('pgAdminUrl') },
      );
      expect(result.stderr).toContain('Measuring API reads');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/cohort\.overview\s+[\d.]+\s+[\d.]+/);
      expect(result.stdout).toMatch(/patients\.timeline\s+[\d.]+\s+[\d.]+/);
      expect(result.stdout).toMatch(/cost per call\s+CPU ms[\s\S]*sessionCheck\s+[\d.]+[\s\S]*stats\s+[\d.]+/);
      expect(result.stdout).toMatch(/CSV long export: [\d.]+ s for \d+ rows/);
      expect(result.stdout).toMatch(/COPY \(same query\) TO STDOUT: [\d.]+ s; export \/ COPY = [\d.]+/);
      expect(result.stdout).toMatch(/OMOP CDM v5\.4 export \(zip of 11 tables\), same cohort: [\d.]+ s for \d+ rows/);
      expect(result.stdout).toMatch(/OMOP CDM v5\.4 export: not measured on this cohort \(--omop-up-to/);
      expect(result.stdout).toMatch(/plain COPY FROM of the rows of 25 of them \(\d+ rows\)/);
      expect(result.stdout).toMatch(/HTTP load \(5 clients, mixed reads, 5 s after 1 s of warm-up\): \d+ requests\/s/);
      expect(result.stdout).toMatch(/cohort\.worklist page\s+[\d.]+\s+[\d.]+/);
      expect(result.stdout).toMatch(/import \/ COPY FROM rate = [\d.]+ {3}(meets|MISSES) ≥ 0\.8/);
      // Every issue-21 target, judged on each run (9 lines), and the growth checks between the sizes.
      expect(result.stdout).toContain('Issue 21 targets (set at 10000 patients; this run: 30):');
      for (const measure of ['whole-cohort flags', 'CSV export peak memory', 'HTTP load throughput'])
        expect(result.stdout).toMatch(new RegExp(`${measure}\\s+\\S+.*(meets|MISSES)`));
      expect(result.stdout).toMatch(/Growth:\n\s*patients\s+records\s+overview p95/);
      expect(result.stdout).toMatch(/Growth against 20 patients.*\n\s+overview p95 ms at 30 /);
      expect(result.stdout).toMatch(/flags s at 30\s+[\d.]+\s+≤ [\d.]+ \(linear from 20/);
      const json = JSON.parse(await readFile(out, 'utf8'));
      expect(json.runs.map((run: { cohort: { patients: number } }) => run.cohort.patients)).toEqual([20, 30]);
      const run = json.runs[1];
      expect(run.overview.calls).toBe(10);
      expect(run.timeline.p95).toBeGreaterThan(0);
      expect(run.worklist.calls).toBe(10);
      expect(run.importToCopyFromRatio).toBeGreaterThan(0);
      expect(run.load).toMatchObject({ connections: 5, warmupSeconds: 1, seconds: 5 });
      expect(Object.keys(run.costs)).toEqual([
        'sessionCheck',
        'auditInsert',
        'overview',
        'timeline',
        'flagsList',
        'worklist',
        'stats',
      ]);
      expect(run.costs.timeline.cpuMs).toBeGreaterThan(0);
      // Every record of the cohort is in the export, and the COPY baseline loaded the same rows.
      expect(run.csvExport.rows).toBe(run.cohort.records);
      expect(run.copyFrom.rows).toBe(run.cohort.records + 30);
      expect(run.copyFrom).toMatchObject({ sampledPatients: 25 });
      expect(run.copyFrom.sampledRows).toBeGreaterThan(0);
      expect(run.copyFrom.sampledRows).toBeLessThan(run.copyFrom.rows);
      expect(run.copyFrom.sampledAuditRows).toBeLessThan(run.copyFrom.auditRows);
      expect(json.runs[0].copyFrom.sampledRows).toBe(json.runs[0].copyFrom.rows);
      expect(run.csvExport.peakRssMB).toBeGreaterThan(0);
      // The OMOP export read the same cohort (the first; the second is above --omop-up-to).
      expect(json.runs[0].omopExport.patients).toBe(20);
      expect(json.runs[0].omopExport.rows).toBeGreaterThan(20);
      expect(run.omopExport).toBeNull();
      expect(run.load.requests).toBeGreaterThan(0);
      expect(run.load.errors + run.load.timeouts + run.load.non2xx).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 1_200_000); // Two cohorts, two exports, a server and a load run: minutes on a busy 2-core machine.

  it('refuses bad options with a clear message', async () => {
    const result = await runCli(['bench', '--patients', 'many']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--patients must be whole numbers between 10 and 200000, separated by commas');
  });
});
