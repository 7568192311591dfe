import { describe, expect, it } from 'vitest';
import { daysBetween } from '../src/calendar-date.ts';
import { countedAttacks, yearsInclusive } from '../src/metrics/attacks.ts';
import { patientMetrics } from '../src/metrics/patient-metrics.ts';
import { ruleContext } from '../src/rules/engine.ts';
import { attack, patientWith } from './rules/helpers.ts';

describe('counted attacks', () => {
  it.each([
    [['2020-01-01', '2020-01-30'], 1, 'onsets 29 days apart are one attack'],
    [['2020-01-01', '2020-01-31'], 2, 'onsets 30 days apart are two attacks'],
    [['2020-01-01', '2020-02-01'], 2, 'onsets 31 days apart are two attacks'],
    [['2020-01-01', '2020-01-20', '2020-02-10'], 2, 'clusters are measured from the counted attack'],
    [[], 0, 'no attacks'],
  ])('%j → %i (%s)', (onsets, expected) => {
    expect(
      countedAttacks(
        onsets.map((onset) => attack(onset)),
        30,
      ),
    ).toHaveLength(expected);
  });
});

describe('patient metrics', () => {
  it('ARR is counted attacks over follow-up years from the first attack to as-of', () => {
    const patient = patientWith([attack('2020-01-01'), attack('2020-01-15'), attack('2021-01-01')]);
    const metrics = patientMetrics(ruleContext(patient, '2021-12-31'));
    expect(metrics.attackCount).toBe(2);
    expect(metrics.followUpYears).toBeCloseTo(yearsInclusive('2020-01-01', '2021-12-31'), 10);
    expect(metrics.annualizedRelapseRate).toBeCloseTo(2 / (731 / 365.25), 10);
    expect(metrics.lastAttackDate).toBe('2021-01-01');
    expect(metrics.daysSinceLastAttack).toBe(364);
  });

  it('per therapy episode: attacks after the start day up to the stop day, over the exposure', () => {
    const patient = patientWith([
      attack('2019-06-01'),
      {
        type: 'therapy',
        agent: 'azathioprine',
        startDate: '2019-06-01',
        stopDate: '2020-05-31',
        stopReason: 'inefficacy',
      },
      attack('2020-05-31'),
      { type: 'therapy', agent: 'rituximab', startDate: '2020-06-10' },
      { type: 'therapy', agent: 'interferon_beta', startDate: '2018-01-01', stopDate: '2018-02-01' },
    ]);
    const metrics = patientMetrics(ruleContext(patient, '2022-06-09'));
    expect(metrics.therapyEpisodes).toEqual([
      {
        agent: 'azathioprine',
        startDate: '2019-06-01',
        stopDate: '2020-05-31',
        exposureYears: 366 / 365.25,
        attacks: 1,
        annualizedRelapseRate: 365.25 / 366,
      },
      {
        agent: 'rituximab',
        startDate: '2020-06-10',
        stopDate: null,
        exposureYears: 730 / 365.25,
        attacks: 0,
        annualizedRelapseRate: 0,
      },
    ]);
    expect(metrics.currentTherapies).toEqual(['rituximab']);
  });

  it('last EDSS and its change from the one before; events after as-of are not seen', () => {
    const patient = patientWith([
      { type: 'edss', date: '2020-01-01', score: 2 },
      { type: 'edss', date: '2021-01-01', score: 3.5 },
      { type: 'edss', date: '2023-01-01', score: 6 },
    ]);
    const metrics = patientMetrics(ruleContext(patient, '2022-01-01'));
    expect(metrics.lastEdss).toEqual({ date: '2021-01-01', score: 3.5 });
    expect(metrics.lastEdssChange).toBe(1.5);
  });

  it('missing data gives nulls, not errors', () => {
    const metrics = patientMetrics(ruleContext(patientWith([]), '2022-01-01'));
    expect(metrics).toMatchObject({
      attackCount: 0,
      followUpYears: null,
      annualizedRelapseRate: null,
      lastAttackDate: null,
      daysSinceLastAttack: null,
      lastEdss: null,
      lastEdssChange: null,
      currentTherapies: [],
    });
    const diagnosedOnly = patientMetrics(ruleContext(patientWith([], { diagnosisDate: '2021-01-01' }), '2021-12-31'));
    expect([diagnosedOnly.followUpYears, diagnosedOnly.annualizedRelapseRate]).toEqual([365 / 365.25, 0]);
  });

  describe('the onset attack given only as the first-attack date', () => {
    it('counts once and starts the follow-up: years of disease with one recent recorded attack is not an ARR of 45', () => {
      const patient = patientWith([attack('2024-11-20')], { firstAttackDate: '2010-03-01' });
      const metrics = patientMetrics(ruleContext(patient, '2024-11-27'));
      expect(metrics.attackCount).toBe(2);
      expect(metrics.followUpYears).toBeCloseTo(yearsInclusive('2010-03-01', '2024-11-27'), 10);
      expect(metrics.annualizedRelapseRate).toBeCloseTo(
        2 / ((daysBetween('2010-03-01', '2024-11-27') + 1) / 365.25),
        10,
      );
      expect(metrics.annualizedRelapseRate).toBeLessThan(0.2);
    });

    it.each([
      ['2020-01-01', 1, 'the recorded first attack on the same day'],
      ['2019-12-03', 1, 'a recorded attack 29 days later is the same attack'],
      ['2019-12-02', 2, 'a recorded attack 30 days later is a second attack'],
      ['2020-02-01', 1, 'a first-attack date after the first recorded attack adds nothing'],
    ])('first-attack date %s with a recorded attack on 2020-01-01 → %i attack(s) (%s)', (firstAttackDate, expected) => {
      const patient = patientWith([attack('2020-01-01')], { firstAttackDate });
      const metrics = patientMetrics(ruleContext(patient, '2021-12-31'));
      expect(metrics.attackCount).toBe(expected);
      const start = firstAttackDate < '2020-01-01' ? firstAttackDate : '2020-01-01';
      expect(metrics.followUpYears).toBeCloseTo(yearsInclusive(start, '2021-12-31'), 10);
    });

    it('with no attack recorded, the first-attack date is the one attack known, and the last', () => {
      const metrics = patientMetrics(ruleContext(patientWith([], { firstAttackDate: '2021-01-01' }), '2021-12-31'));
      expect(metrics).toMatchObject({
        attackCount: 1,
        followUpYears: 365 / 365.25,
        annualizedRelapseRate: 365.25 / 365,
        lastAttackDate: '2021-01-01',
        daysSinceLastAttack: 364,
      });
    });

    it('a first-attack date after as-of is not seen', () => {
      const metrics = patientMetrics(ruleContext(patientWith([], { firstAttackDate: '2022-01-02' }), '2022-01-01'));
      expect([metrics.attackCount, metrics.followUpYears, metrics.lastAttackDate]).toEqual([0, null, null]);
    });
  });
});
