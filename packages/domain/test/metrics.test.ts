import { describe, expect, it } from 'vitest';
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
});
