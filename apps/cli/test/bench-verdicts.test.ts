import { describe, expect, it } from 'vitest';
import { growthVerdicts, type MeasuredRun, TARGETS, targetVerdicts, verdictLines } from '../src/bench/verdicts.ts';

/** A run that meets every target at `patients`, with whole-cohort work of 1 ms per patient. */
function run(patients: number, change: (run: MeasuredRun) => void = () => {}): MeasuredRun {
  const measured: MeasuredRun = {
    cohort: { patients },
    overview: { p95: 10 },
    timeline: { p95: 10 },
    worklist: { p95: 10 },
    csvExport: { seconds: patients / 1000, peakRssMB: 150 },
    exportToCopyRatio: 1.1,
    import: { seconds: patients / 1000, recordsPerSecond: 40_000 },
    copyFrom: { rowsPerSecond: 45_000 },
    importToCopyFromRatio: 0.9,
    flags: { seconds: patients / 1000 },
    load: { requests: 8000, requestsPerSecond: 400, latencyMs: { p99: 200 }, errors: 0, timeouts: 0, non2xx: 0 },
  };
  change(measured);
  return measured;
}

describe('bench verdicts', () => {
  it('judges every issue-21 target, and names each miss', () => {
    expect(targetVerdicts(run(10_000)).every((v) => v.meets)).toBe(true);
    const missing = targetVerdicts(
      run(10_000, (r) => {
        r.flags.seconds = 16;
        r.importToCopyFromRatio = 0.79;
        r.load.non2xx = 1;
        r.load.requestsPerSecond = TARGETS.loadRequestsPerSecond - 1;
      }),
    );
    const idle = targetVerdicts(run(10_000, (r) => Object.assign(r.load, { requests: 0, latencyMs: { p99: 0 } })));
    expect(idle.find((v) => v.measure === 'HTTP load p99')?.meets).toBe(false);
    expect(missing.filter((v) => !v.meets).map((v) => v.measure)).toEqual([
      'whole-cohort flags',
      'import / COPY FROM rate',
      'HTTP load errors',
      'HTTP load throughput',
    ]);
    expect(missing).toHaveLength(9);
    expect(verdictLines(missing).join('\n')).toMatch(/whole-cohort flags\s+16 s\s+≤ 15 s\s+MISSES/);
  });

  it('checks per-page reads within 20% of the 10,000-patient run, and whole-cohort work linear from it', () => {
    const { reference, verdicts } = growthVerdicts([
      run(100_000, (r) => {
        r.overview.p95 = 12; // exactly 20% slower: still flat
        r.timeline.p95 = 12.1;
        r.flags.seconds = 130; // 1.3 × linear
        r.import.seconds = 124; // 1.24 × linear
      }),
      run(1000),
      run(10_000),
    ]);
    expect(reference).toBe(10_000);
    const byMeasure = Object.fromEntries(verdicts.map((v) => [v.measure, v.meets]));
    expect(byMeasure).toEqual({
      'overview p95 ms at 1000': true,
      'timeline p95 ms at 1000': true,
      'worklist p95 ms at 1000': true,
      'overview p95 ms at 100000': true,
      'timeline p95 ms at 100000': false,
      'worklist p95 ms at 100000': true,
      'import s at 100000': true,
      'flags s at 100000': false,
      'export s at 100000': true,
    });
  });

  it('without a 10,000-patient run, grows from the smallest', () => {
    const { reference, verdicts } = growthVerdicts([run(30), run(20)]);
    expect(reference).toBe(20);
    expect(verdicts.every((v) => v.meets)).toBe(true);
  });
});
