import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { lowIggRule } from '../../../src/rules/therapy/low-igg.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';

const rule = lowIggRule;
const CODE = ['LOW_IGG'];
const rituximab = therapy('rituximab', '2022-01-01');

describe('LOW_IGG', () => {
  it.each([
    [699, 'mg/dL', true],
    [700, 'mg/dL', false],
    [701, 'mg/dL', false],
    [699, undefined, true],
    [700, undefined, false],
    [6.99, 'g/L', true],
    [7, 'g/L', false],
    [6.2, 'G/L', true],
    [0.69, 'g/dL', true],
    [7000, 'mg/L', false],
    [6990, 'mg/L', true],
    [5, 'µmol/L', false],
  ])('IgG %f %s', (value, unit, flagged) => {
    expect(codes(run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', value, unit)]), '2024-06-01'))).toEqual(
      flagged ? CODE : [],
    );
  });

  it('is a warning dated at the lab with value, unit and threshold', () => {
    const [flag] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 620, 'mg/dL')]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      date: '2024-01-01',
      source: SOURCES.igg,
      details: {
        value: 620,
        unit: 'mg/dL',
        valueMgDl: 620,
        threshold: 700,
        thresholdUnit: 'mg/dL',
        agents: ['rituximab'],
      },
    });
    expect(flag?.message).toBe(
      'IgG 620 mg/dL on 2024-01-01 on rituximab, below 700 mg/dL: hypogammaglobulinaemia on B-cell therapy raises the risk of serious infections; review before the next course.',
    );
  });

  it('converts g/L for the message and details; a missing unit reads as mg/dL', () => {
    const [grams] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 6.2, 'g/L')]), '2024-06-01');
    expect(grams?.details).toMatchObject({ value: 6.2, unit: 'g/L', valueMgDl: 620 });
    expect(grams?.message).toContain('IgG 6.2 g/L (620 mg/dL) on 2024-01-01');
    const [bare] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 500)]), '2024-06-01');
    expect(bare?.details).toMatchObject({ value: 500, unit: null, valueMgDl: 500 });
    expect(bare?.message).toContain('IgG 500 mg/dL on');
  });

  it('the latest IgG on therapy decides, whatever the input order', () => {
    const events = [rituximab, lab('2023-01-01', 'igg', 500), lab('2024-01-01', 'igg', 900)];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
    expect(run(rule, patientWith([...events].reverse()), '2024-06-01')).toEqual([]);
    expect(codes(run(rule, patientWith(events), '2023-12-31'))).toEqual(CODE);
  });

  it('an IgG before the B-cell therapy does not count; one on the start day does', () => {
    expect(run(rule, patientWith([rituximab, lab('2021-12-31', 'igg', 500)]), '2024-06-01')).toEqual([]);
    expect(codes(run(rule, patientWith([rituximab, lab('2022-01-01', 'igg', 500)]), '2024-06-01'))).toEqual(CODE);
  });

  it('an IgG during an earlier B-cell course counts while a later one is active; a gap lab does not', () => {
    const events = [
      therapy('ocrelizumab', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('rituximab', '2022-01-01'),
      lab('2020-06-01', 'igg', 500),
      lab('2021-06-01', 'igg', 900),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.date).toBe('2020-06-01');
    expect(flag?.details.agents).toEqual(['ocrelizumab']);
  });

  it.each([
    [
      'no B-cell therapy active on as-of',
      [therapy('rituximab', '2022-01-01', { stopDate: '2023-01-01' }), lab('2022-06-01', 'igg', 300)],
    ],
    ['a non-B-cell therapy', [therapy('azathioprine', '2022-01-01'), lab('2022-06-01', 'igg', 300)]],
    ['no IgG', [rituximab]],
    ['an IgG after as-of', [rituximab, lab('2024-06-02', 'igg', 300)]],
  ])('raises nothing with %s', (_label, events) => {
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
  });

  it('lowIggMgDl override changes the outcome; several B-cell agents are named', () => {
    const events = [rituximab, therapy('inebilizumab', '2023-01-01'), lab('2024-01-01', 'igg', 650)];
    expect(run(rule, patientWith(events), '2024-06-01', { lowIggMgDl: 600 })).toEqual([]);
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.message).toContain('on rituximab and inebilizumab, below 700 mg/dL');
  });
});
