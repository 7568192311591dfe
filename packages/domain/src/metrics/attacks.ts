import { type CalendarDate, daysBetween } from '../calendar-date.ts';
import type { RelapseEvent } from '../records/relapse.ts';
import { isSameAttack } from '../rules/timeline.ts';

/**
 * Attacks as counted for rates: an attack whose onset is less than `clusterDays` after the previous
 * counted attack is the same clinical attack and counts once (29 days apart: one; 30: two), as every
 * rule sees it (`clinicalAttacks` in rules/timeline.ts, which the rules' timeline already applies;
 * `attackClusterDays` in settings.ts gives the source). Input must be sorted by onset.
 */
export function countedAttacks<T extends RelapseEvent>(relapses: readonly T[], clusterDays: number): T[] {
  const counted: T[] = [];
  for (const relapse of relapses) {
    const previous = counted.at(-1);
    if (!previous || !isSameAttack(previous.onsetDate, relapse.onsetDate, clusterDays)) counted.push(relapse);
  }
  return counted;
}

/** Years between two dates, both days included (a one-day period is 1/365.25 years). */
export function yearsInclusive(from: CalendarDate, to: CalendarDate): number {
  return (daysBetween(from, to) + 1) / 365.25;
}
