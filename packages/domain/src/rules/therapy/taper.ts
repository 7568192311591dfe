import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import type { RuleSettings } from '../settings.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';

/**
 * An attack's oral steroid taper: oral prednisone started on or within `therapy.taperStartWithinDays`
 * (30) after an attack's onset, while it has lasted at most `therapy.taperMaxDays` (183) from its first
 * dose to its stop (or the as-of date). A taper treats the attack and bridges to maintenance; it is
 * not maintenance itself, in any diagnosis: a relapse during it is not a breakthrough, a patient on it
 * alone has no maintenance therapy, and its end is not a discontinuation. A longer course is low-dose
 * steroid maintenance and counts as such.
 */
export function isAttackTaper(
  course: TherapyCourse,
  timeline: ClinicalTimeline,
  asOf: CalendarDate,
  settings: RuleSettings,
): boolean {
  if (course.agent !== 'oral_prednisone') return false;
  const { taperStartWithinDays, taperMaxDays } = settings.therapy;
  if (daysBetween(course.firstDoseDate, course.stopDate ?? asOf) > taperMaxDays) return false;
  return timeline.relapses.some(
    (attack) =>
      attack.onsetDate <= course.startDate && daysBetween(attack.onsetDate, course.startDate) <= taperStartWithinDays,
  );
}

/** A maintenance course (MAINTENANCE_AGENTS) that is not an attack's taper. */
export function isMaintenanceCourse(
  course: TherapyCourse,
  timeline: ClinicalTimeline,
  asOf: CalendarDate,
  settings: RuleSettings,
): boolean {
  return MAINTENANCE_AGENTS.has(course.agent) && !isAttackTaper(course, timeline, asOf, settings);
}
