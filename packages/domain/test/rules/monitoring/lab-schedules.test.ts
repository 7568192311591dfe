import { describe, expect, it } from 'vitest';
import type { LabTest, TherapyAgent } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { labMonitoringOverdueRule } from '../../../src/rules/monitoring/lab-monitoring-overdue.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { patientWith, run } from '../helpers.ts';
import { lifecycle, openFlags } from './lifecycle.ts';

/** The per-agent label schedules of LAB_MONITORING_OVERDUE (labSchedules), boundaries to the day. */
const START = '2024-01-01';
const course = (agent: TherapyAgent, extra: { stopDate?: string } = {}): TimelineEvent => ({
  type: 'therapy',
  agent,
  startDate: START,
  ...extra,
});
const lab = (date: string, test: LabTest): TimelineEvent =>
  test === 'tpmt' ? { type: 'lab', date, test, result: 'normal' } : { type: 'lab', date, test, value: 5 };
/** Baselines done before the start, so that only the interval panels show. */
const BASELINES: TimelineEvent[] = [lab('2023-12-20', 'tpmt'), lab('2023-12-20', 'igg'), lab('2023-12-20', 'alt')];
const evaluate = (events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) =>
  run(labMonitoringOverdueRule, patientWith([...BASELINES, ...events]), asOf, settings ?? {});
const which = (flags: Flag[]) => openFlags(flags).map((f) => `${f.details.test} due ${f.details.dueDate}`);
const ofTest = (flags: Flag[], test: string) => flags.filter((f) => f.details.test === test);

describe('LAB_MONITORING_OVERDUE per agent (labSchedules)', () => {
  // Azathioprine blood count weekly in the first 28 days (then every 14 to day 60, every 60 after).
  it.each([
    ['no count, as of day 7 (due)', [], '2024-01-08', []],
    ['no count, as of day 8', [], '2024-01-09', ['blood_count due 2024-01-08']],
    ['count on day 20, as of day 27', ['2024-01-21'], '2024-01-28', []],
    ['count on day 20, as of day 28', ['2024-01-21'], '2024-01-29', ['blood_count due 2024-01-28']],
    ['count on day 28 (second phase: 14 days), as of day 42', ['2024-01-29'], '2024-02-12', []],
    ['count on day 28, as of day 43', ['2024-01-29'], '2024-02-13', ['blood_count due 2024-02-12']],
  ])('azathioprine: %s', (_label, counts, asOf, expected) => {
    const flags = evaluate([course('azathioprine'), ...counts.map((d) => lab(d, 'wbc'))], asOf);
    expect(which(flags).filter((w) => w.startsWith('blood_count'))).toEqual(expected);
  });

  // Mycophenolate blood count (CELLCEPT): weekly to day 30, every 14 days to day 90, monthly to day 180.
  it.each([
    ['2024-01-25', '2024-02-01', []],
    ['2024-01-25', '2024-02-02', ['blood_count due 2024-02-01']],
    ['2024-02-15', '2024-02-29', []],
    ['2024-02-15', '2024-03-01', ['blood_count due 2024-02-29']],
    ['2024-04-01', '2024-05-01', []],
    ['2024-04-01', '2024-05-02', ['blood_count due 2024-05-01']],
  ])('mycophenolate: count on %s, as of %s', (count, asOf, expected) => {
    const flags = evaluate([course('mycophenolate'), lab(count, 'wbc')], asOf);
    expect(which(flags).filter((w) => w.startsWith('blood_count'))).toEqual(expected);
  });

  // Satralizumab ALT/AST every 28 days to day 90, every 90 days to day 455, then as clinically indicated.
  it.each([
    ['none yet, day 28', [], '2024-01-29', []],
    ['none yet, day 29', [], '2024-01-30', ['transaminases due 2024-01-29']],
    ['ALT on day 89 (28 days)', ['2024-03-30'], '2024-04-28', ['transaminases due 2024-04-27']],
    ['AST on day 90 (90 days), as of its due day', ['2024-03-31'], '2024-06-29', []],
    ['AST on day 90, the day after', ['2024-03-31'], '2024-06-30', ['transaminases due 2024-06-29']],
    ['ALT on day 455: as clinically indicated', ['2025-03-31'], '2027-01-01', []],
  ])('satralizumab transaminases: %s', (_label, tests, asOf, expected) => {
    const events = [course('satralizumab'), ...tests.map((d) => lab(d, 'alt')), lab(asOf, 'neutrophils_absolute')];
    expect(which(evaluate(events, asOf))).toEqual(expected);
  });

  // Neutrophils within 56 days of the start, then every 90 days (satralizumab and tocilizumab).
  it.each<[TherapyAgent, string[], string, string[]]>([
    ['satralizumab', [], '2024-02-26', []],
    ['satralizumab', [], '2024-02-27', ['neutrophils due 2024-02-26']],
    ['tocilizumab', ['2024-02-01'], '2024-05-01', []],
    ['tocilizumab', ['2024-02-01'], '2024-05-02', ['neutrophils due 2024-05-01']],
  ])('%s neutrophils %j as of %s', (agent, counts, asOf, expected) => {
    const events = [course(agent), ...counts.map((d) => lab(d, 'neutrophils_absolute')), lab(asOf, 'ast')];
    expect(which(evaluate(events, asOf))).toEqual(expected);
  });

  it('a blood count without neutrophils does not count for the IL-6 schedule; bilirubin is no transaminase', () => {
    const events = [course('tocilizumab'), lab('2024-02-01', 'wbc'), lab('2024-02-01', 'bilirubin')];
    expect(which(evaluate(events, '2024-02-27'))).toEqual([
      'transaminases due 2024-02-26',
      'neutrophils due 2024-02-26',
    ]);
  });

  // B-cell therapy: IgG every 183 days.
  it.each<[TherapyAgent, string, string[]]>([
    ['rituximab', '2024-07-02', []],
    ['rituximab', '2024-07-03', ['igg due 2024-07-02']],
    ['inebilizumab', '2024-07-03', ['igg due 2024-07-02']],
    ['ocrelizumab', '2024-07-03', ['igg due 2024-07-02']],
    ['ofatumumab', '2024-07-03', ['igg due 2024-07-02']],
    ['eculizumab', '2024-07-03', []],
  ])('%s IgG as of %s', (agent, asOf, expected) => {
    expect(which(evaluate([course(agent)], asOf))).toEqual(expected);
  });

  it('IgG lifecycle: resolved by the late test, open again, resolved by the stop', () => {
    const events = [course('inebilizumab', { stopDate: '2025-03-01' }), lab('2024-08-01', 'igg')];
    expect(lifecycle(ofTest(evaluate(events, '2025-02-01'), 'igg'))).toEqual([
      '2024-07-02 resolved 2024-08-01: IgG on 2024-08-01 (igg)',
      '2025-01-31 open',
    ]);
    expect(lifecycle(ofTest(evaluate(events, '2025-03-01'), 'igg'))).toEqual([
      '2024-07-02 resolved 2024-08-01: IgG on 2024-08-01 (igg)',
      '2025-01-31 resolved 2025-03-01: inebilizumab stopped on 2025-03-01',
    ]);
  });

  it('follows the settings: a schedule can be added, changed or switched off', () => {
    const events = [course('methotrexate')];
    const added = {
      labSchedules: { schedules: { methotrexate: { liver_tests: { phases: [], thenIntervalDays: 30 } } } },
    };
    expect(which(evaluate(events, '2024-02-01', added))).toEqual(['liver_tests due 2024-01-31']);
    const off = { labSchedules: { schedules: { rituximab: { igg: { phases: [], thenIntervalDays: null } } } } };
    expect(which(evaluate([course('rituximab')], '2025-01-01', off))).toEqual([]);
  });
});

describe('LAB_MONITORING_OVERDUE baseline tests (labSchedules.baseline)', () => {
  const baseline = (events: TimelineEvent[], asOf: string) =>
    run(labMonitoringOverdueRule, patientWith(events), asOf).filter((f) =>
      String(f.details.test).endsWith('_baseline'),
    );

  it.each<[TherapyAgent, string | null]>([
    ['rituximab', 'igg_baseline'],
    ['inebilizumab', 'igg_baseline'],
    ['satralizumab', 'transaminases_baseline'],
    ['tocilizumab', 'transaminases_baseline'],
    ['eculizumab', null],
  ])('%s without a baseline: %s', (agent, test) => {
    expect(baseline([course(agent)], '2024-01-01').map((f) => f.details.test)).toEqual(test ? [test] : []);
  });

  it.each([
    ['IgG on the first dose day', [lab(START, 'igg')], []],
    ['IgG the day after, as of the day before it', [lab('2024-01-02', 'igg')], ['2024-01-01 open']],
  ])('%s', (_label, tests, expected) => {
    expect(lifecycle(baseline([course('rituximab'), ...tests], START))).toEqual(expected);
  });

  it('a late baseline resolves it and is named; a stop first resolves it', () => {
    const late = baseline([course('satralizumab'), lab('2024-01-15', 'ast')], '2024-02-01');
    expect(lifecycle(late)).toEqual(['2024-01-01 resolved 2024-01-15: ALT or AST tested on 2024-01-15']);
    expect(late[0]?.message).toBe(
      'Satralizumab first dose on 2024-01-01 (course started 2024-01-01) without an ALT or AST result on or before that day; ALT or AST should be tested before satralizumab is started. ALT or AST was tested on 2024-01-15, 14 days after the first dose.',
    );
    const stopped = baseline([course('rituximab', { stopDate: '2024-01-10' }), lab('2024-01-15', 'igg')], '2024-02-01');
    expect(lifecycle(stopped)).toEqual(['2024-01-01 resolved 2024-01-10: rituximab stopped on 2024-01-10']);
  });
});

describe('LAB_MONITORING_OVERDUE, NUDT15 with TPMT before azathioprine (labSchedules.requireNudt15)', () => {
  const settings = { labSchedules: { requireNudt15: true } };
  const tpmtOnly = [course('azathioprine'), lab('2023-12-20', 'tpmt')];
  const tpmtFlags = (events: TimelineEvent[], asOf: string, s?: Record<string, unknown>) =>
    run(labMonitoringOverdueRule, patientWith(events), asOf, s ?? {}).filter((f) => f.details.test === 'tpmt');

  it('off by default: TPMT alone is enough', () => {
    expect(tpmtFlags(tpmtOnly, '2024-01-02')).toEqual([]);
  });

  it('on: NUDT15 missing is named; a later NUDT15 resolves it', () => {
    const [flag] = tpmtFlags(tpmtOnly, '2024-01-02', settings);
    expect(flag?.details).toMatchObject({ missingTests: ['nudt15'] });
    expect(flag?.message).toContain('without a NUDT15 result on or before that day');
    const nudt15: TimelineEvent = { type: 'lab', date: '2024-01-10', test: 'nudt15', result: 'normal' };
    expect(lifecycle(tpmtFlags([...tpmtOnly, nudt15], '2024-01-10', settings))).toEqual([
      '2024-01-01 resolved 2024-01-10: NUDT15 tested on 2024-01-10, normal',
    ]);
  });

  it('on, neither tested: both named', () => {
    const [flag] = tpmtFlags([course('azathioprine')], '2024-01-02', settings);
    expect(flag?.message).toContain('without a TPMT and NUDT15 result');
  });
});
