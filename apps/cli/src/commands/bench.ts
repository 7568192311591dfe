import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchApiReads } from '../bench/api-reads.ts';
import { buildBenchCohort } from '../bench/cohort.ts';
import type { Latency } from '../bench/stats.ts';
import { progress, UserError } from '../output.ts';

export interface BenchOptions {
  patients: string;
  seed: string;
  iterations: string;
  out: string;
}

/** Targets from the issues (docs/PERFORMANCE.md): milliseconds at 10,000 patients. */
const TARGETS = { overviewP95: 100, timelineP95: 30 };

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
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      cohort: { patients, seed, events: cohort.events },
      setupSeconds: cohort.seconds,
      overview: reads.overview,
      timeline: reads.timeline,
      targets: TARGETS,
    };
    process.stdout.write(
      [
        `Cohort: ${patients} patients, ${cohort.events} events (generated in ${cohort.seconds.generate} s, imported in ${cohort.seconds.import} s, flags for all in ${cohort.seconds.flags} s)`,
        '',
        `${'measure (ms)'.padEnd(22)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}`,
        row('cohort.overview', reads.overview, TARGETS.overviewP95),
        row('patients.timeline', reads.timeline, TARGETS.timelineP95),
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
