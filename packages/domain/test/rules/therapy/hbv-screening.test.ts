import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { hbvScreeningRule } from '../../../src/rules/therapy/hbv-screening.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';

const rule = hbvScreeningRule;
const CODE = ['HBV_SCREENING_MISSING'];
const FIRST = '2024-03-01';
const screened = (date: string) => [
  lab(date, 'hbsag', undefined, undefined, 'negative'),
  lab(date, 'anti_hbc', undefined, undefined, 'negative'),
];

describe('HBV_SCREENING_MISSING', () => {
  it.each([
    ['a year before the first dose', '2023-03-01', false],
    ['on the first dose day', FIRST, false],
    ['the day after the first dose', '2024-03-02', true],
  ])('both tests %s', (_label, date, flagged) => {
    expect(codes(run(rule, patientWith([therapy('rituximab', FIRST), ...screened(date)]), '2024-06-01'))).toEqual(
      flagged ? CODE : [],
    );
  });

  it.each([
    ['rituximab', true],
    ['inebilizumab', true],
    ['ocrelizumab', true],
    ['ofatumumab', true],
    ['eculizumab', false],
    ['azathioprine', false],
  ] as const)('%s without screening: flagged %s', (agent, flagged) => {
    expect(codes(run(rule, patientWith([therapy(agent, FIRST)]), '2024-06-01'))).toEqual(flagged ? CODE : []);
  });

  it('nothing tested: warning dated at the first dose listing both tests', () => {
    const [flag] = run(rule, patientWith([therapy('rituximab', FIRST)]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      date: FIRST,
      source: SOURCES.hbv,
      details: {
        agent: 'rituximab',
        firstDoseDate: FIRST,
        missingTests: ['hbsag', 'anti_hbc'],
        testedAfterFirstDose: { hbsag: null, anti_hbc: null },
      },
    });
    expect(flag?.message).toBe(
      'Rituximab first dose on 2024-03-01 without hepatitis B screening before it: HBsAg never tested; anti-HBc never tested. B-cell depletion can reactivate hepatitis B; HBsAg and anti-HBc are required before the first dose.',
    );
  });

  it('only HBsAg before, anti-HBc after: names the late test and its date', () => {
    const events = [
      therapy('ocrelizumab', FIRST),
      lab('2024-02-01', 'hbsag', undefined, undefined, 'negative'),
      lab('2024-04-01', 'anti_hbc', undefined, undefined, 'positive'),
      lab('2024-05-01', 'anti_hbc', undefined, undefined, 'positive'),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.details).toMatchObject({
      missingTests: ['anti_hbc'],
      testedAfterFirstDose: { anti_hbc: '2024-04-01' },
    });
    expect(flag?.message).toContain('before it: anti-HBc first tested on 2024-04-01, after it.');
  });

  it('a positive result is still a screening result', () => {
    const events = [
      therapy('rituximab', FIRST),
      lab('2024-01-01', 'hbsag', undefined, undefined, 'positive'),
      lab('2024-01-01', 'anti_hbc', 1),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
  });

  it('first dose is the first recorded administration', () => {
    const course = therapy('rituximab', '2024-01-01', { doses: [FIRST] });
    expect(run(rule, patientWith([course, ...screened('2024-02-15')]), '2024-06-01')).toEqual([]);
    expect(run(rule, patientWith([course, ...screened(FIRST)]), '2024-06-01')).toEqual([]);
    expect(codes(run(rule, patientWith([course, ...screened('2024-03-02')]), '2024-06-01'))).toEqual(CODE);
  });

  it('a restart: tests before the earlier course count', () => {
    const events = [
      ...screened('2019-12-01'),
      therapy('rituximab', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('rituximab', '2023-01-01'),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
  });

  it.each([
    ['before the start', '2024-02-29', false],
    ['on the stop day', '2024-05-01', true],
    ['after the stop', '2024-05-02', false],
  ])('as of %s', (_label, asOf, flagged) => {
    const patient = patientWith([therapy('inebilizumab', FIRST, { stopDate: '2024-05-01' })]);
    expect(codes(run(rule, patient, asOf))).toEqual(flagged ? CODE : []);
  });
});
