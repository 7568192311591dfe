import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import type { RelapseEvent } from '../../records/relapse.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { type TherapyCourse, therapiesActiveOn } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { agentLabel, attackDetails, attackLabel, joinAnd } from './labels.ts';

/** A maintenance course that was being taken on an attack's onset, measured against its window. */
interface CourseOnOnset {
  agent: TherapyAgent;
  startDate: CalendarDate;
  stopDate: CalendarDate | null;
  daysOnTherapy: number;
  onsetOfEffectDays: number;
}

/**
 * An attack on maintenance therapy (MAINTENANCE_AGENTS) is classified by how long the course active
 * on the onset date had been running (days from its start date to onset; a restarted therapy counts
 * from the start of the course active that day, and a stopped one is active up to and including its
 * stop date, as `isActiveOn` defines):
 * - more than the agent's onset-of-effect window (settings.onsetOfEffectDays) for any active course:
 *   BREAKTHROUGH_RELAPSE (critical). The guideline notes 25-66% of rituximab-treated patients still
 *   relapse and that refractory patients switch to approved biologics (NMOSD guideline, Rituximab).
 * - otherwise, every active course still inside its window (days <= window): EARLY_RELAPSE_ON_THERAPY
 *   (info). Attacks in the first month after rituximab "did not necessarily mean that RTX was
 *   ineffective" (clinical-research.md 2.2); the windows are clinic settings, no consensus exists.
 * No maintenance therapy active on the onset date: nothing here (NO_MAINTENANCE_THERAPY is another rule's).
 * One flag per attack, dated at its onset.
 */
export const breakthroughRule: Rule = {
  codes: ['BREAKTHROUGH_RELAPSE', 'EARLY_RELAPSE_ON_THERAPY'],
  evaluate({ timeline, settings }) {
    const flags: Flag[] = [];
    for (const relapse of timeline.relapses) {
      const onset = relapse.onsetDate;
      const courses = therapiesActiveOn(timeline, onset, (course) => MAINTENANCE_AGENTS.has(course.agent)).map(
        (course) => measure(course, onset, settings),
      );
      if (courses.length === 0) continue;
      const beyond = courses.filter((c) => c.daysOnTherapy > c.onsetOfEffectDays);
      const within = courses.filter((c) => c.daysOnTherapy <= c.onsetOfEffectDays);
      flags.push(beyond.length > 0 ? breakthroughFlag(relapse, beyond, within) : earlyFlag(relapse, within));
    }
    return flags;
  },
};

function measure(course: TherapyCourse, onset: CalendarDate, settings: RuleSettings): CourseOnOnset {
  return {
    agent: course.agent,
    startDate: course.startDate,
    stopDate: course.stopDate,
    daysOnTherapy: daysBetween(course.startDate, onset),
    onsetOfEffectDays: settings.onsetOfEffectDays[course.agent],
  };
}

/** "rituximab (started 2023-01-10, 417 days before onset; window 30 days; stopped 2024-05-01)". */
function describeCourse(c: CourseOnOnset): string {
  const stopped = c.stopDate === null ? '' : `; stopped ${c.stopDate}`;
  return `${agentLabel(c.agent)} (started ${c.startDate}, ${plural(c.daysOnTherapy, 'day')} before onset; window ${plural(c.onsetOfEffectDays, 'day')}${stopped})`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function breakthroughFlag(relapse: RelapseEvent, beyond: CourseOnOnset[], within: CourseOnOnset[]): Flag {
  const agents = [...new Set(beyond.map((c) => c.agent))];
  const alsoWithin =
    within.length > 0 ? ` Still within the onset-of-effect window: ${joinAnd(within.map(describeCourse))}.` : '';
  const message =
    `${attackLabel(relapse)} occurred on maintenance therapy beyond its onset-of-effect window: ` +
    `${joinAnd(beyond.map(describeCourse))}. This is a breakthrough relapse; review the maintenance therapy ` +
    `(dosing, adherence, switch to an approved biologic).${alsoWithin}`;
  return makeFlag('BREAKTHROUGH_RELAPSE', 'critical', relapse.onsetDate, message, 'breakthrough', {
    ...attackDetails(relapse),
    agents,
    therapies: beyond,
    therapiesWithinWindow: within,
  });
}

function earlyFlag(relapse: RelapseEvent, within: CourseOnOnset[]): Flag {
  const message =
    `${attackLabel(relapse)} occurred within the onset-of-effect window of ${joinAnd(within.map(describeCourse))}. ` +
    'The therapy may not have taken effect yet, so this attack alone does not show treatment failure.';
  return makeFlag('EARLY_RELAPSE_ON_THERAPY', 'info', relapse.onsetDate, message, 'earlyRelapse', {
    ...attackDetails(relapse),
    agents: [...new Set(within.map((c) => c.agent))],
    therapies: within,
  });
}
