import type { CalendarDate } from '../../calendar-date.ts';
import type { TherapyCourse } from '../timeline.ts';
import { agentName } from './labels.ts';

/** A record that addressed a flag: its day and plain words (FlagEnd['resolvedBy']). */
export interface Resolution {
  on: CalendarDate;
  resolution: string;
}

/**
 * The earliest of the candidate resolutions (null when there is none). On a tie the one listed first
 * wins, so callers list the record that did the thing (a vaccination, a test) before a stop.
 */
export function earliest(...candidates: (Resolution | null)[]): Resolution | null {
  let best: Resolution | null = null;
  for (const candidate of candidates)
    if (candidate !== null && (best === null || candidate.on < best.on)) best = candidate;
  return best;
}

/** "eculizumab stopped on 2024-05-01" for a course whose stop is on record, else null. */
export function stopOf(course: TherapyCourse): Resolution | null {
  return course.stopDate === null
    ? null
    : { on: course.stopDate, resolution: `${agentName(course.agent)} stopped on ${course.stopDate}` };
}

/** The day all of several records are on record (the latest of their dates), or null while one is missing. */
export function allRecordedOn(dates: readonly (CalendarDate | null)[]): CalendarDate | null {
  let last: CalendarDate | null = null;
  for (const date of dates) {
    if (date === null) return null;
    if (last === null || date > last) last = date;
  }
  return last;
}
