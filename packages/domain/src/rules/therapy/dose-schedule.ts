import { addDays, type CalendarDate, laterDate } from '../../calendar-date.ts';
import { isScheduledAgent, SELF_INJECTED_AGENTS } from '../agents.ts';
import type { DoseSchedule, RuleSettings } from '../settings.ts';
import type { TherapyCourse } from '../timeline.ts';
import { dayCount } from './labels.ts';

/** Where a course stood in its dose schedule on a day (settings `dosing`), and when the next dose was due. */
export interface NextDose {
  /** Doses given up to the day: the recorded administrations, or 1 (the start) when none is recorded. */
  dosesGiven: number;
  /** Whether an administration is recorded up to the day (else the course start stands for the first dose). */
  recorded: boolean;
  lastDose: CalendarDate;
  /** The next dose's number (2: the second dose). */
  doseNumber: number;
  /** 'start': one of the induction or loading doses (`startDoseDays`); 'maintenance': the regular interval. */
  phase: 'start' | 'maintenance';
  /** Days from the last dose to the next one in the schedule. */
  gapDays: number;
  dueOn: CalendarDate;
  graceDays: number;
  /** The first day the dose is late (due day + grace + 1) unless a planned administration covers it. */
  lateFrom: CalendarDate;
}

/** A dose overdue on a day: the schedule's next dose, unplanned or with its planned day passed. */
export interface OverdueDose extends NextDose {
  /** The first day of the current overdue stretch: `lateFrom`, or the day after a passed planned dose. */
  overdueSince: CalendarDate;
  /** The latest planned administration after the last dose whose day has passed without a dose, if any. */
  missedPlan: CalendarDate | null;
}

/**
 * The course's administrations given up to `day` on or after its start, one per day, by date. (The
 * course start alone, without an administration on it, is not a recorded dose.)
 */
export function dosesGivenBy(course: TherapyCourse, day: CalendarDate): CalendarDate[] {
  const days = administrationDays(course);
  return days.slice(0, countUpTo(days, day));
}

/**
 * The course's administration days on or after its start, one per day, by date: worked out once per
 * course, since the rules ask where a course stood on the eve of every dose (a fortnightly agent
 * over ten years is some 260 doses, each of which re-read every administration before).
 */
const administrationDaysOf = new WeakMap<TherapyCourse, { from: readonly unknown[]; days: CalendarDate[] }>();
function administrationDays(course: TherapyCourse): CalendarDate[] {
  const kept = administrationDaysOf.get(course);
  if (kept && kept.from === course.administrations) return kept.days;
  const days = [...new Set(course.administrations.map((a) => a.date))]
    .filter((date) => date >= course.startDate)
    .sort();
  administrationDaysOf.set(course, { from: course.administrations, days });
  return days;
}

/** How many of the sorted `days` are on or before `day` (binary search). */
function countUpTo(days: readonly CalendarDate[], day: CalendarDate): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as CalendarDate) <= day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The next dose of `course` as it stood on `day`, by the doses given so far (assumption, see
 * DoseSchedule): n recorded administrations up to `day` mean n doses given, whatever their spacing, so
 * a late dose moves the schedule on from itself; with none recorded, the course start stands for the
 * first dose (as TherapyCourse.firstDoseDate does).
 */
export function nextDose(course: TherapyCourse, day: CalendarDate, schedule: DoseSchedule): NextDose {
  const days = administrationDays(course);
  const given = countUpTo(days, day);
  const recorded = given > 0;
  const dosesGiven = recorded ? given : 1;
  const lastDose = recorded ? (days[given - 1] as CalendarDate) : course.startDate;
  const starts = schedule.startDoseDays;
  const phase = dosesGiven < starts.length ? 'start' : 'maintenance';
  const gapDays = phase === 'start' ? (starts[dosesGiven] ?? 0) - (starts[dosesGiven - 1] ?? 0) : schedule.intervalDays;
  const dueOn = addDays(lastDose, gapDays);
  return {
    dosesGiven,
    recorded,
    lastDose,
    doseNumber: dosesGiven + 1,
    phase,
    gapDays,
    dueOn,
    graceDays: schedule.graceDays,
    lateFrom: addDays(dueOn, schedule.graceDays + 1),
  };
}

/**
 * The next dose of a scheduled agent's course if it was late on `day` by the schedule alone (plans
 * aside), or null: null for an agent without a schedule (settings `dosing`), for a self-injected agent
 * with no injection recorded at all (the record cannot show a missed one), and while `day` is on or
 * before the due day plus the grace. RELAPSE_ON_LAPSED_DOSING reads it: a booked dose does not protect.
 */
export function lateDoseOn(course: TherapyCourse, day: CalendarDate, settings: RuleSettings): NextDose | null {
  if (!isScheduledAgent(course.agent)) return null;
  if (SELF_INJECTED_AGENTS.has(course.agent) && course.administrations.length === 0) return null;
  const next = nextDose(course, day, settings.dosing[course.agent]);
  return day < next.lateFrom ? null : next;
}

/**
 * The overdue dose of a scheduled agent's course on `day` (`lateDoseOn`), unless a planned
 * administration dated after the last dose falls on or after `day`: a planned dose satisfies the
 * schedule until its date passes; from the next day the dose is overdue unless given.
 */
export function overdueDoseOn(course: TherapyCourse, day: CalendarDate, settings: RuleSettings): OverdueDose | null {
  const next = lateDoseOn(course, day, settings);
  if (next === null) return null;
  const plans = course.plannedAdministrations.map((a) => a.date).filter((date) => date > next.lastDose);
  if (plans.some((date) => date >= day)) return null;
  const missedPlan = plans.length > 0 ? plans.reduce(laterDate) : null;
  const afterPlan = missedPlan === null ? null : addDays(missedPlan, 1);
  const overdueSince = afterPlan === null ? next.lateFrom : laterDate(afterPlan, next.lateFrom);
  return { ...next, overdueSince, missedPlan };
}

/**
 * "dose 3 of the start doses (days 0, 14 and 28 from the first dose)" or "the next maintenance dose
 * (every 28 days)".
 */
export function describeNextDose(next: NextDose, schedule: DoseSchedule): string {
  if (next.phase === 'maintenance') return `the next maintenance dose (every ${dayCount(schedule.intervalDays)})`;
  const days = schedule.startDoseDays;
  const list = `${days.slice(0, -1).join(', ')} and ${days.at(-1)}`;
  return `dose ${next.doseNumber} of the start doses (days ${list} from the first dose)`;
}

/** "last dose on 2024-01-29 (dose 3)" or "no dose recorded since the course start on 2024-01-01". */
export function describeLastDose(next: NextDose): string {
  return next.recorded
    ? `last dose on ${next.lastDose} (dose ${next.dosesGiven})`
    : `no dose recorded since the course start on ${next.lastDose}`;
}

/** "2 days allowed" or "no window allowed". */
export function describeGrace(graceDays: number): string {
  return graceDays > 0 ? `${dayCount(graceDays)} allowed` : 'no window allowed';
}
