import type { CalendarDate } from '../calendar-date.ts';
import type { TherapyAgent } from '../enums.ts';
import { MAINTENANCE_AGENTS } from './agents.ts';
import { agentLabel, joinAnd } from './relapse/labels.ts';
import type { ClinicalTimeline, TherapyCourse } from './timeline.ts';

/**
 * Anti-CD20/CD19 agents given as infusions every 6 months or so (rituximab, ocrelizumab,
 * inebilizumab): each dose is a clinical decision (RITUXAN and UPLIZNA labels;
 * CD19-guided redosing, Kim SH et al., Arch Neurol 2011), so a dose after an attack or a worsening is a change
 * of maintenance (a redose). Agents given on a fixed short schedule (eculizumab, ravulizumab,
 * satralizumab, tocilizumab, ofatumumab, maintenance IVIG, oral drugs) are not: their next dose is routine.
 */
export const REDOSED_AGENTS: ReadonlySet<TherapyAgent> = new Set(['rituximab', 'ocrelizumab', 'inebilizumab']);

/** The first change of maintenance treatment found, with the plain words that describe it. */
export interface MaintenanceChange {
  on: CalendarDate;
  kind: 'switch' | 'redose' | 'stop';
  /** "switched to satralizumab on 2021-09-01", "rituximab redosed on 2023-02-10", "rituximab stopped on 2022-01-05". */
  resolution: string;
}

/**
 * The first change of maintenance treatment on or after `from` (both rules that use it: the day of
 * the attack's onset, or of the worsening's confirmation), judged against `courses`, the maintenance
 * courses the finding is about (those being taken on that day). A change is, on the earliest day one
 * is recorded (as known on the as-of date: the timeline holds nothing later):
 * - a course of a maintenance agent (MAINTENANCE_AGENTS) other than the agents of `courses` started
 *   ("switched to X on D" when every course in `courses` stopped on or before D, else "X started on D":
 *   an agent added while the other goes on is not written as a switch);
 * - a dose of a REDOSED_AGENTS agent among `courses` (an administration, or the start of a new course
 *   of it with no administration recorded): "rituximab redosed on D";
 * - the stop of one of `courses`: "rituximab stopped on D".
 * A routine dose of any other agent is not a change. An MS drug, AHSCT or an 'other' agent started is
 * not a change of NMOSD maintenance either (an MS drug raises MS_DISEASE_MODIFYING_DRUG). On one day,
 * a switch is written before a redose, and a redose before a stop. Null when there is none.
 */
export function firstMaintenanceChange(
  timeline: ClinicalTimeline,
  courses: readonly TherapyCourse[],
  from: CalendarDate,
): MaintenanceChange | null {
  const judgedAgents = new Set(courses.map((c) => c.agent));
  const candidates: { on: CalendarDate; kind: MaintenanceChange['kind']; agent: TherapyAgent }[] = [];
  for (const course of timeline.therapies) {
    if (!MAINTENANCE_AGENTS.has(course.agent)) continue;
    if (!judgedAgents.has(course.agent)) {
      if (course.startDate >= from) candidates.push({ on: course.startDate, kind: 'switch', agent: course.agent });
      continue;
    }
    if (!REDOSED_AGENTS.has(course.agent)) continue;
    const doses = course.administrations.length > 0 ? course.administrations.map((a) => a.date) : [course.startDate];
    const redose = doses.find((date) => date >= from);
    if (redose) candidates.push({ on: redose, kind: 'redose', agent: course.agent });
  }
  for (const course of courses) {
    if (course.stopDate !== null && course.stopDate >= from) {
      candidates.push({ on: course.stopDate, kind: 'stop', agent: course.agent });
    }
  }
  const first = candidates.map((c) => c.on).sort()[0];
  if (first === undefined) return null;
  const sameDay = candidates.filter((c) => c.on === first);
  const agentsOf = (kind: MaintenanceChange['kind']) =>
    joinAnd([...new Set(sameDay.filter((c) => c.kind === kind).map((c) => agentLabel(c.agent)))].sort());
  if (sameDay.some((c) => c.kind === 'switch')) {
    const stoppedBefore = courses.length > 0 && courses.every((c) => c.stopDate !== null && c.stopDate <= first);
    const started = agentsOf('switch');
    return {
      on: first,
      kind: 'switch',
      resolution: stoppedBefore ? `switched to ${started} on ${first}` : `${started} started on ${first}`,
    };
  }
  if (sameDay.some((c) => c.kind === 'redose')) {
    return { on: first, kind: 'redose', resolution: `${agentsOf('redose')} redosed on ${first}` };
  }
  return { on: first, kind: 'stop', resolution: `${agentsOf('stop')} stopped on ${first}` };
}
