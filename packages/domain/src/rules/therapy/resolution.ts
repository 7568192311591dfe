import { addDays, type CalendarDate } from '../../calendar-date.ts';
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

/** How a course ended as of as-of (null while it runs): its last day taken, the day it ended, and in words. */
export interface CourseClose {
  lastDay: CalendarDate;
  on: CalendarDate;
  resolution: string;
}

/**
 * How a course ended: stopped, or replaced by the next course of the same agent (`next`, the one that
 * started after it; courses of one agent are sorted by start and none share a start day) when that one
 * starts before the stop or while it runs ("new azathioprine course started on 2024-03-01").
 */
export function courseClose(course: TherapyCourse, next: TherapyCourse | undefined): CourseClose | null {
  const agent = agentName(course.agent);
  if (next && (course.stopDate === null || next.startDate <= course.stopDate)) {
    return {
      lastDay: addDays(next.startDate, -1),
      on: next.startDate,
      resolution: `new ${agent} course started on ${next.startDate}`,
    };
  }
  if (course.stopDate === null) return null;
  return { lastDay: course.stopDate, on: course.stopDate, resolution: `${agent} stopped on ${course.stopDate}` };
}
