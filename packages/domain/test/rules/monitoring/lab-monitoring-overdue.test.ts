import { describe, expect, it } from 'vitest';
import type { LabTest, TherapyAgent } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { labMonitoringOverdueRule } from '../../../src/rules/monitoring/lab-monitoring-overdue.ts';
import { resolveRuleSettings } from '../../../src/rules/settings.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { flagHead, patientWith, run } from '../helpers.ts';
import { lifecycle, openFlags } from './lifecycle.ts';

const course = (
  agent: TherapyAgent,
  startDate: string,
  extra: { stopDate?: string; administrations?: { date: string }[] } = {},
): TimelineEvent => ({ type: 'therapy', agent, startDate, ...extra });
const lab = (date: string, test: LabTest): TimelineEvent =>
  test === 'tpmt' ? { type: 'lab', date, test, result: 'normal' } : { type: 'lab', date, test, value: 5 };
const tpmtDone = lab('2023-12-20', 'tpmt');
/** "agent test" for each open flag, e.g. "azathioprine blood_count" (resolved history is left out). */
const which = (flags: Flag[]) => openFlags(flags).map((f) => `${f.details.agent} ${f.details.test}`);
/** The open flag of an agent and test (only the current episode can be open). */
const find = (flags: Flag[], agent: string, test: string) =>
  openFlags(flags).find((f) => f.details.agent === agent && f.details.test === test);
/** Every flag of an agent and test, history included. */
const allOf = (flags: Flag[], agent: string, test: string) =>
  flags.filter((f) => f.details.agent === agent && f.details.test === test);
/**
 * The protocol schedules alone (monitoring.azathioprine and .mycophenolate): these tests were written
 * for them; the label phases that come first (weekly blood counts in the first weeks) are tested in
 * lab-schedules.test.ts.
 */
const PROTOCOL_ONLY = {
  labSchedules: {
    schedules: { azathioprine: { blood_count: { phases: [] } }, mycophenolate: { blood_count: { phases: [] } } },
  },
};
const evaluate = (events: TimelineEvent[], asOf: string, settings: Record<string, unknown> = {}) =>
  run(labMonitoringOverdueRule, patientWith(events), asOf, resolveRuleSettings(PROTOCOL_ONLY, settings));

describe('LAB_MONITORING_OVERDUE, azathioprine', () => {
  // Started 2024-01-01 (TPMT done before): blood count every 14 days in the first 60 days, then
  // every 60 days; liver tests every 90 days (2024-03-31).
  it.each([
    ['2024-01-15', []],
    ['2024-01-16', ['azathioprine blood_count']],
    ['2024-03-31', ['azathioprine blood_count']],
    ['2024-04-01', ['azathioprine blood_count', 'azathioprine liver_tests']],
  ])('no labs since the start, as of %s: %j', (asOf, expected) => {
    const flags = evaluate([tpmtDone, course('azathioprine', '2024-01-01')], asOf);
    expect(which(flags)).toEqual(expected);
    // Nothing else: no history in a course without tests.
    expect(flags.map((f) => f.status)).toEqual(expected.map(() => 'open'));
  });

  it('gives the numbers and says which phase applied', () => {
    const events = [
      tpmtDone,
      course('azathioprine', '2024-01-01'),
      lab('2024-01-29', 'wbc'),
      lab('2024-01-29', 'platelets'),
    ];
    const flag = find(evaluate(events, '2024-02-17'), 'azathioprine', 'blood_count');
    expect(flag).toMatchObject({
      ...flagHead('LAB_MONITORING_OVERDUE', 'warning', '2024-02-12', 'open'),
      source: SOURCES.labMonitoring,
      details: {
        agent: 'azathioprine',
        test: 'blood_count',
        courseStartDate: '2024-01-01',
        lastDate: '2024-01-29',
        lastTests: ['platelets', 'wbc'],
        phase: 'initial',
        initialPhaseDays: 60,
        intervalDays: 14,
        dueDate: '2024-02-12',
        daysOverdue: 5,
      },
      message:
        'Azathioprine since 2024-01-01: last blood count (platelets, wbc) on 2024-01-29, in the first 60 days of the course; with a 14-day interval the next was due by 2024-02-12 and is 5 days overdue.',
    });
  });

  it('words the liver tests without a phase (one interval throughout)', () => {
    const flag = find(
      evaluate([tpmtDone, course('azathioprine', '2024-01-01')], '2024-04-01'),
      'azathioprine',
      'liver_tests',
    );
    expect(flag?.details).toMatchObject({
      lastDate: null,
      lastTests: [],
      intervalDays: 90,
      dueDate: '2024-03-31',
      daysOverdue: 1,
    });
    expect(flag?.message).toBe(
      'Azathioprine since 2024-01-01: no liver tests recorded since the start; with a 90-day interval the first was due by 2024-03-31 and is 1 day overdue.',
    );
  });

  // The interval is the one that applies on the day of the last test: day 59 still initial, day 60 regular.
  it.each([
    ['2024-02-26', 'initial', 14, '2024-03-11'],
    ['2024-02-29', 'initial', 14, '2024-03-14'],
    ['2024-03-01', 'regular', 60, '2024-04-30'],
  ])('last blood count on %s: %s phase, %i days, due by %s', (date, phase, intervalDays, dueDate) => {
    const events = [tpmtDone, course('azathioprine', '2024-01-01'), lab(date, 'hemoglobin'), lab('2024-03-01', 'alt')];
    expect(find(evaluate(events, dueDate), 'azathioprine', 'blood_count')).toBeUndefined();
    const flag = find(evaluate(events, '2024-05-15'), 'azathioprine', 'blood_count');
    expect(flag?.details).toMatchObject({ phase, intervalDays, dueDate, lastDate: date });
    if (phase === 'regular') expect(flag?.message).toContain('after the first 60 days of the course');
  });

  it.each<LabTest>(['wbc', 'lymphocytes_absolute', 'neutrophils_absolute', 'platelets', 'hemoglobin'])(
    '%s counts as a blood count, not as a liver test',
    (test) => {
      const flags = evaluate([tpmtDone, course('azathioprine', '2024-01-01'), lab('2024-01-10', test)], '2024-01-24');
      expect(which(flags)).toEqual([]);
      expect(
        which(evaluate([tpmtDone, course('azathioprine', '2024-01-01'), lab('2024-03-01', test)], '2024-04-01')),
      ).toEqual(['azathioprine liver_tests']);
    },
  );

  it.each<LabTest>(['alt', 'ast', 'bilirubin'])('%s counts as a liver test, not as a blood count', (test) => {
    const flags = evaluate([tpmtDone, course('azathioprine', '2024-01-01'), lab('2024-03-01', test)], '2024-04-01');
    expect(which(flags)).toEqual(['azathioprine blood_count']);
  });

  it('ignores tests before the course started and after as-of', () => {
    const events = [tpmtDone, course('azathioprine', '2024-01-01'), lab('2023-12-31', 'wbc'), lab('2024-01-20', 'wbc')];
    const flag = find(evaluate(events, '2024-01-16'), 'azathioprine', 'blood_count');
    expect(flag?.details).toMatchObject({ lastDate: null, dueDate: '2024-01-15' });
  });

  it.each([
    ['stopped before it was due (2024-01-15)', { stopDate: '2024-01-10' }, '2024-02-01', [], []],
    [
      'stopped on as-of, after it was due: the stop resolves it',
      { stopDate: '2024-02-01' },
      '2024-02-01',
      [],
      ['2024-01-15 resolved 2024-02-01: azathioprine stopped on 2024-02-01'],
    ],
    [
      'stop recorded after as-of',
      { stopDate: '2024-03-01' },
      '2024-02-01',
      ['azathioprine blood_count'],
      ['2024-01-15 open'],
    ],
  ])('%s', (_, extra, asOf, expected, states) => {
    const flags = evaluate([tpmtDone, course('azathioprine', '2024-01-01', extra)], asOf);
    expect(which(flags)).toEqual(expected);
    expect(lifecycle(flags)).toEqual(states);
  });

  it('does nothing before the course starts or for other agents', () => {
    expect(evaluate([course('azathioprine', '2024-01-01')], '2023-12-31')).toEqual([]);
    expect(evaluate([course('methotrexate', '2024-01-01'), course('eculizumab', '2024-01-01')], '2025-01-01')).toEqual(
      [],
    );
  });

  it('a restarted course starts its own schedule; earlier-course tests do not count', () => {
    const events = [
      tpmtDone,
      course('azathioprine', '2022-01-01', { stopDate: '2022-06-01' }),
      lab('2022-05-01', 'wbc'),
      lab('2022-05-01', 'alt'),
      course('azathioprine', '2024-01-01'),
    ];
    const flags = evaluate(events, '2024-04-01');
    expect(which(flags)).toEqual(['azathioprine blood_count', 'azathioprine liver_tests']);
    for (const flag of openFlags(flags))
      expect(flag.details).toMatchObject({ courseStartDate: '2024-01-01', lastDate: null });
    // The first course's history: its first tests were late, and it started without TPMT (the stop resolved that).
    expect(
      flags.filter((f) => f.details.courseStartDate === '2022-01-01').map((f) => `${f.details.test} ${lifecycle([f])}`),
    ).toEqual([
      'blood_count 2022-01-15 resolved 2022-05-01: blood count on 2022-05-01 (wbc)',
      'liver_tests 2022-04-01 resolved 2022-05-01: liver tests on 2022-05-01 (alt)',
      'tpmt 2022-01-01 resolved 2022-06-01: azathioprine stopped on 2022-06-01',
    ]);
  });

  it('overlapping courses of one agent: one flag per test, for the course that started last', () => {
    const events = [tpmtDone, course('azathioprine', '2023-01-01'), course('azathioprine', '2024-01-01')];
    const flags = evaluate(events, '2024-01-16');
    expect(which(flags)).toEqual(['azathioprine blood_count']);
    expect(openFlags(flags)[0]?.details.courseStartDate).toBe('2024-01-01');
    // The earlier course is taken as replaced by the later one on its start day.
    expect(
      flags.filter((f) => f.details.courseStartDate === '2023-01-01').map((f) => `${f.details.test} ${lifecycle([f])}`),
    ).toEqual([
      'blood_count 2023-01-15 resolved 2024-01-01: new azathioprine course started on 2024-01-01',
      'liver_tests 2023-04-01 resolved 2024-01-01: new azathioprine course started on 2024-01-01',
      'tpmt 2023-01-01 resolved 2023-12-20: TPMT tested on 2023-12-20, normal',
    ]);
  });

  it('follows the settings', () => {
    const events = [tpmtDone, course('azathioprine', '2024-01-01'), lab('2024-01-10', 'wbc')];
    const settings = { monitoring: { azathioprine: { initialBloodCountIntervalDays: 7 } } };
    expect(which(evaluate(events, '2024-01-17', settings))).toEqual([]);
    expect(find(evaluate(events, '2024-01-18', settings), 'azathioprine', 'blood_count')?.details.dueDate).toBe(
      '2024-01-17',
    );
    // With no initial phase, the regular 60 days apply from the start.
    const noInitial = { monitoring: { azathioprine: { initialPhaseDays: 0 } } };
    expect(find(evaluate(events, '2024-03-11', noInitial), 'azathioprine', 'blood_count')?.details).toMatchObject({
      phase: 'regular',
      dueDate: '2024-03-10',
    });
  });
});

describe('LAB_MONITORING_OVERDUE, TPMT before azathioprine', () => {
  it.each<[string, TimelineEvent[], string | null]>([
    ['no TPMT at all', [], null],
    ['TPMT on the first-dose day', [lab('2024-01-01', 'tpmt')], 'none'],
    ['TPMT years before (an earlier course)', [lab('2019-01-01', 'tpmt')], 'none'],
    ['TPMT the day after the first dose', [lab('2024-01-02', 'tpmt')], '2024-01-02'],
    ['TPMT only after as-of', [lab('2024-02-01', 'tpmt')], null],
  ])('%s', (_, tests, tpmtDate) => {
    const [flag, ...more] = allOf(
      evaluate([course('azathioprine', '2024-01-01'), ...tests], '2024-01-10'),
      'azathioprine',
      'tpmt',
    );
    expect(more).toEqual([]);
    if (tpmtDate === 'none') {
      expect(flag).toBeUndefined();
      return;
    }
    expect(flag).toMatchObject({
      code: 'LAB_MONITORING_OVERDUE',
      date: '2024-01-01',
      source: SOURCES.labMonitoring,
      // A TPMT done after the first dose (and before as-of) resolves it.
      status: tpmtDate === null ? 'open' : 'resolved',
      details: {
        agent: 'azathioprine',
        test: 'tpmt',
        firstDoseDate: '2024-01-01',
        courseStartDate: '2024-01-01',
        missingTests: ['tpmt'],
        testedOn: tpmtDate,
      },
    });
  });

  it('uses the first recorded dose, and says when TPMT was done late', () => {
    const events = [
      course('azathioprine', '2024-01-01', { administrations: [{ date: '2024-01-08' }] }),
      lab('2024-01-05', 'tpmt'),
    ];
    expect(find(evaluate(events, '2024-01-10'), 'azathioprine', 'tpmt')).toBeUndefined();
    const late = [
      course('azathioprine', '2024-01-01', { administrations: [{ date: '2024-01-08' }] }),
      lab('2024-01-20', 'tpmt'),
    ];
    const flag = allOf(evaluate(late, '2024-01-25'), 'azathioprine', 'tpmt')[0];
    expect(flag?.date).toBe('2024-01-08');
    expect(lifecycle([flag as Flag])).toEqual(['2024-01-08 resolved 2024-01-20: TPMT tested on 2024-01-20, normal']);
    expect(flag?.message).toBe(
      'Azathioprine first dose on 2024-01-08 (course started 2024-01-01) without a TPMT result on or before that day; TPMT should be tested before azathioprine is started. TPMT was tested on 2024-01-20, 12 days after the first dose.',
    );
    const none = find(evaluate([course('azathioprine', '2024-01-01')], '2024-01-02'), 'azathioprine', 'tpmt');
    expect(none?.message).toContain('No TPMT result is recorded.');
    expect(none?.status).toBe('open');
  });

  it('open only for an azathioprine course active on as-of; a stopped course resolves it', () => {
    const stopped = evaluate([course('azathioprine', '2023-01-01', { stopDate: '2023-01-05' })], '2024-01-10');
    expect(which(stopped)).toEqual([]);
    expect(lifecycle(stopped)).toEqual(['2023-01-01 resolved 2023-01-05: azathioprine stopped on 2023-01-05']);
    expect(evaluate([course('mycophenolate', '2024-01-01')], '2024-01-10')).toEqual([]);
  });
});

describe('LAB_MONITORING_OVERDUE, mycophenolate', () => {
  // Started 2024-01-01: blood count and liver tests monthly (30 days) in the first 180 days, then every 180 days.
  it.each([
    ['2024-01-31', []],
    ['2024-02-01', ['mycophenolate blood_count', 'mycophenolate liver_tests']],
  ])('no labs since the start, as of %s: %j', (asOf, expected) => {
    const flags = evaluate([course('mycophenolate', '2024-01-01')], asOf);
    expect(which(flags)).toEqual(expected);
    expect(flags.map((f) => f.status)).toEqual(expected.map(() => 'open'));
  });

  it.each([
    ['2024-06-28', 'initial', 30, '2024-07-28'],
    ['2024-06-29', 'regular', 180, '2024-12-26'],
  ])('last liver test on %s: %s phase, %i days, due by %s', (date, phase, intervalDays, dueDate) => {
    const events = [course('mycophenolate', '2024-01-01'), lab(date, 'ast'), lab('2024-12-01', 'wbc')];
    expect(find(evaluate(events, dueDate), 'mycophenolate', 'liver_tests')).toBeUndefined();
    const flag = find(evaluate(events, '2025-01-01'), 'mycophenolate', 'liver_tests');
    expect(flag?.status).toBe('open');
    expect(flag?.details).toMatchObject({ phase, intervalDays, dueDate, initialPhaseDays: 180, lastTests: ['ast'] });
  });

  it('flags each agent when azathioprine and mycophenolate overlap', () => {
    const events = [tpmtDone, course('azathioprine', '2024-01-01'), course('mycophenolate', '2024-01-10')];
    expect(which(evaluate(events, '2024-02-10'))).toEqual([
      'azathioprine blood_count',
      'mycophenolate blood_count',
      'mycophenolate liver_tests',
    ]);
  });

  it('follows the settings', () => {
    const settings = { monitoring: { mycophenolate: { initialLiverTestIntervalDays: 60 } } };
    expect(which(evaluate([course('mycophenolate', '2024-01-01')], '2024-02-01', settings))).toEqual([
      'mycophenolate blood_count',
    ]);
  });
});

describe('LAB_MONITORING_OVERDUE lifecycle', () => {
  // Azathioprine from 2024-01-01 (TPMT before): blood count due by 2024-01-15; tested 2024-01-29 (due
  // by 2024-02-12 again, initial phase); the course stops on 2024-02-20.
  const events = [
    tpmtDone,
    course('azathioprine', '2024-01-01', { stopDate: '2024-02-20' }),
    lab('2024-01-29', 'wbc'),
    lab('2024-01-29', 'platelets'),
  ];
  const first = '2024-01-15 resolved 2024-01-29: blood count on 2024-01-29 (platelets, wbc)';
  it.each([
    ['2024-01-15', []],
    ['2024-01-16', ['2024-01-15 open']],
    ['2024-01-28', ['2024-01-15 open']],
    ['2024-01-29', [first]],
    ['2024-02-12', [first]],
    ['2024-02-13', [first, '2024-02-12 open']],
    ['2024-02-19', [first, '2024-02-12 open']],
    ['2024-02-20', [first, '2024-02-12 resolved 2024-02-20: azathioprine stopped on 2024-02-20']],
    ['2026-01-01', [first, '2024-02-12 resolved 2024-02-20: azathioprine stopped on 2024-02-20']],
  ])('blood count, as of %s: %j', (asOf, expected) => {
    expect(lifecycle(allOf(evaluate(events, asOf), 'azathioprine', 'blood_count'))).toEqual(expected);
  });

  it('a resolved episode says what resolved it and counts to it', () => {
    const [flag] = allOf(evaluate(events, '2024-03-01'), 'azathioprine', 'blood_count');
    expect(flag).toMatchObject({
      date: '2024-01-15',
      status: 'resolved',
      resolvedOn: '2024-01-29',
      resolution: 'blood count on 2024-01-29 (platelets, wbc)',
      details: {
        lastDate: null,
        lastTests: [],
        phase: 'initial',
        intervalDays: 14,
        dueDate: '2024-01-15',
        daysOverdue: 14,
      },
      message:
        'Azathioprine course started 2024-01-01: no blood count recorded since the start, in the first 60 days of the course; with a 14-day interval the first was due by 2024-01-15 and was 14 days overdue: blood count on 2024-01-29 (platelets, wbc).',
    });
  });

  // A test on the due day is on time; the day after, it resolves a one-day episode. A stop likewise.
  it.each<[string, TimelineEvent[], string[]]>([
    ['test on the due day', [lab('2024-01-15', 'wbc')], []],
    [
      'test the day after',
      [lab('2024-01-16', 'wbc')],
      ['2024-01-15 resolved 2024-01-16: blood count on 2024-01-16 (wbc)'],
    ],
    ['stop on the due day', [], []],
    ['stop the day after', [], ['2024-01-15 resolved 2024-01-16: azathioprine stopped on 2024-01-16']],
  ])('%s', (label, tests, expected) => {
    const stopDate =
      label === 'stop on the due day' ? '2024-01-15' : label === 'stop the day after' ? '2024-01-16' : '2024-03-31';
    const flags = evaluate([tpmtDone, course('azathioprine', '2024-01-01', { stopDate }), ...tests], '2024-06-01');
    expect(lifecycle(allOf(flags, 'azathioprine', 'blood_count').filter((f) => f.date === '2024-01-15'))).toEqual(
      expected,
    );
    for (const flag of allOf(flags, 'azathioprine', 'blood_count')) expect(flag.status).not.toBe('open');
  });

  it('the regular phase follows the initial one in the walk (mycophenolate liver tests)', () => {
    // Monthly for 180 days, then every 180 days: tests on 2024-01-20, 2024-03-01 (late), 2024-07-01 (day 182: regular).
    const flags = evaluate(
      [
        course('mycophenolate', '2024-01-01'),
        lab('2024-01-20', 'alt'),
        lab('2024-03-01', 'ast'),
        lab('2024-07-01', 'alt'),
      ],
      '2025-01-01',
    );
    expect(lifecycle(allOf(flags, 'mycophenolate', 'liver_tests'))).toEqual([
      '2024-02-19 resolved 2024-03-01: liver tests on 2024-03-01 (ast)',
      '2024-03-31 resolved 2024-07-01: liver tests on 2024-07-01 (alt)',
      '2024-12-28 open',
    ]);
    expect(allOf(flags, 'mycophenolate', 'liver_tests').map((f) => f.details.phase)).toEqual([
      'initial',
      'initial',
      'regular',
    ]);
  });

  // No TPMT before the first dose (2024-01-01): open while the course runs, until a TPMT or the stop.
  it.each<[string, TimelineEvent[], string, string[]]>([
    ['no TPMT yet', [], '2024-01-01', ['2024-01-01 open']],
    ['TPMT the next day, as of the day before it', [lab('2024-01-20', 'tpmt')], '2024-01-19', ['2024-01-01 open']],
    [
      'TPMT, as of its day',
      [lab('2024-01-20', 'tpmt')],
      '2024-01-20',
      ['2024-01-01 resolved 2024-01-20: TPMT tested on 2024-01-20, normal'],
    ],
    [
      'TPMT on the stop day: the test resolves it',
      [lab('2024-03-01', 'tpmt')],
      '2024-06-01',
      ['2024-01-01 resolved 2024-03-01: TPMT tested on 2024-03-01, normal'],
    ],
    [
      'TPMT after the stop: the stop resolved it',
      [lab('2024-04-01', 'tpmt')],
      '2024-06-01',
      ['2024-01-01 resolved 2024-03-01: azathioprine stopped on 2024-03-01'],
    ],
  ])('TPMT: %s', (label, tests, asOf, expected) => {
    const extra = label.includes('stop') ? { stopDate: '2024-03-01' } : {};
    const flags = evaluate([course('azathioprine', '2024-01-01', extra), ...tests], asOf);
    expect(lifecycle(allOf(flags, 'azathioprine', 'tpmt'))).toEqual(expected);
  });
});
