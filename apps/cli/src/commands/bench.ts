import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchApiReads } from '../bench/api-reads.ts';
import { buildBenchCohort } from '../bench/cohort.ts';
import { measureCopyFrom, measureCopyTo, measureCsvExport } from '../bench/exchange.ts';
import type { Latency } from '../bench/stats.ts';
import { progress, UserError } from '../output.ts';

export interface BenchOptions {
  patients: string;
  seed: string;
  iterations: string;
  out: string;
}

/** Targets from the issues (docs/PERFORMANCE.md), at 10,000 patients. */
const TARGETS = {
  overviewP95: 100,
  timelineP95: 30,
  exportSeconds: 10,
  exportPeakMB: 200,
  exportToCopyRatio: 2,
  importRecordsPerSecond: 50_000,
  flagsSeconds: 30,
};
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

const row = (name: string, latency: Latency, target: number) =>
  `${name.padEnd(22)} ${String(latency.p50).padStart(8)} ${String(latency.p95).padStart(8)} ${String(latency.p99).padStart(8)}   ${latency.p95 <= target ? 'meets' : 'MISSES'} p95 ≤ ${target} ms`;

/** Builds a synthetic cohort in a separate database and measures the API against the targets. */
export async function benchCommand(options: BenchOptions): Promise<void> {
  const patients = Number(options.patients);
  const seed = Number(options.seed);
  const iterations = Number(options.iterations);
  if (!Number.isInteger(patients) || patients < 10 || patients > 200_000)
    throw new UserError('--patients must be a whole number between 10 and 200000');
  if (!Number.isInteger(seed) || seed < 0) throw new UserError('--seed must be a whole number of 0 or more');
  if (!Number.isInteger(iterations) || iterations < 10) throw new UserError('--iterations must be 10 or more');

  const cohort = await buildBenchCohort({ patients, seed });
  try {
    progress(`Measuring API reads (${iterations} calls each)…`);
    const reads = await benchApiReads(cohort.database.prisma, iterations);
    progress('Measuring the CSV long export (in a process of its own) and COPY TO on the same query…');
    const csvExport = await measureCsvExport(cohort.database.url);
    const copyTo = await measureCopyTo(cohort.database.url);
    progress('Measuring a plain COPY FROM of the imported rows…');
    const copyFrom = await measureCopyFrom(cohort.postgres, cohort.database);
    const importRate = Math.round(cohort.records / cohort.seconds.import);
    const copyFromRate = Math.round(copyFrom.rows / copyFrom.seconds);
    const exportRatio = round(csvExport.seconds / copyTo.seconds);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      cohort: { patients, seed, events: cohort.events },
      setupSeconds: cohort.seconds,
      overview: reads.overview,
      timeline: reads.timeline,
      csvExport: { ...csvExport, seconds: round(csvExport.seconds) },
      copyTo: { seconds: round(copyTo.seconds), bytes: copyTo.bytes },
      exportToCopyRatio: exportRatio,
      import: { records: cohort.records, seconds: cohort.seconds.import, recordsPerSecond: importRate },
      copyFrom: { rows: copyFrom.rows, seconds: round(copyFrom.seconds), rowsPerSecond: copyFromRate },
      flags: { seconds: cohort.seconds.flags },
      targets: TARGETS,
    };
    process.stdout.write(
      [
        `Cohort: ${patients} patients, ${cohort.events} events, ${cohort.records} records (generated in ${cohort.seconds.generate} s, imported in ${cohort.seconds.import} s, flags for all in ${cohort.seconds.flags} s)`,
        '',
        `${'measure (ms)'.padEnd(22)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`,
        row('cohort.overview', reads.overview, TARGETS.overviewP95),
        row('patients.timeline', reads.timeline, TARGETS.timelineP95),
        '',
        `CSV long export: ${round(csvExport.seconds)} s for ${csvExport.rows} rows (${csvExport.rowsPerSecond} rows/s), peak ${csvExport.peakRssMB} MB (${csvExport.baselineRssMB} MB before it started)   ${verdict(csvExport.seconds < TARGETS.exportSeconds)} < ${TARGETS.exportSeconds} s, ${verdict(csvExport.peakRssMB < TARGETS.exportPeakMB)} < ${TARGETS.exportPeakMB} MB`,
        `  COPY (same query) TO STDOUT: ${round(copyTo.seconds)} s; export / COPY = ${exportRatio}   ${verdict(exportRatio <= TARGETS.exportToCopyRatio)} ≤ ${TARGETS.exportToCopyRatio}`,
        `Import: ${cohort.records} records in ${cohort.seconds.import} s (${importRate} records/s)   ${verdict(importRate >= TARGETS.importRecordsPerSecond)} ≥ ${TARGETS.importRecordsPerSecond}/s`,
        `  plain COPY FROM of the same rows: ${round(copyFrom.seconds)} s (${copyFromRate} rows/s)`,
        `Flags of the whole cohort: ${cohort.seconds.flags} s   ${verdict(cohort.seconds.flags <= TARGETS.flagsSeconds)} ≤ ${TARGETS.flagsSeconds} s`,
        '',
        `Results written to ${options.out}`,
        '',
      ].join('\n'),
    );
    await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await cohort.close();
  }
}
