import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { lowIggRule } from '../../../src/rules/therapy/low-igg.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

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
    const flags = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', value, unit)]), '2024-06-01');
    expectOpenWhen(flags, flagged, CODE);
  });

  it('is a warning dated at the lab with value, unit and threshold', () => {
    const [flag] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 620, 'mg/dL')]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
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
      message:
        'IgG 620 mg/dL on 2024-01-01 on rituximab, below 700 mg/dL: hypogammaglobulinaemia on B-cell therapy raises the risk of serious infections; review before the next course.',
    });
  });

  it('converts g/L for the message and details; a missing unit reads as mg/dL', () => {
    const [grams] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 6.2, 'g/L')]), '2024-06-01');
    expect(grams?.details).toMatchObject({ value: 6.2, unit: 'g/L', valueMgDl: 620 });
    expect(grams?.message).toContain('IgG 6.2 g/L (620 mg/dL) on 2024-01-01');
    const [bare] = run(rule, patientWith([rituximab, lab('2024-01-01', 'igg', 500)]), '2024-06-01');
    expect(bare?.details).toMatchObject({ value: 500, unit: null, valueMgDl: 500 });
    expect(bare?.message).toContain('IgG 500 mg/dL on');
  });

  it('the latest IgG on therapy decides (an earlier low one followed by a normal one is resolved), whatever the input order', () => {
    const events = [rituximab, lab('2023-01-01', 'igg', 500), lab('2024-01-01', 'igg', 900)];
    const flags = run(rule, patientWith(events), '2024-06-01');
    expect(lifecycles(flags)).toEqual([resolved('2023-01-01', '2024-01-01', 'IgG 900 mg/dL on 2024-01-01')]);
    expect(run(rule, patientWith([...events].reverse()), '2024-06-01')).toEqual(flags);
    expect(codes(run(rule, patientWith(events), '2023-12-31'))).toEqual(CODE);
    expect(statuses(run(rule, patientWith(events), '2023-12-31'))).toEqual(['open']);
  });

  it('an IgG before the B-cell therapy does not count; one on the start day does', () => {
    expect(run(rule, patientWith([rituximab, lab('2021-12-31', 'igg', 500)]), '2024-06-01')).toEqual([]);
    const flags = run(rule, patientWith([rituximab, lab('2022-01-01', 'igg', 500)]), '2024-06-01');
    expect(codes(flags)).toEqual(CODE);
    expect(statuses(flags)).toEqual(['open']);
  });

  it('an IgG during an earlier B-cell course is resolved by its stop, though a later one is active; a gap lab does not count', () => {
    const events = [
      therapy('ocrelizumab', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('rituximab', '2022-01-01'),
      lab('2020-06-01', 'igg', 500),
      lab('2021-06-01', 'igg', 900),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.date).toBe('2020-06-01');
    expect(flag?.details.agents).toEqual(['ocrelizumab']);
    expect(flag).toMatchObject({
      status: 'resolved',
      resolvedOn: '2021-01-01',
      resolution: 'ocrelizumab stopped on 2021-01-01',
    });
  });

  it('no B-cell therapy active on as-of: the low IgG is resolved by the stop', () => {
    const events = [therapy('rituximab', '2022-01-01', { stopDate: '2023-01-01' }), lab('2022-06-01', 'igg', 300)];
    expect(lifecycles(run(rule, patientWith(events), '2024-06-01'))).toEqual([
      resolved('2022-06-01', '2023-01-01', 'rituximab stopped on 2023-01-01'),
    ]);
  });

  it.each([
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
    expect(flag?.status).toBe('open');
  });

  describe('lifecycle: open until a normal IgG on therapy or the therapy stops', () => {
    const LOW = lab('2023-01-01', 'igg', 600);
    const normal = resolved('2023-01-01', '2023-06-01', 'IgG 820 mg/dL on 2023-06-01');
    it.each([
      ['the day before the low IgG', '2022-12-31', []],
      ['on the low IgG', '2023-01-01', [opened('2023-01-01')]],
      ['the day before the normal IgG', '2023-05-31', [opened('2023-01-01')]],
      ['on the normal IgG', '2023-06-01', [normal]],
      ['years later', '2030-01-01', [normal]],
    ])('normal IgG later: as of %s', (_label, asOf, expected) => {
      expect(lifecycles(run(rule, patientWith([rituximab, LOW, lab('2023-06-01', 'igg', 820)]), asOf))).toEqual(
        expected,
      );
    });

    const stoppedOn = resolved('2023-01-01', '2023-03-01', 'rituximab stopped on 2023-03-01');
    it.each([
      ['the day before the stop', '2023-02-28', [opened('2023-01-01')]],
      ['on the stop day', '2023-03-01', [stoppedOn]],
      ['after the stop', '2023-03-02', [stoppedOn]],
    ])('therapy stopped: as of %s', (_label, asOf, expected) => {
      const stopping = therapy('rituximab', '2022-01-01', { stopDate: '2023-03-01' });
      expect(lifecycles(run(rule, patientWith([stopping, LOW]), asOf))).toEqual(expected);
    });

    it.each([
      ['the day before the second low', '2023-02-28', [opened('2023-01-01')]],
      ['on the second low: it replaces the first', '2023-03-01', [opened('2023-03-01')]],
      ['on the normal one', '2023-06-01', [resolved('2023-03-01', '2023-06-01', 'IgG 820 mg/dL on 2023-06-01')]],
    ])('two low values, then a normal one: as of %s', (_label, asOf, expected) => {
      const events = [rituximab, LOW, lab('2023-03-01', 'igg', 550), lab('2023-06-01', 'igg', 820)];
      expect(lifecycles(run(rule, patientWith(events), asOf))).toEqual(expected);
    });

    it('low, normal, low again: the first is history, the latest open; units shown as recorded', () => {
      const events = [
        rituximab,
        lab('2023-01-01', 'igg', 6, 'g/L'),
        lab('2023-06-01', 'igg', 8.2, 'g/L'),
        lab('2024-01-01', 'igg', 5.5, 'g/L'),
      ];
      expect(lifecycles(run(rule, patientWith(events), '2024-06-01'))).toEqual([
        resolved('2023-01-01', '2023-06-01', 'IgG 8.2 g/L (820 mg/dL) on 2023-06-01'),
        opened('2024-01-01'),
      ]);
    });

    it('a B-cell course followed the next day by another keeps the low value open; a one-day gap resolves it', () => {
      const first = therapy('rituximab', '2022-01-01', { stopDate: '2023-03-01' });
      const next = therapy('ocrelizumab', '2023-03-02');
      expect(lifecycles(run(rule, patientWith([first, next, LOW]), '2024-01-01'))).toEqual([opened('2023-01-01')]);
      const gap = therapy('ocrelizumab', '2023-03-03');
      expect(lifecycles(run(rule, patientWith([first, gap, LOW]), '2024-01-01'))).toEqual([stoppedOn]);
      const chained = [first, therapy('ocrelizumab', '2023-02-01', { stopDate: '2023-08-01' }), LOW];
      expect(lifecycles(run(rule, patientWith(chained), '2024-01-01'))).toEqual([
        resolved('2023-01-01', '2023-08-01', 'ocrelizumab stopped on 2023-08-01'),
      ]);
    });

    it('a normal IgG on the stop day wins over the stop', () => {
      const stopping = therapy('rituximab', '2022-01-01', { stopDate: '2023-03-01' });
      expect(lifecycles(run(rule, patientWith([stopping, LOW, lab('2023-03-01', 'igg', 750)]), '2024-01-01'))).toEqual([
        resolved('2023-01-01', '2023-03-01', 'IgG 750 mg/dL on 2023-03-01'),
      ]);
    });
  });
});
