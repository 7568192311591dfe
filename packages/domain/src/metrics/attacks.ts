import { type CalendarDate, daysBetween } from '../calendar-date.ts';
import type { RelapseEvent } from '../records/relapse.ts';

/**
 * Attacks as counted for rates: an attack whose onset lies within `clusterDays` of the previous
 * counted attack is the same clinical event and counts once (clinical-research.md 2.1: a 30-day
 * separation is the usual convention; configurable). Input must be sorted by onset.
 */
export function countedAttacks(relapses: readonly RelapseEvent[], clusterDays: number): RelapseEvent[] {
  const counted: RelapseEvent[] = [];
  for (const relapse of relapses) {
    const previous = counted.at(-1);
    if (!previous || daysBetween(previous.onsetDate, relapse.onsetDate) > clusterDays) counted.push(relapse);
  }
  return counted;
}

/** Years between two dates, both days included (a one-day period is 1/365.25 years). */
export function yearsInclusive(from: CalendarDate, to: CalendarDate): number {
  return (daysBetween(from, to) + 1) / 365.25;
}
