import { type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { B_CELL_AGENTS, isScheduledAgent, SELF_INJECTED_AGENTS } from '../agents.ts';
import type { BCellAgent, RuleSettings } from '../settings.ts';
import { describeGrace, describeLastDose, describeNextDose, lateDoseOn } from '../therapy/dose-schedule.ts';
import { latestCount, MARKER, returnedCounts } from '../therapy/rituximab-redosing.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';

/** Why the dosing of an anti-CD20/CD19 course had lapsed on a day. */
export interface DosingLapse {
  /** 'dose_overdue': a scheduled dose of an agent without B-cell redosing was late (settings `dosing`). */
  reason: 'b_cells_returned' | 'interval_elapsed' | 'dose_overdue';
  /** The last recorded dose on or before the day, else the course's first dose. */
  lastDose: CalendarDate;
  daysSinceLastDose: number;
  /** The redosing interval (anti-CD20/CD19), or the schedule's gap to the next dose (dose_overdue). */
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
 * For the other agents with a dose schedule (eculizumab, ravulizumab, satralizumab, tocilizumab,
 * maintenance IVIG; settings `dosing`): lapsed when the next dose was late on `day` by the schedule
 * (later than its due day plus the grace, `lateDoseOn`; a dose planned for later does not protect),
 * judged only for a course with recorded administrations (without them the record cannot show a late one).
 * Null when dosing had not lapsed, or the agent has neither.
 */
export function dosingLapse(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  day: CalendarDate,
  settings: RuleSettings,
): DosingLapse | null {
  if (!B_CELL_AGENTS.has(course.agent)) return scheduledDoseLapse(course, day, settings);
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

/** A late scheduled dose of a course without B-cell redosing, as a DosingLapse (see dosingLapse). */
function scheduledDoseLapse(course: TherapyCourse, day: CalendarDate, settings: RuleSettings): DosingLapse | null {
  // Only recorded doses can show a late one: a course recorded without its doses is judged as dosed.
  if (course.administrations.length === 0) return null;
  const late = lateDoseOn(course, day, settings);
  if (late === null || !isScheduledAgent(course.agent)) return null;
  const schedule = settings.dosing[course.agent];
  const daysSinceLastDose = daysBetween(late.lastDose, day);
  return {
    reason: 'dose_overdue',
    lastDose: late.lastDose,
    daysSinceLastDose,
    redosingIntervalDays: late.gapDays,
    counts: [],
    text: `${describeLastDose(late)}, ${daysSinceLastDose} days before; ${describeNextDose(late, schedule)} was due on ${late.dueOn} (${describeGrace(late.graceDays)}) and had not been given`,
  };
}
