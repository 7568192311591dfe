import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import { type LabTest, THERAPY_AGENTS, type TherapyAgent } from '../../enums.ts';
import { makeFlag, settle } from '../flag.ts';
import { completedOn, type MissingTest, missingBefore, type PretreatmentTest } from '../pretreatment.ts';
import { type BaselineTest, LAB_PANELS, type LabPanel, type RuleSettings } from '../settings.ts';
import { agentName, agentTitle } from '../therapy/labels.ts';
import { type CourseClose, courseClose, earliest } from '../therapy/resolution.ts';
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
 * LAB_MONITORING_OVERDUE (details.agent and details.test say which), per agent from
 * `labSchedules` and, for azathioprine and mycophenolate, `monitoring.<agent>` (sources: the NMO
 * protocol, Neurol Res Int 2012, doi:10.1155/2012/460825, and the labels named in SOURCES.labMonitoring):
 * - interval panels (details.test): 'blood_count' (any of WBC, lymphocytes, neutrophils, platelets,
 *   haemoglobin), 'liver_tests' (any of ALT, AST, bilirubin), 'transaminases' (ALT or AST),
 *   'neutrophils' (absolute neutrophil count) and 'igg'. Due by the last such test dated in the course
 *   (or the course start when there is none) + the interval of the phase that day falls in (course
 *   start = day 0; a phase runs up to its `untilDay`, exclusive; the first test after the start is due
 *   within `firstWithinDays` when set). A phase without an interval ("as clinically indicated") raises
 *   nothing. Overdue from the day after the due date; the flag is dated at the due date. Defaults:
 *   azathioprine blood count weekly for 28 days, every 14 days to day 60, then every 60 days, liver
 *   tests every 90 days; mycophenolate blood count weekly for 30 days, every 14 days to day 90, monthly to
 *   day 180, then every 180 days, liver tests monthly to day 180 then every 180 days; satralizumab ALT/AST
 *   every 28 days to day 90, every 90 days to day 455, then as indicated, neutrophils by day 56 then every
 *   90 days; tocilizumab ALT/AST every 56 days to day 180 then every 90, neutrophils by day 56 then every
 *   90; rituximab, ocrelizumab, ofatumumab and inebilizumab IgG every 183 days.
 * - baseline tests (`labSchedules.baseline`): 'tpmt' (TPMT, and NUDT15 with `requireNudt15`, before
 *   azathioprine), 'igg_baseline' (before B-cell therapy) and 'transaminases_baseline' (before
 *   satralizumab and tocilizumab): no readable result dated on or before the course's first dose. Dated at
 *   the first dose; a test done later is reported.
 * A course runs from its start to its stop day (both included); a course overlapped by a later
 * course of the same agent is taken as replaced by it on the later one's start day (the one that
 * started last is the current course), and its tests before that day are its own.
 *
 * Lifecycle (interval panels: the episode walk of schedule.ts, per course and panel, with the phased
 * schedule): every gap of a course in which the next test came after the due day is an episode
 * resolved on that test's day ("blood count on 2024-02-17 (platelets, wbc)"); the current episode is
 * open until the test is done, or until the course stops ("azathioprine stopped on 2024-03-01") or is
 * replaced ("new azathioprine course started on 2024-03-01"), which resolves it: tests are no longer
 * needed for a drug no longer taken. A missing baseline test is open while the course runs and resolved
 * by the first result after the first dose ("TPMT tested on 2024-01-20, normal") or by the course
 * stopping or being replaced, whichever came first. Nothing here expires.
 * `details.daysOverdue` counts to as-of while open, to the resolving test or stop after.
 */
export const labMonitoringOverdueRule: Rule = {
  codes: ['LAB_MONITORING_OVERDUE'],
  evaluate(context) {
    const { settings } = context;
    const flags: Flag[] = [];
    for (const agent of THERAPY_AGENTS) {
      const schedules = LAB_PANELS.flatMap((panel) => {
        const schedule = scheduleOf(agent, panel, settings);
        return schedule === null ? [] : [{ panel: PANELS[panel], schedule }];
      });
      const baseline = settings.labSchedules.baseline[agent] ?? [];
      if (schedules.length === 0 && baseline.length === 0) continue;
      const courses = context.timeline.therapies.filter((c) => c.agent === agent);
      courses.forEach((course, index) => {
        const close = courseClose(course, courses[index + 1]);
        for (const { panel, schedule } of schedules)
          flags.push(...panelEpisodes(context, course, close, panel, schedule));
        for (const test of baseline) {
          const flag = baselineMissing(context, course, close, test);
          if (flag) flags.push(flag);
        }
      });
    }
    return flags;
  },
};

interface Panel {
  test: LabPanel;
  label: string;
  labs: ReadonlySet<LabTest>;
}

const PANELS: Record<LabPanel, Panel> = {
  blood_count: {
    test: 'blood_count',
    label: 'blood count',
    labs: new Set<LabTest>(['wbc', 'lymphocytes_absolute', 'neutrophils_absolute', 'platelets', 'hemoglobin']),
  },
  liver_tests: { test: 'liver_tests', label: 'liver tests', labs: new Set<LabTest>(['alt', 'ast', 'bilirubin']) },
  transaminases: { test: 'transaminases', label: 'ALT/AST', labs: new Set<LabTest>(['alt', 'ast']) },
  neutrophils: { test: 'neutrophils', label: 'neutrophil count', labs: new Set<LabTest>(['neutrophils_absolute']) },
  igg: { test: 'igg', label: 'IgG', labs: new Set<LabTest>(['igg']) },
};

/** A stretch of the course (days from its start) with one interval; null: as clinically indicated. */
interface Phase {
  fromDay: number;
  untilDay: number | null;
  intervalDays: number | null;
}

interface Schedule {
  firstWithinDays: number | null;
  /** Contiguous from day 0; the last one runs on (untilDay null). */
  phases: Phase[];
}

type Protocol = (m: RuleSettings['monitoring']) => [initialUntilDay: number, initial: number, regular: number];

/**
 * The protocol phases of `monitoring.azathioprine` and `monitoring.mycophenolate` (initial, then
 * regular). Azathioprine has no separate initial liver-test interval: the protocol asks for liver tests
 * every 3 months from the start.
 */
const PROTOCOLS: Partial<Record<TherapyAgent, Partial<Record<LabPanel, Protocol>>>> = {
  azathioprine: {
    blood_count: ({ azathioprine: s }) => [
      s.initialPhaseDays,
      s.initialBloodCountIntervalDays,
      s.bloodCountIntervalDays,
    ],
    liver_tests: ({ azathioprine: s }) => [s.initialPhaseDays, s.liverTestIntervalDays, s.liverTestIntervalDays],
  },
  mycophenolate: {
    blood_count: ({ mycophenolate: s }) => [
      s.initialPhaseDays,
      s.initialBloodCountIntervalDays,
      s.bloodCountIntervalDays,
    ],
    liver_tests: ({ mycophenolate: s }) => [
      s.initialPhaseDays,
      s.initialLiverTestIntervalDays,
      s.liverTestIntervalDays,
    ],
  },
};

function monitoringPhases(agent: TherapyAgent, panel: LabPanel, m: RuleSettings['monitoring']) {
  const protocol = PROTOCOLS[agent]?.[panel];
  if (protocol === undefined) return null;
  const [initialUntilDay, initial, regular] = protocol(m);
  return [
    { untilDay: initialUntilDay, intervalDays: initial },
    { untilDay: null, intervalDays: regular },
  ];
}

/**
 * An agent's schedule for a panel, or null when it has none: the label phases of `labSchedules`
 * first, then the `monitoring` protocol phases (azathioprine, mycophenolate) or `thenIntervalDays`.
 * A later phase that ends before an earlier one does is skipped; empty phases are dropped.
 */
function scheduleOf(agent: TherapyAgent, panel: LabPanel, settings: RuleSettings): Schedule | null {
  const label = settings.labSchedules.schedules[agent]?.[panel];
  const protocol = monitoringPhases(agent, panel, settings.monitoring);
  if (!label && !protocol) return null;
  const tail = protocol ?? [{ untilDay: null, intervalDays: label?.thenIntervalDays ?? null }];
  const phases: Phase[] = [];
  let fromDay = 0;
  for (const { untilDay, intervalDays } of [...(label?.phases ?? []), ...tail]) {
    if (untilDay !== null && untilDay <= fromDay) continue;
    phases.push({ fromDay, untilDay, intervalDays });
    if (untilDay === null) break;
    fromDay = untilDay;
  }
  return { firstWithinDays: label?.firstWithinDays ?? null, phases };
}

function phaseOn(schedule: Schedule, day: number): Phase {
  const phase = schedule.phases.find((p) => p.untilDay === null || day < p.untilDay);
  if (phase === undefined) throw new Error('a schedule ends with an open phase');
  return phase;
}

/** ", in the first 60 days of the course" / ", after the first 60 days of the course" / "" (one interval). */
function phaseWords(schedule: Schedule, phase: Phase): string {
  if (new Set(schedule.phases.map((p) => p.intervalDays)).size === 1) return '';
  if (phase.untilDay !== null) return `, in the first ${plural(phase.untilDay, 'day')} of the course`;
  return phase.fromDay === 0 ? '' : `, after the first ${plural(phase.fromDay, 'day')} of the course`;
}

function panelEpisodes(
  context: RuleContext,
  course: TherapyCourse,
  close: CourseClose | null,
  panel: Panel,
  schedule: Schedule,
): Flag[] {
  const inCourse = context.timeline.labs.filter(
    (lab) => panel.labs.has(lab.test) && lab.date >= course.startDate && (close === null || lab.date <= close.lastDay),
  );
  const testsOn = (date: CalendarDate) => [...new Set(recordsOn(inCourse, date).map((lab) => lab.test))].sort();
  const phaseOf = (anchor: ScheduleAnchor) => phaseOn(schedule, daysBetween(course.startDate, anchor.date));
  const intervalOf = (anchor: ScheduleAnchor) =>
    (anchor.kind === 'course_start' ? schedule.firstWithinDays : null) ?? phaseOf(anchor).intervalDays;
  const gaps = scheduleGaps(
    { date: course.startDate, kind: 'course_start' },
    inCourse.map((lab) => lab.date),
    close?.on ?? null,
  ).filter((gap) => intervalOf(gap.anchor) !== null);
  return overdueEpisodes(gaps, context.asOf, (anchor) => addDays(anchor.date, intervalOf(anchor) ?? 0)).map(
    ({ anchor, end, dueDate }) => {
      const lastDate = anchor.kind === 'last_record' ? anchor.date : null;
      const phase = phaseOf(anchor);
      const intervalDays = intervalOf(anchor) ?? 0;
      const lastTests = lastDate ? testsOn(lastDate) : [];
      const daysOverdue = daysBetween(dueDate, end?.date ?? context.asOf);
      let resolution: string | null = null;
      if (end?.by === 'record') resolution = `${panel.label} on ${end.date} (${testsOn(end.date).join(', ')})`;
      else if (end?.by === 'close' && close) resolution = close.resolution;
      const words = phaseWords(schedule, phase);
      const opening = lastDate
        ? `last ${panel.label} (${lastTests.join(', ')}) on ${lastDate}${words}`
        : `no ${panel.label} recorded since the start${words}`;
      const subject = end
        ? `${agentTitle(course.agent)} course started ${course.startDate}`
        : `${agentTitle(course.agent)} since ${course.startDate}`;
      const message =
        `${subject}: ${opening}; with a ${intervalDays}-day interval ` +
        `${lastDate ? 'the next' : 'the first'} was due by ${dueDate} ${overdueClause(daysOverdue, resolution)}`;
      const flag = makeFlag('LAB_MONITORING_OVERDUE', 'warning', dueDate, message, 'labMonitoring', {
        agent: course.agent,
        test: panel.test,
        courseStartDate: course.startDate,
        lastDate,
        lastTests,
        phase: phase.untilDay === null ? 'regular' : 'initial',
        // The day the phase ends (initial) or began (regular): the boundary the message names.
        initialPhaseDays: phase.untilDay ?? phase.fromDay,
        intervalDays,
        dueDate,
        daysOverdue,
      });
      return settleEpisode(flag, context.asOf, end, resolution);
    },
  );
}

/** The tests of each baseline group, and the key details.test gives it ('tpmt' kept for TPMT). */
const BASELINE: Record<BaselineTest, { key: string; tests: (settings: RuleSettings) => PretreatmentTest[] }> = {
  thiopurine_metabolism: {
    key: 'tpmt',
    tests: (settings) => [
      { key: 'tpmt', name: 'TPMT', tests: ['tpmt'] },
      ...(settings.labSchedules.requireNudt15
        ? [{ key: 'nudt15', name: 'NUDT15', tests: ['nudt15'] as LabTest[] }]
        : []),
    ],
  },
  igg: { key: 'igg_baseline', tests: () => [{ key: 'igg', name: 'IgG', tests: ['igg'] }] },
  transaminases: {
    key: 'transaminases_baseline',
    tests: () => [{ key: 'transaminases', name: 'ALT or AST', tests: ['alt', 'ast'] }],
  },
};

/** "TPMT tested on 2024-01-20, normal". */
const testedWords = ({ name, firstAfter }: MissingTest) =>
  firstAfter === null ? '' : `${name} tested on ${firstAfter.date}${firstAfter.result ? `, ${firstAfter.result}` : ''}`;

function baselineMissing(
  context: RuleContext,
  course: TherapyCourse,
  close: CourseClose | null,
  group: BaselineTest,
): Flag | null {
  const firstDose = course.firstDoseDate;
  const { key, tests } = BASELINE[group];
  const missing = missingBefore(context.timeline.labs, firstDose, tests(context.settings));
  if (missing.length === 0) return null;
  const names = missing.map(({ name }) => name).join(' and ');
  const later = missing
    .map(({ name, firstAfter }) =>
      firstAfter
        ? ` ${name} was tested on ${firstAfter.date}, ${plural(daysBetween(firstDose, firstAfter.date), 'day')} after the first dose.`
        : ` No ${name} result is recorded.`,
    )
    .join('');
  const message =
    `${agentTitle(course.agent)} first dose on ${firstDose} (course started ${course.startDate}) without ${/^[AEIOU]/.test(names) ? 'an' : 'a'} ${names} result on or ` +
    `before that day; ${names} should be tested before ${agentName(course.agent)} is started.${later}`;
  const flag = makeFlag('LAB_MONITORING_OVERDUE', 'warning', firstDose, message, 'labMonitoring', {
    agent: course.agent,
    test: key,
    courseStartDate: course.startDate,
    firstDoseDate: firstDose,
    missingTests: missing.map((test) => test.key),
    testedOn: completedOn(missing),
  });
  const done = completedOn(missing);
  const tested = done === null ? null : { on: done, resolution: missing.map(testedWords).join('; ') };
  const closed = close && { on: close.on, resolution: close.resolution };
  return settle(flag, context.asOf, { resolvedBy: earliest(tested, closed), actionableUntil: null });
}
