import { describe, expect, it } from 'vitest';
import { isSmallCount, publishCount, publishSummary, roundToThreshold } from '../../src/privacy/small-cells.ts';

describe('small-cell rules', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [120, 120],
  ] as const)('publishes %d as %s', (count, published) => {
    expect(publishCount(count, 5)).toBe(published);
  });

  it('a count singles someone out from 1 to threshold−1, never at 0', () => {
    expect([0, 1, 4, 5].map((n) => isSmallCount(n, 5))).toEqual([false, true, true, false]);
    expect(isSmallCount(10, 11)).toBe(true);
  });

  it.each([
    [0, 0],
    [2, 0],
    [3, 5],
    [7, 5],
    [8, 10],
    [12, 10],
    [13, 15],
  ])('rounds %d to %d for a threshold of 5', (count, rounded) => {
    expect(roundToThreshold(count, 5)).toBe(rounded);
  });

  it('any sum of rounded counts differs from another by a multiple of the threshold', () => {
    const groups = [1, 2, 3, 4, 6, 9, 11, 14];
    const sums = new Set<number>();
    for (let mask = 0; mask < 1 << groups.length; mask++)
      sums.add(groups.reduce((sum, count, i) => (mask & (1 << i) ? sum + roundToThreshold(count, 5) : sum), 0));
    for (const a of sums) for (const b of sums) expect(Math.abs(a - b) % 5).toBe(0);
  });

  it('publishes a summary only for groups of at least the threshold, rounded', () => {
    expect(publishSummary(0.123456, 4, 5)).toBeNull();
    expect(publishSummary(0.123456, 5, 5)).toBe(0.12);
    expect(publishSummary(null, 50, 5)).toBeNull();
  });
});
