import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { tbScreeningRule } from '../../../src/rules/therapy/tb-screening.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = tbScreeningRule;
const CODE = ['TB_SCREENING_MISSING'];
const FIRST = '2024-03-01';
const igra = (date: string, result: 'positive' | 'negative' | 'indeterminate' = 'negative') =>
  lab(date, 'tb_igra', undefined, undefined, result);

describe('TB_SCREENING_MISSING', () => {
  it.each([
    ['satralizumab', true],
    ['inebilizumab', true],
    ['tocilizumab', true],
    ['rituximab', false],
    ['eculizumab', false],
    ['azathioprine', false],
  ] as const)('%s without screening: flagged %s', (agent, flagged) => {
    expectOpenWhen(run(rule, patientWith([therapy(agent, FIRST)]), '2024-06-01'), flagged, CODE);
  });

  it.each([
    ['an IGRA a year before', [igra('2023-03-01')], false],
    ['an IGRA on the first dose day', [igra(FIRST)], false],
    ['a skin test in mm only, before', [lab('2024-02-01', 'tb_skin_test', 3, 'mm')], false],
    ['a positive IGRA before (still a screening result)', [igra('2024-02-01', 'positive')], false],
    ['an indeterminate IGRA before (no result)', [igra('2024-02-01', 'indeterminate')], true],
    ['an IGRA the day after the first dose', [igra('2024-03-02')], true],
  ])('%s: flagged %s', (_label, tests, flagged) => {
    const flags = run(rule, patientWith([therapy('satralizumab', FIRST), ...tests]), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it('a warning dated at the first dose, with the label as its source', () => {
    const [flag] = run(rule, patientWith([therapy('tocilizumab', FIRST)]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      date: FIRST,
      source: SOURCES.tbScreening,
      details: {
        agent: 'tocilizumab',
        missingTests: ['tuberculosis'],
        testedAfterFirstDose: { tuberculosis: null },
      },
      message:
        'Tocilizumab first dose on 2024-03-01 without tuberculosis screening before it: IGRA or tuberculin skin test never tested. Latent tuberculosis can reactivate on this therapy; test for latent infection (IGRA or tuberculin skin test) before the first dose.',
    });
  });

  const tested = resolved(FIRST, '2024-03-20', 'tuberculosis screening on 2024-03-20');
  const stopped = resolved(FIRST, '2024-05-01', 'satralizumab stopped on 2024-05-01');
  it.each([
    ['the day before the start', '2024-02-29', [], []],
    ['the first dose', FIRST, [], [opened(FIRST)]],
    ['the day before a late test', '2024-03-19', [igra('2024-03-20')], [opened(FIRST)]],
    ['the day of a late test', '2024-03-20', [igra('2024-03-20')], [tested]],
    ['the day before the stop', '2024-04-30', [], [opened(FIRST)]],
    ['the stop day', '2024-05-01', [], [stopped]],
    [
      'a test on the stop day wins',
      '2024-06-01',
      [igra('2024-05-01')],
      [resolved(FIRST, '2024-05-01', 'tuberculosis screening on 2024-05-01')],
    ],
    ['a test after the stop: the stop resolved it', '2024-06-01', [igra('2024-05-02')], [stopped]],
  ])('lifecycle as of %s', (_label, asOf, tests, expected) => {
    const events = [therapy('satralizumab', FIRST, { stopDate: '2024-05-01' }), ...tests];
    expect(lifecycles(run(rule, patientWith(events), asOf))).toEqual(expected);
  });

  it('follows infectionScreening.tbBeforeAgents', () => {
    const settings = { infectionScreening: { tbBeforeAgents: ['rituximab'] } };
    expect(codes(run(rule, patientWith([therapy('rituximab', FIRST)]), '2024-06-01', settings))).toEqual(CODE);
    expect(run(rule, patientWith([therapy('satralizumab', FIRST)]), '2024-06-01', settings)).toEqual([]);
  });
});
