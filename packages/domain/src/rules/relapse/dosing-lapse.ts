import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { B_CELL_AGENTS, SELF_INJECTED_AGENTS } from '../agents.ts';
import type { BCellAgent, RuleSettings } from '../settings.ts';
import { latestCount, MARKER, returnedCounts } from '../therapy/rituximab-redosing.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';

/** Why the dosing of an anti-CD20/CD19 course had lapsed on a day. */
export interface DosingLapse {
  reason: 'b_cells_returned' | 'interval_elapsed';
  /** The last recorded dose on or before the day, else the course's first dose. */
  lastDose: CalendarDate;
  daysSinceLastDose: number;
  redosingIntervalDays: number;
  /** The counts above threshold (b_cells_returned), as `RITUXIMAB_REDOSING_DUE` reads them. */
  counts: { test: string; date: CalendarDate; value: number; threshold: number }[];
  /** "last dose on 2023-01-10, 436 days before; redosing interval 183 days". */
  text: string;
}

/** The redosing interval of an anti-CD20/CD19 agent (rituximab: `rituximab.redosingIntervalDays`). */
export function redosingIntervalDays(agent: BCellAgent, settings: RuleSettings): number {
  return agent === 'rituximab'
    ? settings.rituximab.redosingIntervalDays
    : settings.bCellTherapy.redosingIntervalDays[agent];
}

/**
 * Whether the dosing of `course` (an anti-CD20/CD19 agent: rituximab, ocrelizumab, ofatumumab,
 * inebilizumab) had lapsed on `day`, read as RITUXIMAB_REDOSING_DUE reads rituximab: let `last` be the
 * last dose recorded up to `day` (else the first dose).
 * - B cells had returned: the latest CD19 % or CD19+CD27+ memory-B % dated after `last` and on or before
 *   `day`, whatever its age, above the `rituximab.*` thresholds (CD19 > 0.1 %; memory B > 0.05 % in the
 *   first 2 years of the course, > 0.1 % later): lapsed, whatever the time since `last`;
 * - otherwise more than the agent's redosing interval since `last` (day 184 of 183 for rituximab) and
 *   no recent count (after `last`, at most `rituximab.countValidDays` (60) before `day`; a recent count
 *   at or below threshold shows continued depletion): lapsed, except
 *   for self-injected ofatumumab with no injection recorded at all (the record cannot show a miss).
 * Null when dosing had not lapsed, or the agent is not an anti-CD20/CD19 agent.
 */
export function dosingLapse(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  day: CalendarDate,
  settings: RuleSettings,
): DosingLapse | null {
  if (!B_CELL_AGENTS.has(course.agent)) return null;
  const agent = course.agent as BCellAgent;
  const interval = redosingIntervalDays(agent, settings);
  const s = settings.rituximab;
  const last = course.administrations.filter((a) => a.date <= day).at(-1)?.date ?? course.firstDoseDate;
  const daysSinceLastDose = daysBetween(last, day);
  const raised = returnedCounts(timeline, course, last, day, s);
  const base = `last dose on ${last}, ${daysSinceLastDose} days before; redosing interval ${interval} days`;
  if (raised.length > 0)
    return {
      reason: 'b_cells_returned',
      lastDose: last,
      daysSinceLastDose,
      redosingIntervalDays: interval,
      counts: raised.map(({ test, date, value, threshold }) => ({ test, date, value, threshold })),
      text: `${base}; ${raised.map((c) => `${MARKER[c.test]} ${c.value}% on ${c.date} (above ${c.threshold}%${c.period})`).join(' and ')}: B cells had returned`,
    };
  const recent = (test: 'cd19_percent' | 'cd27_memory_b_percent') =>
    latestCount(timeline, test, last, day, s.countValidDays) !== undefined;
  if (daysSinceLastDose <= interval || recent('cd19_percent') || recent('cd27_memory_b_percent')) return null;
  // Monthly self-injected ofatumumab is rarely recorded dose by dose: without any recorded injection
  // the record cannot show a missed one (infusions every 6 months are, and the start is the first).
  if (SELF_INJECTED_AGENTS.has(agent) && course.administrations.length === 0) return null;
  return {
    reason: 'interval_elapsed',
    lastDose: last,
    daysSinceLastDose,
    redosingIntervalDays: interval,
    counts: [],
    text: `${base}, and no recent B-cell count showed continued depletion`,
  };
}
