import { describe, expect, it } from 'vitest';
import { kaplanMeier, RISK_TABLE_DAYS, riskTable, survivalOn } from '../../src/statistics/kaplan-meier.ts';

// Six subjects: events on days 3, 5, 8, 12; censored on days 5 and 10.
const times = [
  { days: 3, event: true },
  { days: 5, event: false },
  { days: 5, event: true },
  { days: 8, event: true },
  { days: 10, event: false },
  { days: 12, event: true },
];

describe('Kaplan–Meier', () => {
  it('multiplies (1 − d/n) at each event day, the censored of a day still at risk that day', () => {
    const steps = kaplanMeier(times);
    expect(steps.map((s) => [s.day, s.atRisk, s.events, s.censored])).toEqual([
      [3, 6, 1, 0],
      [5, 5, 1, 1],
      [8, 3, 1, 0],
      [12, 1, 1, 0],
    ]);
    // 5/6; 5/6 × 4/5 = 2/3; 2/3 × 2/3 = 4/9; 4/9 × 0/1 = 0.
    expect(steps.map((s) => s.survival)).toEqual([5 / 6, 2 / 3, 4 / 9, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('gives the Greenwood log(−log) interval', () => {
    const [, day5] = kaplanMeier(times);
    // Greenwood sum at day 5: 1/(6·5) + 1/(5·4) = 0.0833333; se = √0.0833333 / |ln(2/3)| = 0.2886751 /
    // 0.4054651 = 0.7119605; limits (2/3)^exp(±1.959964 × 0.7119605) = (2/3)^4.036657 = 0.194617 and
    // (2/3)^0.2477297 = 0.904434.
    const se = Math.sqrt(1 / 30 + 1 / 20) / Math.abs(Math.log(2 / 3));
    expect(se).toBeCloseTo(0.7119605, 6);
    expect(day5?.lower).toBeCloseTo((2 / 3) ** 4.036657, 5);
    expect(day5?.upper).toBeCloseTo((2 / 3) ** 0.2477297, 5);
    expect(day5?.lower).toBeCloseTo(0.194617, 5);
    expect(day5?.upper).toBeCloseTo(0.904434, 5);
    // At S = 0 the interval is undefined.
    expect(kaplanMeier(times).at(-1)?.lower).toBeNull();
  });

  it('reads the step function on any day', () => {
    const steps = kaplanMeier(times);
    expect(survivalOn(steps, 2)).toBeNull();
    expect(survivalOn(steps, 3)?.survival).toBeCloseTo(5 / 6, 12);
    expect(survivalOn(steps, 7)?.survival).toBeCloseTo(2 / 3, 12);
  });

  it('counts at risk on a day as those followed at least that long', () => {
    expect(riskTable(times, [0, 5, 6, 12, 13])).toEqual([
      { day: 0, atRisk: 6, eventsSoFar: 0, censoredBefore: 0 },
      { day: 5, atRisk: 5, eventsSoFar: 2, censoredBefore: 0 },
      { day: 6, atRisk: 3, eventsSoFar: 2, censoredBefore: 1 },
      { day: 12, atRisk: 1, eventsSoFar: 4, censoredBefore: 2 },
      { day: 13, atRisk: 0, eventsSoFar: 4, censoredBefore: 2 },
    ]);
    expect(RISK_TABLE_DAYS).toEqual([0, 183, 365, 731, 1096, 1826]);
  });
});
