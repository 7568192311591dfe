import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchApiReads, benchProcedureCosts } from '../bench/api-reads.ts';
import { buildBenchCohort } from '../bench/cohort.ts';
import { measureCopyFrom, measureCopyTo, measureExport } from '../bench/exchange.ts';
import { measureHttpLoad } from '../bench/http-load.ts';
import type { Latency } from '../bench/stats.ts';
import { progress, UserError } from '../output.ts';

export interface BenchOptions {
  patients: string;
  seed: string;
  iterations: string;
  loadSeconds: string;
  connections: string;
  out: string;
}

/** Targets from issues 7 and 8 (docs/PERFORMANCE.md), at 10,000 patients on the 2-core machine. */
const TARGETS = {
  overviewP95: 100,
  timelineP95: 30,
  exportSeconds: 10,
  exportPeakMB: 200,
  exportToCopyRatio: 2,
  importRecordsPerSecond: 50_000,
  flagsSeconds: 30,
  loadP99: 250,
};
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const row = (name: string, latency: Latency, target: number) =>
  `${name.padEnd(22)} ${String(latency.p50).padStart(8)} ${String(latency.p95).padStart(8)} ${String(latency.p99).padStart(8)}   ${verdict(latency.p95 <= target)} p95 ≤ ${target} ms`;

type BenchRun = Awaited<ReturnType<typeof benchOnce>>;

async function benchOnce(
  patients: number,
  options: { seed: number; iterations: number; loadSeconds: number; connections: number },
) {
  const cohort = await buildBenchCohort({ patients, seed: options.seed });
  try {
    progress(`Measuring API reads (${options.iterations} calls each)…`);
    const reads = await benchApiReads(cohort.database.prisma, options.iterations);
    progress('Measuring what each read of the load mix costs (server CPU per call)…');
    const costs = await benchProcedureCosts(cohort.database.prisma, options.iterations);
    progress('Measuring the CSV long export (in a process of its own) and COPY TO on the same query…');
    const csvExport = await measureExport(cohort.database.url);
    const copyTo = await measureCopyTo(cohort.database.url);
    progress('Measuring the OMOP CDM export of the same cohort (in a process of its own)…');
    const omopExport = await measureExport(cohort.database.url, 'omop');
    progress('Measuring a plain COPY FROM of the imported rows…');
    const copyFrom = await measureCopyFrom(cohort.postgres, cohort.database);
    progress(`HTTP load: ${options.connections} clients, mixed reads, ${options.loadSeconds} s…`);
    const load = await measureHttpLoad(cohort.database.prisma, cohort.database.env, {
      connections: options.connections,
      seconds: options.loadSeconds,
    });
    return {
      cohort: { patients, seed: options.seed, events: cohort.events, records: cohort.records },
      setupSeconds: cohort.seconds,
      overview: reads.overview,
      timeline: reads.timeline,
      costs,
      csvExport: { ...csvExport, seconds: round(csvExport.seconds) },
      copyTo: { seconds: round(copyTo.seconds), bytes: copyTo.bytes },
      exportToCopyRatio: round(csvExport.seconds / copyTo.seconds),
      omopExport: { ...omopExport, seconds: round(omopExport.seconds) },
      import: {
        records: cohort.records,
        seconds: cohort.seconds.import,
        recordsPerSecond: Math.round(cohort.records / cohort.seconds.import),
      },
      copyFrom: {
        rows: copyFrom.rows,
        seconds: round(copyFrom.seconds),
        rowsPerSecond: Math.round(copyFrom.rows / copyFrom.seconds),
      },
      flags: { seconds: cohort.seconds.flags },
      load,
    };
  } finally {
    await cohort.close();
  }
}

function report(run: BenchRun): string[] {
  const { csvExport, omopExport, copyTo, copyFrom, load } = run;
  return [
    `Cohort: ${run.cohort.patients} patients, ${run.cohort.events} events, ${run.cohort.records} records (generated in ${run.setupSeconds.generate} s)`,
    '',
    `${'measure (ms)'.padEnd(22)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`,
    row('cohort.overview', run.overview, TARGETS.overviewP95),
    row('patients.timeline', run.timeline, TARGETS.timelineP95),
    '',
    `${'cost per call'.padEnd(22)} ${'CPU ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
    ...Object.entries(run.costs).map(
      ([name, cost]) =>
        `${name.padEnd(22)} ${String(cost.cpuMs).padStart(8)} ${String(cost.p50).padStart(8)} ${String(cost.p95).padStart(8)}`,
    ),
    '',
    `CSV long export: ${csvExport.seconds} s for ${csvExport.rows} rows (${csvExport.rowsPerSecond} rows/s), peak ${csvExport.peakRssMB} MB (${csvExport.baselineRssMB} MB before it started)   ${verdict(csvExport.seconds < TARGETS.exportSeconds)} < ${TARGETS.exportSeconds} s, ${verdict(csvExport.peakRssMB < TARGETS.exportPeakMB)} < ${TARGETS.exportPeakMB} MB`,
    `  COPY (same query) TO STDOUT: ${copyTo.seconds} s; export / COPY = ${run.exportToCopyRatio}   ${verdict(run.exportToCopyRatio <= TARGETS.exportToCopyRatio)} ≤ ${TARGETS.exportToCopyRatio}`,
    `OMOP CDM v5.4 export (zip of 11 tables), same cohort: ${omopExport.seconds} s for ${omopExport.rows} rows (${omopExport.rowsPerSecond} rows/s), ${Math.round(omopExport.bytes / 2 ** 10)} KiB, peak ${omopExport.peakRssMB} MB; ${round(omopExport.seconds / csvExport.seconds)} × the CSV long export`,
    `Import: ${run.import.records} records in ${run.import.seconds} s (${run.import.recordsPerSecond} records/s)   ${verdict(run.import.recordsPerSecond >= TARGETS.importRecordsPerSecond)} ≥ ${TARGETS.importRecordsPerSecond}/s`,
    `  plain COPY FROM of the same rows: ${copyFrom.seconds} s (${copyFrom.rowsPerSecond} rows/s)`,
    `Flags of the whole cohort: ${run.flags.seconds} s   ${verdict(run.flags.seconds <= TARGETS.flagsSeconds)} ≤ ${TARGETS.flagsSeconds} s`,
    `HTTP load (${load.connections} clients, mixed reads, ${load.seconds} s): ${load.requestsPerSecond} requests/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx   ${verdict(load.errors + load.timeouts + load.non2xx === 0)} 0 errors, ${verdict(load.latencyMs.p99 <= TARGETS.loadP99)} p99 ≤ ${TARGETS.loadP99} ms`,
    '',
  ];
}

/** How each measure grows with the cohort: per-page reads should stay flat, whole-cohort work grow linearly. */
function growth(runs: BenchRun[]): string[] {
  const header = [
    'patients',
    'overview p95',
    'timeline p95',
    'export s',
    'export rows/s',
    'omop s',
    'import rec/s',
    'flags s',
    'load p99',
    'load req/s',
  ];
  const lines = runs.map((run) =>
    [
      run.cohort.patients,
      run.overview.p95,
      run.timeline.p95,
      run.csvExport.seconds,
      run.csvExport.rowsPerSecond,
      run.omopExport.seconds,
      run.import.recordsPerSecond,
      run.flags.seconds,
      run.load.latencyMs.p99,
      run.load.requestsPerSecond,
    ].map(String),
  );
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  return ['Growth:', format(header), ...lines.map(format), ''];
}

/** Builds synthetic cohorts in separate databases and measures the product against its targets. */
export async function benchCommand(options: BenchOptions): Promise<void> {
  const sizes = options.patients.split(',').map(Number);
  const seed = Number(options.seed);
  const iterations = Number(options.iterations);
  const loadSeconds = Number(options.loadSeconds);
  const connections = Number(options.connections);
  if (sizes.some((size) => !Number.isInteger(size) || size < 10 || size > 200_000))
    throw new UserError('--patients must be whole numbers between 10 and 200000, separated by commas');
  if (!Number.isInteger(seed) || seed < 0) throw new UserError('--seed must be a whole number of 0 or more');
  if (!Number.isInteger(iterations) || iterations < 10) throw new UserError('--iterations must be 10 or more');
  if (!Number.isInteger(loadSeconds) || loadSeconds < 1) throw new UserError('--load-seconds must be 1 or more');
  if (!Number.isInteger(connections) || connections < 1) throw new UserError('--connections must be 1 or more');

  const runs: BenchRun[] = [];
  for (const patients of sizes) {
    const run = await benchOnce(patients, { seed, iterations, loadSeconds, connections });
    runs.push(run);
    process.stdout.write(report(run).join('\n'));
  }
  if (runs.length > 1) process.stdout.write(growth(runs).join('\n'));
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    targets: TARGETS,
    runs,
  };
  await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`Results written to ${options.out}\n`);
}
