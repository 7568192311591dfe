import { addDays, daysBetween } from '../../calendar-date.ts';
import type { LabTest } from '../../enums.ts';
import { makeFlag } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { isActiveOn, latest, type TherapyCourse } from '../timeline.ts';
import type { Flag, Rule, RuleContext } from '../types.ts';
import { plural } from './schedule.ts';

/**
 * LAB_MONITORING_OVERDUE (details.agent and details.test say which), for azathioprine and
 * mycophenolate courses active on the as-of day (Neurol Res Int 2012, clinical-research.md 2.11):
 * - 'blood_count' (any of WBC, lymphocytes, neutrophils, platelets, haemoglobin) and 'liver_tests'
 *   (any of ALT, AST, bilirubin): due by the last such test dated in the course (or the course
 *   start when there is none) + the interval that applies on that day: the initial interval while
 *   that day is within the first `initialPhaseDays` of the course (course start = day 0, so day
 *   `initialPhaseDays` is the first regular day), the regular interval after. Overdue from the day
 *   after the due date; the flag is dated at the due date.
 * - 'tpmt' (azathioprine only): no TPMT result dated on or before the course's first dose ("TPMT
 *   genotyping first"). Dated at the first dose; a TPMT done later is reported, the flag stays.
 * One flag per (agent, test); if a patient has two overlapping courses of one agent, the one that
 * started last is the current course.
 */
export const labMonitoringOverdueRule: Rule = {
  codes: ['LAB_MONITORING_OVERDUE'],
  evaluate(context) {
    const flags: Flag[] = [];
    for (const agent of MONITORED_AGENTS) {
      const course = latest(context.timeline.therapies.filter((c) => c.agent === agent && isActiveOn(c, context.asOf)));
      if (!course) continue;
      const schedules = SCHEDULES[agent](context.settings.monitoring);
      for (const panel of PANELS) {
        const flag = panelOverdue(context, agent, course, panel, schedules[panel.test]);
        if (flag) flags.push(flag);
      }
      if (agent === 'azathioprine') {
        const flag = tpmtMissing(context, course);
        if (flag) flags.push(flag);
      }
    }
    return flags;
  },
};

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

function panelOverdue(
  context: RuleContext,
  agent: MonitoredAgent,
  course: TherapyCourse,
  panel: Panel,
  schedule: Schedule,
): Flag | null {
  const inCourse = context.timeline.labs.filter((lab) => panel.labs.has(lab.test) && lab.date >= course.startDate);
  const lastDate = latest(inCourse)?.date ?? null;
  const anchor = lastDate ?? course.startDate;
  const initial = daysBetween(course.startDate, anchor) < schedule.initialPhaseDays;
  const intervalDays = initial ? schedule.initialIntervalDays : schedule.intervalDays;
  const dueDate = addDays(anchor, intervalDays);
  if (context.asOf <= dueDate) return null;

  const lastTests = [...new Set(inCourse.filter((lab) => lab.date === lastDate).map((lab) => lab.test))].sort();
  const daysOverdue = daysBetween(dueDate, context.asOf);
  const phase =
    schedule.initialIntervalDays === schedule.intervalDays
      ? ''
      : initial
        ? `, in the first ${plural(schedule.initialPhaseDays, 'day')} of the course`
        : `, after the first ${plural(schedule.initialPhaseDays, 'day')} of the course`;
  const opening = lastDate
    ? `last ${panel.label} (${lastTests.join(', ')}) on ${lastDate}${phase}`
    : `no ${panel.label} recorded since the start${phase}`;
  const message =
    `${AGENT_LABELS[agent]} since ${course.startDate}: ${opening}; with a ${intervalDays}-day interval ` +
    `${lastDate ? 'the next' : 'the first'} was due by ${dueDate} and is ${plural(daysOverdue, 'day')} overdue.`;
  return makeFlag('LAB_MONITORING_OVERDUE', 'warning', dueDate, message, 'labMonitoring', {
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
}

function tpmtMissing(context: RuleContext, course: TherapyCourse): Flag | null {
  const firstDose = course.firstDoseDate;
  const tpmt = context.timeline.labs.filter((lab) => lab.test === 'tpmt');
  if (tpmt.some((lab) => lab.date <= firstDose)) return null;
  const laterTest = tpmt[0]?.date ?? null;
  const later = laterTest
    ? ` TPMT was tested on ${laterTest}, ${plural(daysBetween(firstDose, laterTest), 'day')} after the first dose.`
    : ' No TPMT result is recorded.';
  const message =
    `Azathioprine first dose on ${firstDose} (course started ${course.startDate}) without a TPMT result on or ` +
    `before that day; TPMT should be tested before azathioprine is started.${later}`;
  return makeFlag('LAB_MONITORING_OVERDUE', 'warning', firstDose, message, 'labMonitoring', {
    agent: 'azathioprine',
    test: 'tpmt',
    courseStartDate: course.startDate,
    firstDoseDate: firstDose,
    tpmtDate: laterTest,
  });
}
