import { describe, expect, it } from 'vitest';
import { poissonCountInterval, poissonRate, regularizedGammaP } from '../../src/statistics/poisson-interval.ts';

/** P(X ≤ x) for X ~ Poisson(mean), summed term by term: an independent check of the gamma inversion. */
function poissonCdf(x: number, mean: number): number {
  let term = Math.exp(-mean);
  let sum = term;
  for (let k = 1; k <= x; k++) {
    term *= mean / k;
    sum += term;
  }
  return sum;
}

describe('Garwood exact Poisson interval', () => {
  // Reference limits χ²(0.025; 2x)/2 and χ²(0.975; 2x+2)/2, from SciPy 1.x `chi2.ppf` (also tabled
  // by Ulm 1990, doi:10.1093/oxfordjournals.aje.a115507).
  it.each([
    [0, 0, 3.6888794541],
    [1, 0.025317808, 5.5716433909],
    [2, 0.2422092785, 7.2246876677],
    [5, 1.6234863901, 11.6683320793],
    [10, 4.7953886961, 18.390356042],
  ])('%i events: %f to %f', (count, lower, upper) => {
    const interval = poissonCountInterval(count);
    expect(interval.lower).toBeCloseTo(lower, 8);
    expect(interval.upper).toBeCloseTo(upper, 8);
  });

  it.each([1, 3, 7, 20])('the limits for %i events leave 2.5% in each tail (direct Poisson sums)', (count) => {
    const { lower, upper } = poissonCountInterval(count);
    // Upper: P(X ≤ x | upper) = 0.025; lower: P(X ≥ x | lower) = 1 − P(X ≤ x − 1 | lower) = 0.025.
    expect(poissonCdf(count, upper)).toBeCloseTo(0.025, 9);
    expect(1 - poissonCdf(count - 1, lower)).toBeCloseTo(0.025, 9);
  });

  it('P(a, x) matches closed forms: P(1, x) = 1 − e^−x, P(2, x) = 1 − e^−x (1 + x)', () => {
    for (const x of [0.1, 1, 2.5, 10]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
      expect(regularizedGammaP(2, x)).toBeCloseTo(1 - Math.exp(-x) * (1 + x), 12);
    }
  });

  it('a rate divides the count and its limits by the exposure', () => {
    // 5 attacks over 12.5 patient-years: 0.4 per year, 1.6234863901/12.5 to 11.6683320793/12.5.
    const rate = poissonRate(5, 12.5);
    expect(rate?.rate).toBe(0.4);
    expect(rate?.lower).toBeCloseTo(0.1298789112, 9);
    expect(rate?.upper).toBeCloseTo(0.9334665663, 9);
    expect(poissonRate(3, 0)).toBeNull();
  });
});
