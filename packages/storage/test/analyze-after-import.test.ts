import { describe, expect, it } from 'vitest';
import { tablesToAnalyze } from '../src/import.ts';

describe('which tables an import analyses at once (autovacuum_analyze_scale_factor, 0.1)', () => {
  const rowsOf = new Map([
    ['Patient', 10_000],
    ['EdssAssessment', 200_000],
  ]);
  it('a table never analysed, with any new rows', () => {
    expect(tablesToAnalyze(new Map([['Relapse', 1]]), rowsOf)).toEqual(['Relapse']);
  });
  it('new rows above a tenth of the counted rows, and not at exactly a tenth', () => {
    expect(
      tablesToAnalyze(
        new Map([
          ['Patient', 1_001],
          ['EdssAssessment', 20_000],
        ]),
        rowsOf,
      ),
    ).toEqual(['Patient']);
    expect(tablesToAnalyze(new Map([['Patient', 1_000]]), rowsOf)).toEqual([]);
  });
});
