/**
 * Issue 21's targets at 10,000 patients on the 2-core machine (docs/PERFORMANCE.md), and how the
 * bench judges one run against them and several runs' growth. Pure: bench.ts measures, this judges.
 */
export const TARGETS = {
  overviewP95: 20,
  timelineP95: 15,
  flagsSeconds: 15,
  exportPeakMB: 200,
  exportToCopyRatio: 1.3,
  importToCopyFromRatio: 0.8,
  loadP99: 250,
  /** 4 × the 83 requests/s measured before issue 21 at 10,000 patients. */
  loadRequestsPerSecond: 4 * 83,
};

/** The cohort size the targets are set at, and growth is measured against. */
export const REFERENCE_PATIENTS = 10_000;
/** Per-page reads may be this much slower than at REFERENCE_PATIENTS. */
export const PAGE_READ_GROWTH = 0.2;
/** Whole-cohort work may take this much longer per patient than at REFERENCE_PATIENTS and still count as linear. */
export const LINEAR_GROWTH = 0.25;

/** What a verdict needs of one bench run (bench.ts's BenchRun has more). */
export interface MeasuredRun {
  cohort: { patients: number };
  overview: { p95: number };
  timeline: { p95: number };
  worklist: { p95: number };
  csvExport: { seconds: number; peakRssMB: number };
  exportToCopyRatio: number;
  import: { seconds: number; recordsPerSecond: number };
  copyFrom: { rowsPerSecond: number };
  importToCopyFromRatio: number;
  flags: { seconds: number };
  load: {
    requests: number;
    requestsPerSecond: number;
    latencyMs: { p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
}

export interface Verdict {
  measure: string;
  value: string;
  target: string;
  meets: boolean;
}

const verdictWord = (meets: boolean) => (meets ? 'meets' : 'MISSES');

/** Every issue-21 target, judged on one run (meaningful at REFERENCE_PATIENTS). */
export function targetVerdicts(run: MeasuredRun): Verdict[] {
  const { load } = run;
  const failures = load.errors + load.timeouts + load.non2xx;
  // A load run that completed no request has no latency to meet a target with.
  return [
    {
      measure: 'cohort.overview p95',
      value: `${run.overview.p95} ms`,
      target: `≤ ${TARGETS.overviewP95} ms`,
      meets: run.overview.p95 <= TARGETS.overviewP95,
    },
    {
      measure: 'patients.timeline p95',
      value: `${run.timeline.p95} ms`,
      target: `≤ ${TARGETS.timelineP95} ms`,
      meets: run.timeline.p95 <= TARGETS.timelineP95,
    },
    {
      measure: 'whole-cohort flags',
      value: `${run.flags.seconds} s`,
      target: `≤ ${TARGETS.flagsSeconds} s`,
      meets: run.flags.seconds <= TARGETS.flagsSeconds,
    },
    {
      measure: 'CSV export / COPY TO',
      value: `${run.exportToCopyRatio}×`,
      target: `≤ ${TARGETS.exportToCopyRatio}×`,
      meets: run.exportToCopyRatio <= TARGETS.exportToCopyRatio,
    },
    {
      measure: 'CSV export peak memory',
      value: `${run.csvExport.peakRssMB} MB`,
      target: `< ${TARGETS.exportPeakMB} MB`,
      meets: run.csvExport.peakRssMB < TARGETS.exportPeakMB,
    },
    {
      measure: 'import / COPY FROM rate',
      value: `${run.importToCopyFromRatio}×`,
      target: `≥ ${TARGETS.importToCopyFromRatio}×`,
      meets: run.importToCopyFromRatio >= TARGETS.importToCopyFromRatio,
    },
    {
      measure: 'HTTP load p99',
      value: `${load.latencyMs.p99} ms`,
      target: `≤ ${TARGETS.loadP99} ms`,
      meets: load.requests > 0 && load.latencyMs.p99 <= TARGETS.loadP99,
    },
    { measure: 'HTTP load errors', value: String(failures), target: '0', meets: failures === 0 },
    {
      measure: 'HTTP load throughput',
      value: `${load.requestsPerSecond} req/s`,
      target: `≥ ${TARGETS.loadRequestsPerSecond} req/s`,
      meets: load.requestsPerSecond >= TARGETS.loadRequestsPerSecond,
    },
  ];
}

/** Reads of one page: their cost should not depend on the cohort's size. */
const PAGE_READS: { name: string; of: (run: MeasuredRun) => number }[] = [
  { name: 'overview p95 ms', of: (run) => run.overview.p95 },
  { name: 'timeline p95 ms', of: (run) => run.timeline.p95 },
  { name: 'worklist p95 ms', of: (run) => run.worklist.p95 },
];

/** Work over the whole cohort: its time should grow in proportion to the cohort. */
const WHOLE_COHORT: { name: string; of: (run: MeasuredRun) => number }[] = [
  { name: 'import s', of: (run) => run.import.seconds },
  { name: 'flags s', of: (run) => run.flags.seconds },
  { name: 'export s', of: (run) => run.csvExport.seconds },
];

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The growth table's rows and verdicts: per-page reads within PAGE_READ_GROWTH of the
 * REFERENCE_PATIENTS run, whole-cohort work's time per patient within LINEAR_GROWTH of it (larger
 * cohorts only: a small cohort's fixed costs make its per-patient time look worse, not its growth).
 * Without a REFERENCE_PATIENTS run the smallest run is the reference.
 */
export function growthVerdicts(runs: readonly MeasuredRun[]): { reference: number; verdicts: Verdict[] } {
  const sorted = [...runs].sort((a, b) => a.cohort.patients - b.cohort.patients);
  const reference = sorted.find((run) => run.cohort.patients === REFERENCE_PATIENTS) ?? sorted[0];
  if (!reference) return { reference: REFERENCE_PATIENTS, verdicts: [] };
  const size = reference.cohort.patients;
  const verdicts: Verdict[] = [];
  for (const run of sorted) {
    const patients = run.cohort.patients;
    if (patients === size) continue;
    for (const read of PAGE_READS) {
      const limit = round(read.of(reference) * (1 + PAGE_READ_GROWTH));
      verdicts.push({
        measure: `${read.name} at ${patients}`,
        value: String(read.of(run)),
        target: `≤ ${limit} (within ${PAGE_READ_GROWTH * 100}% of ${size})`,
        meets: read.of(run) <= limit,
      });
    }
    if (patients < size) continue;
    for (const work of WHOLE_COHORT) {
      const linear = (work.of(reference) * patients) / size;
      verdicts.push({
        measure: `${work.name} at ${patients}`,
        value: String(work.of(run)),
        target: `≤ ${round(linear * (1 + LINEAR_GROWTH), 1)} (linear from ${size}: ${round(linear, 1)}, +${LINEAR_GROWTH * 100}%)`,
        meets: work.of(run) <= linear * (1 + LINEAR_GROWTH),
      });
    }
  }
  return { reference: size, verdicts };
}

/** Verdicts as aligned lines: measure, value, target, meets/MISSES. */
export function verdictLines(verdicts: readonly Verdict[]): string[] {
  const width = (pick: (v: Verdict) => string) => Math.max(0, ...verdicts.map((v) => pick(v).length));
  const [measure, value, target] = [width((v) => v.measure), width((v) => v.value), width((v) => v.target)];
  return verdicts.map(
    (v) =>
      `  ${v.measure.padEnd(measure)}  ${v.value.padStart(value)}  ${v.target.padEnd(target)}  ${verdictWord(v.meets)}`,
  );
}
