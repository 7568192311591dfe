import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import type { RelapseEvent } from '../../records/relapse.ts';
import { MAINTENANCE_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { firstMaintenanceChange } from '../therapy-change.ts';
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
 *
 * Lifecycle:
 * - BREAKTHROUGH_RELAPSE is resolved by the first change of maintenance treatment on or after the
 *   onset (therapy-change.ts, judged against the courses beyond their window, the ones the flag
 *   names): another maintenance agent started ("switched to satralizumab on 2021-09-01"), a dose of
 *   rituximab, ocrelizumab or inebilizumab ("rituximab redosed on 2023-02-10"), or one of those
 *   courses stopped ("rituximab stopped on 2022-01-05"). A routine dose of a regularly dosed agent
 *   (eculizumab, satralizumab, an oral drug...) is not a change. Otherwise it stays open with no
 *   expiry: refractory patients switch (NMOSD guideline, Rituximab; Treatment Algorithm step 4), and
 *   only the clinician can say the therapy was reviewed and kept (an acknowledgement).
 * - EARLY_RELAPSE_ON_THERAPY is never resolved (it asks only to treat the attack and keep the
 *   therapy): open up to onset + settings.lifecycle.acutePhaseDays (default 30, included; the acute
 *   phase per the setting's comment), expired from the next day.
 */
export const breakthroughRule: Rule = {
  codes: ['BREAKTHROUGH_RELAPSE', 'EARLY_RELAPSE_ON_THERAPY'],
  evaluate({ timeline, asOf, settings }) {
    const flags: Flag[] = [];
    // Onsets of the breakthrough attacks, so an earlier one left unaddressed hands over to the next.
    const breakthroughOnsets = timeline.relapses
      .filter((relapse) =>
        therapiesActiveOn(timeline, relapse.onsetDate, (course) => MAINTENANCE_AGENTS.has(course.agent)).some(
          (course) => isBeyondWindow(course, relapse.onsetDate, settings),
        ),
      )
      .map((relapse) => relapse.onsetDate);
    for (const relapse of timeline.relapses) {
      const onset = relapse.onsetDate;
      const active = therapiesActiveOn(timeline, onset, (course) => MAINTENANCE_AGENTS.has(course.agent));
      if (active.length === 0) continue;
      const beyondCourses = active.filter((course) => isBeyondWindow(course, onset, settings));
      const beyond = beyondCourses.map((course) => measure(course, onset, settings));
      const within = active
        .filter((course) => !isBeyondWindow(course, onset, settings))
        .map((course) => measure(course, onset, settings));
      if (beyond.length > 0) {
        const change = firstMaintenanceChange(timeline, beyondCourses, onset);
        const next = breakthroughOnsets.find((date) => date > onset);
        flags.push(
          settle(breakthroughFlag(relapse, beyond, within), asOf, {
            resolvedBy: change,
            actionableUntil: next ? addDays(next, -1) : null,
          }),
        );
      } else {
        const actionableUntil = addDays(onset, settings.lifecycle.acutePhaseDays);
        flags.push(settle(earlyFlag(relapse, within), asOf, { actionableUntil }));
      }
    }
    return flags;
  },
};

function isBeyondWindow(course: TherapyCourse, onset: CalendarDate, settings: RuleSettings): boolean {
  return daysBetween(course.startDate, onset) > settings.onsetOfEffectDays[course.agent];
}

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
