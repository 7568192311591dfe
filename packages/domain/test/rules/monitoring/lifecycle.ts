import { expect } from 'vitest';
import type { PatientTimeline } from '../../../src/records/patient.ts';
import type { Flag, Rule } from '../../../src/rules/types.ts';
import { codes, run } from '../helpers.ts';

/**
 * One line per flag, in the rule's order: its date and status, then when and by what it was
 * resolved ("2022-01-10 resolved 2023-04-02: EDSS recorded on 2023-04-02"), or the day it expired
 * ("2023-12-28 expired 2024-01-02"). Also checks that each status carries exactly its own fields.
 */
export function lifecycle(flags: readonly Flag[]): string[] {
  return flags.map((flag) => {
    switch (flag.status) {
      case 'resolved':
        expect(flag.resolvedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(flag.resolution?.length).toBeGreaterThan(5);
        expect(flag.details.expiredOn).toBeUndefined();
        return `${flag.date} resolved ${flag.resolvedOn}: ${flag.resolution}`;
      case 'expired':
        expect([flag.resolvedOn, flag.resolution]).toEqual([undefined, undefined]);
        expect(flag.details.expiredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        return `${flag.date} expired ${flag.details.expiredOn}`;
      default:
        expect(flag.status).toBe('open');
        expect([flag.resolvedOn, flag.resolution, flag.details.expiredOn]).toEqual([undefined, undefined, undefined]);
        return `${flag.date} open`;
    }
  });
}

export const openFlags = (flags: readonly Flag[]): Flag[] => flags.filter((flag) => flag.status === 'open');

/**
 * The body of an `it.each` over [as-of, codes]: as of each date the rule raises exactly those codes,
 * each an open flag dated `date` (the due day).
 */
export const openAsOf =
  (rule: Rule, patient: PatientTimeline, date: string) =>
  (asOf: string, expected: string[]): void => {
    const flags = run(rule, patient, asOf);
    expect(codes(flags)).toEqual(expected);
    expect(lifecycle(flags)).toEqual(expected.map(() => `${date} open`));
  };

/**
 * The episodes, as of each date, of an exam kept every 365 days, done on 2021-01-10 and next on
 * 2023-04-02: due by 2022-01-10 (the `first` episode, resolved by the exam of 2023-04-02), then due
 * by 2024-04-01 (2024 being a leap year) and open from the day after.
 */
export const yearlyExamEpisodes = (first: string): [string, string[]][] => [
  ['2022-01-10', []],
  ['2022-01-11', ['2022-01-10 open']],
  ['2023-04-01', ['2022-01-10 open']],
  ['2023-04-02', [first]],
  ['2024-04-01', [first]],
  ['2024-04-02', [first, '2024-04-01 open']],
  ['2026-01-01', [first, '2024-04-01 open']],
];
