import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { azathioprineMetabolismRule } from '../../../src/rules/therapy/azathioprine-metabolism.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { lifecycles, opened, resolved } from './lifecycle.ts';

const rule = azathioprineMetabolismRule;
const START = '2024-03-01';
const weight = (date: string, kg: number): TimelineEvent => ({ type: 'bodyWeight', date, kg });
const tpmt = (date: string, result: 'normal' | 'intermediate' | 'deficient') =>
  lab(date, 'tpmt', undefined, undefined, result);
const aza = (doseMg: number, fields: Record<string, unknown> = {}) =>
  therapy('azathioprine', START, { doseMg, schedule: 'daily', ...fields });
const only = (code: string, events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) =>
  run(rule, patientWith(events), asOf, settings ?? {}).filter((f) => f.code === code);

describe('AZATHIOPRINE_CONTRAINDICATED', () => {
  it.each([
    ['normal', false],
    ['intermediate', false],
    ['deficient', true],
  ] as const)('TPMT %s: flagged %s', (result, flagged) => {
    const flags = only('AZATHIOPRINE_CONTRAINDICATED', [aza(100), tpmt('2024-02-01', result)], '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? ['AZATHIOPRINE_CONTRAINDICATED'] : []);
  });

  it('critical, dated at the start when the result came before, with CPIC as its source', () => {
    const [flag] = only('AZATHIOPRINE_CONTRAINDICATED', [aza(100), tpmt('2024-02-01', 'deficient')], '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'critical',
      date: START,
      status: 'open',
      source: SOURCES.thiopurine,
      details: { test: 'tpmt', resultDate: '2024-02-01', courseStartDate: START },
      message:
        'Azathioprine since 2024-03-01 with TPMT deficient on 2024-02-01: thiopurines cause life-threatening myelosuppression in TPMT or NUDT15 deficiency; use a non-thiopurine immunosuppressant.',
    });
  });

  const stopped = resolved('2024-04-01', '2024-05-01', 'azathioprine stopped on 2024-05-01');
  it.each([
    ['the day before the result', '2024-03-31', []],
    ['the result day (during the course)', '2024-04-01', [opened('2024-04-01')]],
    ['the day before the stop', '2024-04-30', [opened('2024-04-01')]],
    ['the stop day', '2024-05-01', [stopped]],
    ['years later', '2030-01-01', [stopped]],
  ])('lifecycle as of %s', (_label, asOf, expected) => {
    const events = [aza(100, { stopDate: '2024-05-01' }), tpmt('2024-04-01', 'deficient')];
    expect(lifecycles(only('AZATHIOPRINE_CONTRAINDICATED', events, asOf))).toEqual(expected);
  });

  it('NUDT15 deficient is a contraindication as well', () => {
    const events = [aza(100), lab('2024-02-01', 'nudt15', undefined, undefined, 'deficient')];
    const [flag] = only('AZATHIOPRINE_CONTRAINDICATED', events, '2024-06-01');
    expect(flag?.details.test).toBe('nudt15');
    expect(flag?.message).toContain('NUDT15 deficient on 2024-02-01');
  });

  it('a result after the course ended concerns no course', () => {
    const events = [aza(100, { stopDate: '2024-05-01' }), tpmt('2024-05-02', 'deficient')];
    expect(only('AZATHIOPRINE_CONTRAINDICATED', events, '2024-06-01')).toEqual([]);
  });
});

describe('AZATHIOPRINE_DOSE_HIGH', () => {
  // 150 mg/day: 50 kg is 3.0 (at the limit), 49.9 kg is 3.01 (above); intermediate limit 2.4: 62.5 kg is 2.4.
  it.each([
    [150, 50, null, false],
    [150, 49.9, null, true],
    [150, 62.5, 'intermediate', false],
    [150, 62, 'intermediate', true],
    [75, 50, 'intermediate', false],
    [150, 62, 'normal', false],
  ] as const)('%i mg/day at %f kg, TPMT %s: flagged %s', (dose, kg, result, flagged) => {
    const events = [aza(dose), weight('2024-02-01', kg), ...(result ? [tpmt('2024-02-01', result)] : [])];
    const flags = only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? ['AZATHIOPRINE_DOSE_HIGH'] : []);
  });

  it('an intermediate NUDT15 result lowers the limit too', () => {
    const events = [
      aza(150),
      weight('2024-02-01', 62),
      lab('2024-02-01', 'nudt15', undefined, undefined, 'intermediate'),
    ];
    const [flag] = only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01');
    expect(flag?.details).toMatchObject({ limitMgPerKgPerDay: 2.4, intermediateResult: 'nudt15' });
  });

  it('gives the numbers, twice daily doubles the dose', () => {
    const events = [aza(75, { schedule: 'twice_daily' }), weight('2024-02-01', 40), tpmt('2024-02-01', 'intermediate')];
    const [flag] = only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      date: START,
      details: {
        dailyDoseMg: 150,
        weightKg: 40,
        mgPerKgPerDay: 3.75,
        limitMgPerKgPerDay: 2.4,
        intermediateResult: 'tpmt',
      },
      message:
        'Azathioprine 150 mg/day (course started 2024-03-01) is 3.75 mg/kg/day at 40 kg (weight of 2024-02-01), above 2.4 mg/kg/day, the limit with TPMT intermediate on 2024-02-01 (reduced to 80% of 3 mg/kg/day).',
    });
  });

  it('nothing to judge without a weight, a dose or a daily schedule', () => {
    expect(only('AZATHIOPRINE_DOSE_HIGH', [aza(300)], '2024-06-01')).toEqual([]);
    expect(only('AZATHIOPRINE_DOSE_HIGH', [therapy('azathioprine', START), weight(START, 40)], '2024-06-01')).toEqual(
      [],
    );
    const weekly = therapy('azathioprine', START, { doseMg: 300, schedule: 'weekly' });
    expect(only('AZATHIOPRINE_DOSE_HIGH', [weekly, weight(START, 40)], '2024-06-01')).toEqual([]);
  });

  const regained = resolved('2024-04-01', '2024-05-01', 'weight 55 kg on 2024-05-01: 2.73 mg/kg/day');
  it.each([
    ['the day before the weight loss', '2024-03-31', []],
    ['the weight-loss day', '2024-04-01', [opened('2024-04-01')]],
    ['a second low weight (one episode)', '2024-04-20', [opened('2024-04-01')]],
    ['the day a higher weight is recorded', '2024-05-01', [regained]],
  ])('lifecycle: weight falls, then recovers; as of %s', (_label, asOf, expected) => {
    const events = [
      aza(150),
      weight('2024-02-01', 60),
      weight('2024-04-01', 48),
      weight('2024-04-20', 47),
      weight('2024-05-01', 55),
    ];
    expect(lifecycles(only('AZATHIOPRINE_DOSE_HIGH', events, asOf))).toEqual(expected);
  });

  it('an intermediate result during the course lowers the limit from its day; the stop resolves it', () => {
    const events = [aza(150, { stopDate: '2024-06-01' }), weight('2024-02-01', 60), tpmt('2024-04-10', 'intermediate')];
    expect(lifecycles(only('AZATHIOPRINE_DOSE_HIGH', events, '2024-05-01'))).toEqual([opened('2024-04-10')]);
    expect(lifecycles(only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01'))).toEqual([
      resolved('2024-04-10', '2024-06-01', 'azathioprine stopped on 2024-06-01'),
    ]);
  });

  it('follows labSchedules.azathioprine', () => {
    const events = [aza(150), weight('2024-02-01', 55)];
    expect(only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01')).toEqual([]);
    const settings = { labSchedules: { azathioprine: { maxMgPerKgPerDay: 2.5 } } };
    expect(codes(only('AZATHIOPRINE_DOSE_HIGH', events, '2024-06-01', settings))).toEqual(['AZATHIOPRINE_DOSE_HIGH']);
  });
});
