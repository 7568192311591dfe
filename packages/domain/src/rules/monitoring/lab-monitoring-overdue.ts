import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { LabTest } from '../../enums.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { TherapyCourse } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import {
  overdueClause,
  overdueEpisodes,
  plural,
  recordsOn,
  type ScheduleAnchor,
  scheduleGaps,
  settleEpisode,
} from './schedule.ts';

/**
 * LAB_MONITORING_OVERDUE (details.agent and details.test say which), for azathioprine and
 * mycophenolate courses (Neurol Res Int 2012, doi:10.1155/2012/460825):
 * - 'blood_count' (any of WBC, lymphocytes, neutrophils, platelets, haemoglobin) and 'liver_tests'
 *   (any of ALT, AST, bilirubin): due by the last such test dated in the course (or the course
 *   start when there is none) + the interval that applies on that day: the initial interval while
 *   that day is within the first `initialPhaseDays` of the course (course start = day 0, so day
 *   `initialPhaseDays` is the first regular day), the regular interval after. Overdue from the day
 *   after the due date; the flag is dated at the due date. Defaults: azathioprine blood count every
 *   14 days in the first 60 days then every 60 days, liver tests every 90 days; mycophenolate blood
 *   count and liver tests every 30 days in the first 180 days, then every 180 days.
 * - 'tpmt' (azathioprine only): no TPMT result dated on or before the course's first dose ("TPMT
 *   genotyping first"). Dated at the first dose; a TPMT done later is reported.
 * A course runs from its start to its stop day (both included); a course overlapped by a later
 * course of the same agent is taken as replaced by it on the later one's start day (the one that
 * started last is the current course), and its tests before that day are its own.
 *
 * Lifecycle (blood count and liver tests: the episode walk of schedule.ts, per course and test,
 * with the initial-then-regular schedule): every gap of a course in which the next test came after
 * the due day is an episode resolved on that test's day ("blood count on 2024-02-17 (platelets,
 * wbc)"); the current episode is open (as before) until the test is done, or until the course stops
 * ("azathioprine stopped on 2024-03-01") or is replaced ("new azathioprine course started on
 * 2024-03-01"), which resolves it: a stop after the due day ends an episode like a test, and tests are
 * no longer needed for a drug no longer taken. A missing TPMT is open while the course runs and
 * resolved by the first TPMT after the first dose ("TPMT tested on 2024-01-20, normal") or by the
 * course stopping or being replaced, whichever came first. Nothing here expires.
 * `details.daysOverdue` counts to as-of while open, to the resolving test or stop after.
 */
export const labMonitoringOverdueRule: Rule = {
  codes: ['LAB_MONITORING_OVERDUE'],
  evaluate(context) {
    const flags: Flag[] = [];
    for (const agent of MONITORED_AGENTS) {
      const courses = context.timeline.therapies.filter((c) => c.agent === agent);
      const schedules = SCHEDULES[agent](context.settings.monitoring);
      courses.forEach((course, index) => {
        const close = courseClose(agent, course, courses[index + 1]);
        for (const panel of PANELS)
          flags.push(...panelEpisodes(context, agent, course, close, panel, schedules[panel.test]));
        if (agent === 'azathioprine') {
          const flag = tpmtMissing(context, course, close);
          if (flag) flags.push(flag);
        }
      });
    }
    return flags;
  },
};

/** How a course ended as of as-of (null while it runs): its last day taken, the day it ended, and in words. */
interface CourseClose {
  lastDay: CalendarDate;
  on: CalendarDate;
  resolution: string;
}

/** Courses of one agent are sorted by start, and none share a start day (a course's identity). */
function courseClose(
  agent: MonitoredAgent,
  course: TherapyCourse,
  next: TherapyCourse | undefined,
): CourseClose | null {
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

const MONITORED_AGENTS = ['azathioprine', 'mycophenolate'] as const;
type MonitoredAgent = (typeof MONITORED_AGENTS)[number];

const AGENT_LABELS: Record<MonitoredAgent, string> = { azathioprine: 'Azathioprine', mycophenolate: 'Mycophenolate' };

interface Panel {
  test: 'blood_count' | 'liver_tests';
  label: string;
  labs: ReadonlySet<LabTest>;
}

const PANELS: readonly Panel[] = [
  {
    test: 'blood_count',
    label: 'blood count',
    labs: new Set<LabTest>(['wbc', 'lymphocytes_absolute', 'neutrophils_absolute', 'platelets', 'hemoglobin']),
  },
  { test: 'liver_tests', label: 'liver tests', labs: new Set<LabTest>(['alt', 'ast', 'bilirubin']) },
];

interface Schedule {
  initialIntervalDays: number;
  intervalDays: number;
  initialPhaseDays: number;
}

/**
 * The schedules from the settings. Azathioprine has no separate initial liver-test interval (the
 * protocol asks for liver tests every 3 months from the start), so its liver tests keep one interval.
 */
const SCHEDULES: Record<MonitoredAgent, (m: RuleSettings['monitoring']) => Record<Panel['test'], Schedule>> = {
  azathioprine: ({ azathioprine: s }) => ({
    blood_count: {
      initialIntervalDays: s.initialBloodCountIntervalDays,
      intervalDays: s.bloodCountIntervalDays,
      initialPhaseDays: s.initialPhaseDays,
    },
    liver_tests: {
      initialIntervalDays: s.liverTestIntervalDays,
      intervalDays: s.liverTestIntervalDays,
      initialPhaseDays: s.initialPhaseDays,
    },
  }),
  mycophenolate: ({ mycophenolate: s }) => ({
    blood_count: {
      initialIntervalDays: s.initialBloodCountIntervalDays,
      intervalDays: s.bloodCountIntervalDays,
      initialPhaseDays: s.initialPhaseDays,
    },
    liver_tests: {
      initialIntervalDays: s.initialLiverTestIntervalDays,
      intervalDays: s.liverTestIntervalDays,
      initialPhaseDays: s.initialPhaseDays,
    },
  }),
};

function panelEpisodes(
  context: RuleContext,
  agent: MonitoredAgent,
  course: TherapyCourse,
  close: CourseClose | null,
  panel: Panel,
  schedule: Schedule,
): Flag[] {
  const inCourse = context.timeline.labs.filter(
    (lab) => panel.labs.has(lab.test) && lab.date >= course.startDate && (close === null || lab.date <= close.lastDay),
  );
  const testsOn = (date: CalendarDate) => [...new Set(recordsOn(inCourse, date).map((lab) => lab.test))].sort();
  const isInitial = (anchor: ScheduleAnchor) => daysBetween(course.startDate, anchor.date) < schedule.initialPhaseDays;
  const intervalOf = (anchor: ScheduleAnchor) =>
    isInitial(anchor) ? schedule.initialIntervalDays : schedule.intervalDays;
  const gaps = scheduleGaps(
    { date: course.startDate, kind: 'course_start' },
    inCourse.map((lab) => lab.date),
    close?.on ?? null,
  );
  return overdueEpisodes(gaps, context.asOf, (anchor) => addDays(anchor.date, intervalOf(anchor))).map(
    ({ anchor, end, dueDate }) => {
      const lastDate = anchor.kind === 'last_record' ? anchor.date : null;
      const initial = isInitial(anchor);
      const intervalDays = intervalOf(anchor);
      const lastTests = lastDate ? testsOn(lastDate) : [];
      const daysOverdue = daysBetween(dueDate, end?.date ?? context.asOf);
      let resolution: string | null = null;
      if (end?.by === 'record') resolution = `${panel.label} on ${end.date} (${testsOn(end.date).join(', ')})`;
      else if (end?.by === 'close' && close) resolution = close.resolution;
      const phase =
        schedule.initialIntervalDays === schedule.intervalDays
          ? ''
          : initial
            ? `, in the first ${plural(schedule.initialPhaseDays, 'day')} of the course`
            : `, after the first ${plural(schedule.initialPhaseDays, 'day')} of the course`;
      const opening = lastDate
        ? `last ${panel.label} (${lastTests.join(', ')}) on ${lastDate}${phase}`
        : `no ${panel.label} recorded since the start${phase}`;
      const subject = end
        ? `${AGENT_LABELS[agent]} course started ${course.startDate}`
        : `${AGENT_LABELS[agent]} since ${course.startDate}`;
      const message =
        `${subject}: ${opening}; with a ${intervalDays}-day interval ` +
        `${lastDate ? 'the next' : 'the first'} was due by ${dueDate} ${overdueClause(daysOverdue, resolution)}`;
      const flag = makeFlag('LAB_MONITORING_OVERDUE', 'warning', dueDate, message, 'labMonitoring', {
        agent,
        test: panel.test,
        courseStartDate: course.startDate,
        lastDate,
        lastTests,
        phase: initial ? 'initial' : 'regular',
        initialPhaseDays: schedule.initialPhaseDays,
        intervalDays,
        dueDate,
        daysOverdue,
      });
      return settleEpisode(flag, context.asOf, end, resolution);
    },
  );
}

function tpmtMissing(context: RuleContext, course: TherapyCourse, close: CourseClose | null): Flag | null {
  const firstDose = course.firstDoseDate;
  const tpmt = context.timeline.labs.filter((lab) => lab.test === 'tpmt');
  if (tpmt.some((lab) => lab.date <= firstDose)) return null;
  const laterTest = tpmt[0];
  const later = laterTest
    ? ` TPMT was tested on ${laterTest.date}, ${plural(daysBetween(firstDose, laterTest.date), 'day')} after the first dose.`
    : ' No TPMT result is recorded.';
  const message =
    `Azathioprine first dose on ${firstDose} (course started ${course.startDate}) without a TPMT result on or ` +
    `before that day; TPMT should be tested before azathioprine is started.${later}`;
  const flag = makeFlag('LAB_MONITORING_OVERDUE', 'warning', firstDose, message, 'labMonitoring', {
    agent: 'azathioprine',
    test: 'tpmt',
    courseStartDate: course.startDate,
    firstDoseDate: firstDose,
    tpmtDate: laterTest?.date ?? null,
  });
  // The test resolves it when it came before the course ended (or the same day); else the end did.
  const byTest =
    laterTest && (close === null || laterTest.date <= close.on)
      ? {
          on: laterTest.date,
          resolution: `TPMT tested on ${laterTest.date}${laterTest.result ? `, ${laterTest.result}` : ''}`,
        }
      : null;
  const byClose = close && { on: close.on, resolution: close.resolution };
  return settle(flag, context.asOf, { resolvedBy: byTest ?? byClose, actionableUntil: null });
}
