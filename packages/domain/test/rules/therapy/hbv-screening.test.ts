import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { hbvScreeningRule } from '../../../src/rules/therapy/hbv-screening.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

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
    const flags = run(rule, patientWith([therapy('rituximab', FIRST), ...screened(date)]), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
    // Tested late: the results are on record since then.
    expect(lifecycles(flags)).toEqual(flagged ? [resolved(FIRST, date, `HBsAg and anti-HBc tested on ${date}`)] : []);
  });

  it.each([
    ['rituximab', true],
    ['inebilizumab', true],
    ['ocrelizumab', true],
    ['ofatumumab', true],
    ['satralizumab', true],
    ['tocilizumab', false],
    ['eculizumab', false],
    ['ravulizumab', false],
    ['azathioprine', false],
  ] as const)('%s without screening: flagged %s', (agent, flagged) => {
    const flags = run(rule, patientWith([therapy(agent, FIRST)]), '2024-06-01');
    expectOpenWhen(flags, flagged, CODE);
  });

  it('nothing tested: warning dated at the first dose listing both tests', () => {
    const [flag] = run(rule, patientWith([therapy('rituximab', FIRST)]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: FIRST,
      source: SOURCES.hbv,
      details: {
        agent: 'rituximab',
        firstDoseDate: FIRST,
        missingTests: ['hbsag', 'anti_hbc'],
        testedAfterFirstDose: { hbsag: null, anti_hbc: null },
      },
      message:
        'Rituximab first dose on 2024-03-01 without hepatitis B screening before it: HBsAg never tested; anti-HBc never tested. B-cell depletion can reactivate hepatitis B; HBsAg and anti-HBc are required before the first dose.',
    });
  });

  it('only HBsAg before, anti-HBc after: names the late test and its date', () => {
    const events = [
      therapy('ocrelizumab', FIRST),
      lab('2024-02-01', 'hbsag', undefined, undefined, 'negative'),
      lab('2024-04-01', 'anti_hbc', undefined, undefined, 'positive'),
      lab('2024-05-01', 'anti_hbc', undefined, undefined, 'positive'),
    ];
    const flags = run(rule, patientWith(events), '2024-06-01');
    const [flag] = flags;
    expect(flag?.details).toMatchObject({
      missingTests: ['anti_hbc'],
      testedAfterFirstDose: { anti_hbc: '2024-04-01' },
    });
    expect(flag?.message).toContain('before it: anti-HBc first tested on 2024-04-01, after it.');
    expect(lifecycles(flags)).toEqual([resolved(FIRST, '2024-04-01', 'HBsAg and anti-HBc tested on 2024-04-01')]);
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
    const late = run(rule, patientWith([course, ...screened('2024-03-02')]), '2024-06-01');
    expect(codes(late)).toEqual(CODE);
    expect(statuses(late)).toEqual(['resolved']);
  });

  it('a restart: tests before the earlier course count', () => {
    const events = [
      ...screened('2019-12-01'),
      therapy('rituximab', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('rituximab', '2023-01-01'),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
  });

  const stoppedOn = resolved(FIRST, '2024-05-01', 'inebilizumab stopped on 2024-05-01');
  it.each([
    ['before the start', '2024-02-29', []],
    ['on the start', FIRST, [opened(FIRST)]],
    ['the day before the stop', '2024-04-30', [opened(FIRST)]],
    ['on the stop day', '2024-05-01', [stoppedOn]],
    ['after the stop', '2024-05-02', [stoppedOn]],
  ])('never screened, stopped: as of %s', (_label, asOf, expected) => {
    const patient = patientWith([therapy('inebilizumab', FIRST, { stopDate: '2024-05-01' })]);
    expect(lifecycles(run(rule, patient, asOf))).toEqual(expected);
  });

  describe('lifecycle: open until both results are on record', () => {
    const tested = resolved(FIRST, '2024-03-10', 'HBsAg and anti-HBc tested on 2024-03-10');
    it.each([
      ['on the first dose', 0, [opened(FIRST)]],
      ['on the HBsAg day (anti-HBc still missing)', 5, [opened(FIRST)]],
      ['the day before anti-HBc', 8, [opened(FIRST)]],
      ['on the anti-HBc day', 9, [tested]],
      ['a year later', 365, [tested]],
    ])('as of %s', (_label, day, expected) => {
      const events = [
        therapy('rituximab', FIRST),
        lab('2024-03-06', 'hbsag', undefined, undefined, 'negative'),
        lab('2024-03-10', 'anti_hbc', undefined, undefined, 'negative'),
      ];
      expect(lifecycles(run(rule, patientWith(events), addDays(FIRST, day)))).toEqual(expected);
    });

    it('a test on the stop day wins over the stop; a stop before the tests resolves first', () => {
      const course = therapy('ofatumumab', FIRST, { stopDate: '2024-04-01' });
      expect(lifecycles(run(rule, patientWith([course, ...screened('2024-04-01')]), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-04-01', 'HBsAg and anti-HBc tested on 2024-04-01'),
      ]);
      expect(lifecycles(run(rule, patientWith([course, ...screened('2024-04-02')]), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-04-01', 'ofatumumab stopped on 2024-04-01'),
      ]);
    });

    it('each course is its own flag: an unscreened past course stays resolved history', () => {
      const events = [
        therapy('rituximab', '2019-01-01', { stopDate: '2020-01-01' }),
        ...screened('2021-01-01'),
        therapy('ocrelizumab', '2022-01-01'),
      ];
      const flags = run(rule, patientWith(events), '2024-06-01');
      expect(lifecycles(flags)).toEqual([resolved('2019-01-01', '2020-01-01', 'rituximab stopped on 2020-01-01')]);
    });
  });

  it('satralizumab: IL-6 receptor blockade, not B-cell depletion, in the message', () => {
    const [flag] = run(rule, patientWith([therapy('satralizumab', FIRST)]), '2024-06-01');
    expect(flag?.message).toContain('IL-6 receptor blockade can reactivate hepatitis B');
  });

  it('an indeterminate result is no screening result', () => {
    const events = [
      therapy('rituximab', FIRST),
      lab('2024-01-01', 'hbsag', undefined, undefined, 'indeterminate'),
      lab('2024-01-01', 'anti_hbc', undefined, undefined, 'negative'),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')[0]?.details.missingTests).toEqual(['hbsag']);
  });

  it('follows infectionScreening.hbvBeforeAgents (a clinic adding tocilizumab, dropping rituximab)', () => {
    const settings = { infectionScreening: { hbvBeforeAgents: ['tocilizumab'] } };
    expect(codes(run(rule, patientWith([therapy('tocilizumab', FIRST)]), '2024-06-01', settings))).toEqual(CODE);
    expect(run(rule, patientWith([therapy('rituximab', FIRST)]), '2024-06-01', settings)).toEqual([]);
  });
});
