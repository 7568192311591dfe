import { addDays, type CalendarDate, daysBetween, laterDate } from '../../calendar-date.ts';
import type { AcuteTreatment, RelapseEvent } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';
import { attackDetails, attackLabel, treatmentDetails } from './labels.ts';
import { acutePhaseEnd, perAttackRule } from './per-attack.ts';

/**
 * PLEX_COURSE_SHORT (info): an attack's plasma exchange recorded with fewer sessions than
 * settings.acute.plexMinimumSessions (default 5). Sources: 5-7 exchanges every other day for an NMOSD
 * attack (ASFA guidelines, Padmanabhan et al., J Clin Apher 2019, doi:10.1002/jca.21705; the NMOSD
 * guideline: 5-10 sessions); 7 exchanges in the sham-controlled trial (Weinshenker et al., Ann Neurol
 * 1999;46:878-886). The sessions of PLEX records starting on the attack's first PLEX day are added up
 * (a course entered in two rows). A course whose session count is not recorded is not judged: an
 * unknown count is never short. One flag per attack, dated at its first PLEX.
 *
 * Lifecycle: resolved when later PLEX records of the same attack bring the sessions to the minimum
 * ("PLEX continued from 2024-03-20, day 18: 5 sessions in all"), or continue it with a count not
 * recorded ("PLEX continued from 2024-03-20, day 18, sessions not recorded"). Otherwise open up to
 * the later of onset + settings.lifecycle.acutePhaseDays (default 30) and the first PLEX +
 * settings.lifecycle.plexCourseDays (default 14: the course can still be completed), both included,
 * and expired from the next day.
 */
export const plexCourseShortRule: Rule = perAttackRule('PLEX_COURSE_SHORT', (relapse, { asOf, settings }) => {
  const minimum = settings.acute.plexMinimumSessions;
  // Sorted by start date (then type).
  const courses = (relapse.acuteTreatments ?? []).filter((t) => t.type === 'plex');
  const firstDate = courses[0]?.startDate;
  if (firstDate === undefined) return null;
  const initial = courses.filter((t) => t.startDate === firstDate);
  const sessions = sumSessions(initial);
  if (sessions === null || sessions >= minimum) return null;
  const message =
    `${attackLabel(relapse)}: plasma exchange started ${firstDate} was recorded with ${sessions} ` +
    `${sessions === 1 ? 'session' : 'sessions'}; an attack calls for at least ${minimum} exchanges (5-7, every other day).`;
  const flag = makeFlag('PLEX_COURSE_SHORT', 'info', firstDate, message, 'plexCourse', {
    ...attackDetails(relapse),
    plexStartDate: firstDate,
    sessions,
    plexMinimumSessions: minimum,
    plexCourses: courses.map(treatmentDetails),
  });
  return settle(flag, asOf, {
    resolvedBy: continuation(relapse, courses, firstDate, sessions, minimum),
    actionableUntil: laterDate(
      acutePhaseEnd(relapse.onsetDate, settings),
      addDays(firstDate, settings.lifecycle.plexCourseDays),
    ),
  });
});

/** The total of the recorded sessions, or null when any of them is not recorded. */
function sumSessions(courses: readonly AcuteTreatment[]): number | null {
  let total = 0;
  for (const course of courses) {
    if (course.sessions === undefined) return null;
    total += course.sessions;
  }
  return total;
}

/** The later PLEX record that completes the course (or continues it with an unknown count), if any. */
function continuation(
  relapse: RelapseEvent,
  courses: readonly AcuteTreatment[],
  firstDate: CalendarDate,
  initialSessions: number,
  minimum: number,
): { on: CalendarDate; resolution: string } | null {
  let total = initialSessions;
  for (const course of courses) {
    if (course.startDate <= firstDate) continue;
    const day = daysBetween(relapse.onsetDate, course.startDate);
    if (course.sessions === undefined)
      return {
        on: course.startDate,
        resolution: `PLEX continued from ${course.startDate}, day ${day}, sessions not recorded`,
      };
    total += course.sessions;
    if (total >= minimum)
      return {
        on: course.startDate,
        resolution: `PLEX continued from ${course.startDate}, day ${day}: ${total} sessions in all`,
      };
  }
  return null;
}
