import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { meningococcalBoosterRule } from '../../../src/rules/therapy/meningococcal-booster.ts';
import { patientWith, run } from '../helpers.ts';
import { therapy, vaccination } from './builders.ts';
import { lifecycles, opened, resolved } from './lifecycle.ts';

const rule = meningococcalBoosterRule;
const SERIES = '2019-12-01';
/** MenACWY 2 doses 56 days apart and MenB 3 doses at 0, 1 and 6 months, both complete on SERIES. */
const series: TimelineEvent[] = [
  vaccination(addDays(SERIES, -56), 'menacwy'),
  vaccination(SERIES, 'menacwy'),
  vaccination(addDays(SERIES, -183), 'menb'),
  vaccination(addDays(SERIES, -153), 'menb'),
  vaccination(SERIES, 'menb'),
];
const eculizumab = therapy('eculizumab', '2020-01-01');
const MENB_DUE = '2020-11-30'; // SERIES + 365
const ACWY_DUE = '2024-11-29'; // SERIES + 1825
const dueOf = (asOf: string, events: TimelineEvent[] = []) =>
  run(rule, patientWith([eculizumab, ...series, ...events]), asOf).map((f) => [f.details.vaccine, f.date, f.status]);

describe('MENINGOCOCCAL_BOOSTER_DUE', () => {
  it.each([
    ['the day before the MenB booster is due', '2020-11-29', []],
    ['on the day it is due (series + 365)', MENB_DUE, [['menb', MENB_DUE, 'open']]],
    ['the day before the MenACWY booster is due', '2024-11-28', [['menb', MENB_DUE, 'open']]],
    [
      'on the day the MenACWY booster is due (last dose + 1825)',
      ACWY_DUE,
      [
        ['menacwy', ACWY_DUE, 'open'],
        ['menb', MENB_DUE, 'open'],
      ],
    ],
  ])('as of %s', (_label, asOf, expected) => {
    expect(dueOf(asOf)).toEqual(expected);
  });

  it('a warning dated on the due day, citing ACIP, with the series and the interval', () => {
    const [flag] = run(rule, patientWith([eculizumab, ...series]), MENB_DUE);
    expect(flag).toMatchObject({
      severity: 'warning',
      source: SOURCES.meningococcalBooster,
      details: {
        vaccine: 'menb',
        agent: 'eculizumab',
        lastDoseDate: SERIES,
        intervalDays: 365,
        dueOn: MENB_DUE,
        firstBooster: true,
      },
      message:
        'MenB booster due on 2020-11-30 during eculizumab treatment (started 2020-01-01): the primary series was completed on 2019-12-01, and a booster is due 365 days later while a complement inhibitor is taken.',
    });
  });

  describe('lifecycle: resolved by the booster, then the next one is due 2 years (MenB) later', () => {
    const BOOSTER = '2021-01-10';
    const given = resolved(MENB_DUE, BOOSTER, `MenB booster given on ${BOOSTER}`);
    it.each([
      ['the day before the booster', '2021-01-09', [opened(MENB_DUE)]],
      ['on the booster', BOOSTER, [given]],
      ['the day before the next is due', addDays(BOOSTER, 729), [given]],
      ['on the day the next is due (booster + 730)', addDays(BOOSTER, 730), [given, opened(addDays(BOOSTER, 730))]],
    ])('as of %s', (_label, asOf, expected) => {
      const flags = run(rule, patientWith([eculizumab, ...series, vaccination(BOOSTER, 'menb')]), asOf);
      expect(lifecycles(flags.filter((f) => f.details.vaccine === 'menb'))).toEqual(expected);
    });

    it('a booster given before it is due raises nothing; menbBoosterIntervalDays is a setting', () => {
      const early = [vaccination('2020-11-29', 'menb')];
      expect(dueOf('2022-11-28', early)).toEqual([]);
      expect(dueOf('2022-11-29', early)).toEqual([['menb', '2022-11-29', 'open']]);
      const flags = run(rule, patientWith([eculizumab, ...series, ...early]), '2022-11-29', {
        complement: { menbBoosterIntervalDays: 1095 },
      });
      expect(flags).toEqual([]);
    });
  });

  it.each([
    ['the day before the stop', '2021-01-09', [opened(MENB_DUE)]],
    ['on the stop day', '2021-01-10', [resolved(MENB_DUE, '2021-01-10', 'eculizumab stopped on 2021-01-10')]],
  ])('resolved by the course stop: as of %s', (_label, asOf, expected) => {
    const course = therapy('eculizumab', '2020-01-01', { stopDate: '2021-01-10' });
    expect(lifecycles(run(rule, patientWith([course, ...series]), asOf))).toEqual(expected);
  });

  it.each([
    ['due before the course started (the vaccination rule names it)', '2020-12-01', null, []],
    ['due on the first dose', MENB_DUE, null, []],
    ['due the day after the first dose', '2020-11-29', null, [['menb', MENB_DUE, 'open']]],
    ['due after the course stopped', '2020-01-01', '2020-11-29', []],
  ])('%s', (_label, start, stop, expected) => {
    const course = therapy('ravulizumab', start, stop === null ? {} : { stopDate: stop });
    const flags = run(rule, patientWith([course, ...series]), '2021-06-01');
    expect(flags.map((f) => [f.details.vaccine, f.date, f.status])).toEqual(expected);
  });

  it('a pentavalent MenABCWY dose is a booster of both components', () => {
    const pentavalent = { type: 'vaccination', date: '2024-11-01', vaccine: 'menabcwy', product: 'penbraya' } as const;
    const flags = run(rule, patientWith([eculizumab, ...series, pentavalent]), '2025-01-01');
    expect(lifecycles(flags)).toEqual([resolved(MENB_DUE, '2024-11-01', 'MenB booster given on 2024-11-01')]);
    // The MenACWY booster (due 2024-11-29) was given 28 days early: none due until 2029.
    expect(run(rule, patientWith([eculizumab, ...series, pentavalent]), '2029-10-30')).toHaveLength(2);
  });

  it('raises nothing without a complete primary series or without a complement inhibitor', () => {
    const partial = [vaccination('2019-01-01', 'menacwy'), vaccination('2019-01-01', 'menb')];
    expect(run(rule, patientWith([eculizumab, ...partial]), '2026-01-01')).toEqual([]);
    expect(run(rule, patientWith([therapy('rituximab', '2020-01-01'), ...series]), '2026-01-01')).toEqual([]);
  });
});
