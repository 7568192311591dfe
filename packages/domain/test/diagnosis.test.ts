import { describe, expect, it } from 'vitest';
import { workingDiagnosis } from '../src/records/diagnosis.ts';

const test = (antibody: 'AQP4' | 'MOG', result: 'positive' | 'negative') =>
  ({ type: 'antibody', date: '2024-01-01', antibody, assay: 'cba_live', result }) as const;

/** Displays, summaries and exports read antibody tests as the rules do (rules/phenotype.ts). */
describe('workingDiagnosis', () => {
  it.each([
    ['status fields only', { aqp4Status: 'positive' }, [], 'nmosd_aqp4_positive'],
    [
      'a positive AQP4 test the status field does not show yet',
      { aqp4Status: 'unknown' },
      [test('AQP4', 'positive')],
      'nmosd_aqp4_positive',
    ],
    [
      'MOG positive test, AQP4 negative test, statuses unknown',
      {},
      [test('MOG', 'positive'), test('AQP4', 'negative')],
      'mogad',
    ],
    ['MOG positive, AQP4 never tested', { mogStatus: 'positive' }, [], 'other_or_uncertain'],
    [
      'a recorded diagnosis wins over tests',
      { diagnosis: 'nmosd_seronegative' },
      [test('AQP4', 'positive')],
      'nmosd_seronegative',
    ],
  ] as const)('%s', (_label, fields, events, expected) => {
    expect(workingDiagnosis({ ...fields, events }).diagnosis).toBe(expected);
  });
});
