import { describe, expect, it } from 'vitest';
import type { AntibodyResult, AntibodyTarget } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import type { PatientTimeline } from '../../../src/records/patient.ts';
import { aqp4RetestDueRule } from '../../../src/rules/monitoring/aqp4-retest-due.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';

const test = (date: string, result: AntibodyResult, antibody: AntibodyTarget = 'AQP4'): TimelineEvent => ({
  type: 'antibody',
  date,
  antibody,
  assay: 'cba_live',
  result,
});
const attack = (onsetDate: string): TimelineEvent => ({
  type: 'relapse',
  onsetDate,
  phenotype: 'transverse_myelitis',
  severity: 'moderate',
});
type Status = PatientTimeline['aqp4Status'];
const seronegative = (events: TimelineEvent[], aqp4Status: Status = 'negative') => patientWith(events, { aqp4Status });

describe('AQP4_RETEST_DUE', () => {
  // Attack 2024-03-02 + 90 days: retest due by 2024-05-31; overdue from 2024-06-01.
  it.each([
    ['2024-03-02', []],
    ['2024-05-30', []],
    ['2024-05-31', []],
    ['2024-06-01', ['AQP4_RETEST_DUE']],
  ])('seronegative patient, attack 2024-03-02, as of %s: %j', (asOf, expected) => {
    expect(codes(run(aqp4RetestDueRule, seronegative([attack('2024-03-02')]), asOf))).toEqual(expected);
  });

  it('dates the flag at onset and gives the numbers', () => {
    const patient = seronegative([test('2021-05-01', 'negative'), attack('2024-03-02')], 'unknown');
    const [flag] = run(aqp4RetestDueRule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      code: 'AQP4_RETEST_DUE',
      severity: 'warning',
      date: '2024-03-02',
      source: SOURCES.aqp4Retest,
      details: {
        onsetDate: '2024-03-02',
        phenotype: 'transverse_myelitis',
        severity: 'moderate',
        seronegativeBasis: 'negative_test',
        lastAqp4TestDate: '2021-05-01',
        lastAqp4TestResult: 'negative',
        retestWithinDays: 90,
        dueDate: '2024-05-31',
        daysSinceOnset: 91,
        daysOverdue: 1,
      },
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, moderate) in a seronegative patient (AQP4 tested negative; last AQP4 test negative on 2021-05-01): no AQP4 antibody retest since onset, 91 days ago; the clinic expects a retest within 90 days of a relapse (due by 2024-05-31).',
    );
  });

  it('takes a recorded negative status without any test', () => {
    const [flag] = run(aqp4RetestDueRule, seronegative([attack('2024-03-02')]), '2024-06-01');
    expect(flag?.details).toMatchObject({
      seronegativeBasis: 'recorded_status',
      lastAqp4TestDate: null,
      lastAqp4TestResult: null,
    });
    expect(flag?.message).toContain('(recorded AQP4 status negative; no AQP4 test on record)');
  });

  it.each<[string, Status, TimelineEvent[], string[]]>([
    ['status negative', 'negative', [], ['AQP4_RETEST_DUE']],
    ['status unknown, a negative test', 'unknown', [test('2020-01-01', 'negative')], ['AQP4_RETEST_DUE']],
    ['no status, a negative test', undefined, [test('2020-01-01', 'negative')], ['AQP4_RETEST_DUE']],
    ['status unknown, no test', 'unknown', [], []],
    ['no status, no test', undefined, [], []],
    ['status unknown, borderline test only', 'unknown', [test('2020-01-01', 'borderline')], []],
    ['status unknown, negative MOG test only', 'unknown', [test('2020-01-01', 'negative', 'MOG')], []],
    ['status positive, negative tests', 'positive', [test('2020-01-01', 'negative')], []],
    ['status negative, an earlier positive test', 'negative', [test('2019-01-01', 'positive')], []],
    [
      'negative after positive (titres fall on treatment)',
      'unknown',
      [test('2019-01-01', 'positive'), test('2020-01-01', 'negative')],
      [],
    ],
    [
      'a positive test only after as-of',
      'unknown',
      [test('2020-01-01', 'negative'), test('2025-01-01', 'positive')],
      ['AQP4_RETEST_DUE'],
    ],
  ])('seronegative or not: %s', (_, status, tests, expected) => {
    const patient = patientWith([...tests, attack('2024-03-02')], { aqp4Status: status });
    expect(codes(run(aqp4RetestDueRule, patient, '2024-07-01'))).toEqual(expected);
  });

  it.each<[string, TimelineEvent[], string[]]>([
    ['retest on the onset day', [test('2024-03-02', 'negative')], []],
    ['retest the day before onset', [test('2024-03-01', 'negative')], ['AQP4_RETEST_DUE']],
    ['borderline retest after onset', [test('2024-04-10', 'borderline')], []],
    ['late retest (after the window) still counts', [test('2024-06-20', 'negative')], []],
    ['MOG test after onset does not count', [test('2024-04-10', 'negative', 'MOG')], ['AQP4_RETEST_DUE']],
    ['retest after as-of is not known yet', [test('2024-08-01', 'negative')], ['AQP4_RETEST_DUE']],
  ])('%s', (_, tests, expected) => {
    expect(codes(run(aqp4RetestDueRule, seronegative([attack('2024-03-02'), ...tests]), '2024-07-01'))).toEqual(
      expected,
    );
  });

  it('looks at the latest attack only', () => {
    const earlierUntested = seronegative([attack('2022-01-01'), attack('2024-03-02'), test('2024-03-10', 'negative')]);
    expect(run(aqp4RetestDueRule, earlierUntested, '2024-07-01')).toEqual([]);
    const latestUntested = seronegative([attack('2024-03-02'), test('2022-01-10', 'negative'), attack('2022-01-01')]);
    expect(run(aqp4RetestDueRule, latestUntested, '2024-07-01').map((f) => f.date)).toEqual(['2024-03-02']);
    // As of a date before the second attack, the first one is the latest.
    expect(run(aqp4RetestDueRule, latestUntested, '2023-01-01')).toEqual([]);
    expect(run(aqp4RetestDueRule, earlierUntested, '2023-01-01').map((f) => f.date)).toEqual(['2022-01-01']);
  });

  it('does not flag without an attack', () => {
    expect(run(aqp4RetestDueRule, seronegative([test('2020-01-01', 'negative')]), '2024-07-01')).toEqual([]);
  });

  it.each([
    [30, '2024-04-01', []],
    [30, '2024-04-02', ['AQP4_RETEST_DUE']],
    [180, '2024-07-01', []],
  ])('with a %i-day window, as of %s: %j', (aqp4RetestWithinDays, asOf, expected) => {
    const flags = run(aqp4RetestDueRule, seronegative([attack('2024-03-02')]), asOf, {
      monitoring: { aqp4RetestWithinDays },
    });
    expect(codes(flags)).toEqual(expected);
  });
});
