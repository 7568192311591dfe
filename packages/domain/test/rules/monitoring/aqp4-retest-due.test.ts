import { describe, expect, it } from 'vitest';
import type { AntibodyResult, AntibodyTarget } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import type { PatientTimeline } from '../../../src/records/patient.ts';
import { aqp4RetestDueRule } from '../../../src/rules/monitoring/aqp4-retest-due.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { attack, codes, flagHead, patientWith, run } from '../helpers.ts';
import { lifecycle, openAsOf } from './lifecycle.ts';

const test = (date: string, result: AntibodyResult, antibody: AntibodyTarget = 'AQP4'): TimelineEvent => ({
  type: 'antibody',
  date,
  antibody,
  assay: 'cba_live',
  result,
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
  ])(
    'seronegative patient, attack 2024-03-02, as of %s: %j',
    openAsOf(aqp4RetestDueRule, seronegative([attack('2024-03-02')]), '2024-03-02'),
  );

  it('dates the flag at onset and gives the numbers', () => {
    const patient = seronegative([test('2021-05-01', 'negative'), attack('2024-03-02')], 'unknown');
    const [flag] = run(aqp4RetestDueRule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      ...flagHead('AQP4_RETEST_DUE', 'warning', '2024-03-02', 'open'),
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
      message:
        'Attack on 2024-03-02 (transverse myelitis, moderate) in a seronegative patient (AQP4 tested negative; last AQP4 test negative on 2021-05-01): no AQP4 antibody retest since onset, 91 days ago; the clinic expects a retest within 90 days of a relapse (due by 2024-05-31).',
    });
  });

  it('takes a recorded negative status without any test', () => {
    const [flag] = run(aqp4RetestDueRule, seronegative([attack('2024-03-02')]), '2024-06-01');
    expect(flag?.status).toBe('open');
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
    ['status unknown, no test (never tested)', 'unknown', [], ['AQP4_RETEST_DUE']],
    ['no status, no test (never tested)', undefined, [], ['AQP4_RETEST_DUE']],
    ['status unknown, borderline test only', 'unknown', [test('2020-01-01', 'borderline')], []],
    [
      'status unknown, negative MOG test only (never tested for AQP4)',
      'unknown',
      [test('2020-01-01', 'negative', 'MOG')],
      ['AQP4_RETEST_DUE'],
    ],
    ['status unknown, an AQP4 test only after the onset', 'unknown', [test('2024-03-20', 'negative')], []],
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
    const flags = run(aqp4RetestDueRule, patient, '2024-07-01');
    expect(codes(flags)).toEqual(expected);
    expect(flags.map((f) => f.status)).toEqual(expected.map(() => 'open'));
  });

  // The working diagnosis decides: MOGAD (recorded, or MOG-IgG positive with AQP4-IgG negative) needs no
  // AQP4 retest; a recorded AQP4-positive NMOSD diagnosis neither.
  it.each<[string, Partial<PatientTimeline>, TimelineEvent[], string | null]>([
    ['MOG positive, AQP4 negative (MOGAD derived)', { aqp4Status: 'negative', mogStatus: 'positive' }, [], null],
    [
      'MOG-IgG positive test, AQP4-IgG negative test (MOGAD derived from the tests)',
      { aqp4Status: 'unknown', mogStatus: 'unknown' },
      [test('2020-01-01', 'negative'), test('2020-01-01', 'positive', 'MOG')],
      null,
    ],
    ['MOGAD recorded, AQP4 status unknown', { aqp4Status: 'unknown', diagnosis: 'mogad' }, [], null],
    [
      'MOG positive, AQP4 never tested: test AQP4 (the MOGAD criteria need it)',
      { aqp4Status: 'unknown', mogStatus: 'positive' },
      [],
      'never_tested',
    ],
    [
      'AQP4-positive NMOSD recorded, status negative',
      { aqp4Status: 'negative', diagnosis: 'nmosd_aqp4_positive' },
      [],
      null,
    ],
    [
      'seronegative NMOSD recorded, status negative',
      { aqp4Status: 'negative', diagnosis: 'nmosd_seronegative' },
      [],
      'seronegative_retest',
    ],
    [
      'seronegative NMOSD recorded, never tested',
      { aqp4Status: 'unknown', diagnosis: 'nmosd_seronegative' },
      [],
      'never_tested',
    ],
    ['double seronegative, no diagnosis', { aqp4Status: 'negative', mogStatus: 'negative' }, [], 'seronegative_retest'],
  ])('by diagnosis: %s', (_, fields, tests, reason) => {
    const flags = run(aqp4RetestDueRule, patientWith([...tests, attack('2024-03-02')], fields), '2024-07-01');
    expect(flags.map((flag) => flag.details.reason)).toEqual(reason === null ? [] : [reason]);
  });

  it('prompts a never-tested patient to test, with its own source and reason', () => {
    const patient = patientWith([attack('2024-03-02')], { aqp4Status: 'unknown', mogStatus: 'unknown' });
    expect(run(aqp4RetestDueRule, patient, '2024-05-31')).toEqual([]);
    const [flag] = run(aqp4RetestDueRule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      ...flagHead('AQP4_RETEST_DUE', 'warning', '2024-03-02', 'open'),
      source: SOURCES.aqp4Testing,
      details: {
        reason: 'never_tested',
        diagnosis: 'other_or_uncertain',
        diagnosisBasis: 'serostatus',
        seronegativeBasis: null,
        lastAqp4TestDate: null,
        dueDate: '2024-05-31',
        daysOverdue: 1,
      },
      message:
        'Attack on 2024-03-02 (transverse myelitis, moderate) in a patient never tested for AQP4-IgG (working diagnosis other or uncertain diagnosis (no diagnosis recorded; serostatus AQP4-IgG not known, MOG-IgG not known)): no AQP4 antibody test within 90 days of onset (due by 2024-05-31). Test AQP4-IgG with a cell-based assay: the diagnosis (AQP4-positive or seronegative NMOSD, MOGAD) and the choice of maintenance therapy depend on it.',
    });
    const tested = patientWith([attack('2024-03-02'), test('2024-06-10', 'positive')], { aqp4Status: 'unknown' });
    const [resolved] = run(aqp4RetestDueRule, tested, '2024-07-01');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedOn: '2024-06-10' });
    expect(resolved?.resolution).toBe('AQP4-IgG tested on 2024-06-10, positive');
  });

  it.each<[string, TimelineEvent[], string[]]>([
    ['retest on the onset day', [test('2024-03-02', 'negative')], []],
    ['retest the day before onset', [test('2024-03-01', 'negative')], ['2024-03-02 open']],
    ['borderline retest after onset', [test('2024-04-10', 'borderline')], []],
    [
      'late retest (after the window) resolves it',
      [test('2024-06-20', 'negative')],
      ['2024-03-02 resolved 2024-06-20: AQP4-IgG tested on 2024-06-20, negative'],
    ],
    ['MOG test after onset does not count', [test('2024-04-10', 'negative', 'MOG')], ['2024-03-02 open']],
    ['retest after as-of is not known yet', [test('2024-08-01', 'negative')], ['2024-03-02 open']],
  ])('%s', (_, tests, expected) => {
    const flags = run(aqp4RetestDueRule, seronegative([attack('2024-03-02'), ...tests]), '2024-07-01');
    expect(codes(flags)).toEqual(expected.map(() => 'AQP4_RETEST_DUE'));
    expect(lifecycle(flags)).toEqual(expected);
  });

  it('looks at every attack; only the latest can be open', () => {
    const earlierUntested = seronegative([attack('2022-01-01'), attack('2024-03-02'), test('2024-03-10', 'negative')]);
    // The 2022 attack was never retested before the next one; the test for the 2024 attack answered it too.
    expect(lifecycle(run(aqp4RetestDueRule, earlierUntested, '2024-07-01'))).toEqual([
      '2022-01-01 resolved 2024-03-10: AQP4-IgG tested on 2024-03-10, negative',
    ]);
    const latestUntested = seronegative([attack('2024-03-02'), test('2022-01-10', 'negative'), attack('2022-01-01')]);
    expect(run(aqp4RetestDueRule, latestUntested, '2024-07-01').map((f) => f.date)).toEqual(['2024-03-02']);
    expect(lifecycle(run(aqp4RetestDueRule, latestUntested, '2024-07-01'))).toEqual(['2024-03-02 open']);
    // As of a date before the second attack, the first one is the latest.
    expect(run(aqp4RetestDueRule, latestUntested, '2023-01-01')).toEqual([]);
    expect(run(aqp4RetestDueRule, earlierUntested, '2023-01-01').map((f) => f.date)).toEqual(['2022-01-01']);
    expect(lifecycle(run(aqp4RetestDueRule, earlierUntested, '2023-01-01'))).toEqual(['2022-01-01 open']);
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
    expect(flags.map((f) => f.status)).toEqual(expected.map(() => 'open'));
  });
});

describe('AQP4_RETEST_DUE lifecycle', () => {
  // Attack 2024-03-02: retest due by 2024-05-31, open from 2024-06-01.
  it.each<[string, TimelineEvent[], string[]]>([
    ['2024-07-01', [test('2024-05-31', 'negative')], []],
    ['2024-05-31', [test('2024-06-01', 'negative')], []],
    [
      '2024-06-01',
      [test('2024-06-01', 'negative')],
      ['2024-03-02 resolved 2024-06-01: AQP4-IgG tested on 2024-06-01, negative'],
    ],
    ['2024-06-19', [test('2024-06-20', 'positive')], ['2024-03-02 open']],
    [
      '2024-06-20',
      [test('2024-06-20', 'positive')],
      ['2024-03-02 resolved 2024-06-20: AQP4-IgG tested on 2024-06-20, positive'],
    ],
    [
      '2024-07-01',
      [test('2024-06-20', 'borderline')],
      ['2024-03-02 resolved 2024-06-20: AQP4-IgG tested on 2024-06-20, borderline'],
    ],
  ])('as of %s with %j: %j', (asOf, tests, expected) => {
    expect(lifecycle(run(aqp4RetestDueRule, seronegative([attack('2024-03-02'), ...tests]), asOf))).toEqual(expected);
  });

  // A second attack on 2024-09-01 (due by 2024-11-30) takes the question over: the first attack's flag
  // expires that day; one test answers both.
  it.each<[string, TimelineEvent[], string[]]>([
    ['2024-08-31', [], ['2024-03-02 open']],
    ['2024-09-01', [], ['2024-03-02 expired 2024-09-01']],
    ['2024-11-30', [], ['2024-03-02 expired 2024-09-01']],
    ['2024-12-01', [], ['2024-03-02 expired 2024-09-01', '2024-09-01 open']],
    [
      '2024-08-31',
      [test('2024-08-31', 'negative')],
      ['2024-03-02 resolved 2024-08-31: AQP4-IgG tested on 2024-08-31, negative'],
    ],
    [
      '2024-12-31',
      [test('2024-09-01', 'negative')],
      ['2024-03-02 resolved 2024-09-01: AQP4-IgG tested on 2024-09-01, negative'],
    ],
    ['2025-01-09', [test('2025-01-10', 'negative')], ['2024-03-02 expired 2024-09-01', '2024-09-01 open']],
    [
      '2025-01-10',
      [test('2025-01-10', 'negative')],
      [
        '2024-03-02 resolved 2025-01-10: AQP4-IgG tested on 2025-01-10, negative',
        '2024-09-01 resolved 2025-01-10: AQP4-IgG tested on 2025-01-10, negative',
      ],
    ],
  ])('two attacks, as of %s with %j: %j', (asOf, tests, expected) => {
    const patient = seronegative([attack('2024-03-02'), attack('2024-09-01'), ...tests]);
    expect(lifecycle(run(aqp4RetestDueRule, patient, asOf))).toEqual(expected);
  });

  // The next attack on or before the due day takes the question over while the retest is still on time.
  it.each([
    ['2024-05-31', ['2024-05-31 open']],
    ['2024-06-01', ['2024-03-02 expired 2024-06-01', '2024-06-01 open']],
  ])('next attack on %s, as of 2024-09-01: %j', (next, expected) => {
    expect(lifecycle(run(aqp4RetestDueRule, seronegative([attack('2024-03-02'), attack(next)]), '2024-09-01'))).toEqual(
      expected,
    );
  });

  it('says what resolved it and counts to that test', () => {
    const patient = seronegative(
      [test('2021-05-01', 'negative'), attack('2024-03-02'), test('2024-06-20', 'negative')],
      'unknown',
    );
    const [flag] = run(aqp4RetestDueRule, patient, '2025-01-01');
    expect(flag).toMatchObject({
      date: '2024-03-02',
      status: 'resolved',
      resolvedOn: '2024-06-20',
      resolution: 'AQP4-IgG tested on 2024-06-20, negative',
      details: {
        seronegativeBasis: 'negative_test',
        lastAqp4TestDate: '2021-05-01',
        lastAqp4TestResult: 'negative',
        dueDate: '2024-05-31',
        daysSinceOnset: 110,
        daysOverdue: 20,
      },
      message:
        'Attack on 2024-03-02 (transverse myelitis, moderate) in a seronegative patient (AQP4 tested negative; last AQP4 test negative on 2021-05-01): no AQP4 antibody retest within 90 days of onset (due by 2024-05-31); retested 110 days after onset: AQP4-IgG tested on 2024-06-20, negative.',
    });
  });

  it('an expired flag says the next attack carries the question, and counts to the day before it', () => {
    const [flag] = run(aqp4RetestDueRule, seronegative([attack('2024-03-02'), attack('2024-09-01')]), '2025-01-01');
    expect(flag).toMatchObject({
      status: 'expired',
      details: { dueDate: '2024-05-31', daysSinceOnset: 182, daysOverdue: 92, expiredOn: '2024-09-01' },
      message:
        'Attack on 2024-03-02 (transverse myelitis, moderate) in a seronegative patient (recorded AQP4 status negative; no AQP4 test on record): no AQP4 antibody retest within 90 days of onset (due by 2024-05-31) nor before the next attack on 2024-09-01, which carries the retest question.',
    });
  });

  it('a positive result resolves it even when the status was then recorded as positive', () => {
    const events = [test('2020-01-01', 'negative'), attack('2024-03-02'), test('2024-06-20', 'positive')];
    for (const aqp4Status of ['positive', 'unknown', 'negative'] as const) {
      expect(lifecycle(run(aqp4RetestDueRule, patientWith(events, { aqp4Status }), '2024-07-01'))).toEqual([
        '2024-03-02 resolved 2024-06-20: AQP4-IgG tested on 2024-06-20, positive',
      ]);
    }
    // Seropositive from that test on: a later attack raises nothing.
    expect(
      lifecycle(
        run(
          aqp4RetestDueRule,
          patientWith([...events, attack('2025-01-01')], { aqp4Status: 'positive' }),
          '2026-01-01',
        ),
      ),
    ).toEqual(['2024-03-02 resolved 2024-06-20: AQP4-IgG tested on 2024-06-20, positive']);
  });
});
