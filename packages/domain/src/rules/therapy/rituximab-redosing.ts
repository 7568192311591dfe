import { addDays, type CalendarDate, daysBetween } from '../../calendar-date.ts';
import type { LabTest } from '../../enums.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import { type ClinicalTimeline, labsFor, latest, type TherapyCourse } from '../timeline.ts';
import type { Flag, Rule } from '../types.ts';
import { dayCount } from './labels.ts';
import { stopOf } from './resolution.ts';

/**
 * "The first 2 years" of treatment for the memory-B-cell threshold (Kim SH et al., Arch Neurol 2011: CD19+CD27+
 * "> 0.05% in the first 2 years and > 0.1% thereafter"). Not a clinic setting yet; a lab dated up to 730
 * days after the course start uses the first-two-years threshold, from day 731 the later one.
 */
const FIRST_TWO_YEARS_DAYS = 730;

export interface Count {
  test: 'cd19_percent' | 'cd27_memory_b_percent';
  date: CalendarDate;
  value: number;
}

export interface RaisedCount extends Count {
  threshold: number;
  /** For memory B cells, which threshold applied (", first 2 years of treatment"); else empty. */
  period: string;
}

export const MARKER: Record<Count['test'], string> = {
  cd19_percent: 'CD19+ B cells',
  cd27_memory_b_percent: 'memory B cells (CD19+CD27+)',
};

/**
 * RITUXIMAB_REDOSING_DUE, for a rituximab course as it stood on a day D (the as-of date for the current
 * episode). Let `last` be the last infusion recorded up to D (else the course start). Counts are the latest
 * CD19 % and CD19+CD27+ memory-B % of lymphocytes dated after `last`, on or before D and at most
 * `countValidDays` (default 60) before D.
 * (a) B cells have returned: that CD19 % is above `cd19PercentThreshold` (0.1), or that memory-B % is above
 *     `memoryBPercentThresholdFirstTwoYears` (0.05; lab within 730 days of the course start) or
 *     `memoryBPercentThresholdLater` (0.1; after). Dated at the earliest such lab. CD19-guided protocol
 *     (Neurol Res Int 2012): redose when CD19/20 > 0.1%; memory-B thresholds per Kim SH et al., Arch Neurol 2011.
 * (b) Otherwise, more than `redosingIntervalDays` (default 183: day 183 no, day 184 yes) since `last` and no
 *     such recent count: due by time. A recent count at or below threshold (continued depletion) defers
 *     redosing, which is how CD19/memory-B-guided patients (schedule 'as_needed') are followed.
 *     Dated at the first overdue day, last + interval + 1.
 * Equal to the threshold is not above it.
 *
 * Lifecycle (no expiry: redosing can always be given):
 * - the current episode of a course running on the as-of date is the flag as of that day: open;
 * - each later infusion N closes the episode that stood on N - 1, the last day without it: that flag (as it
 *   stood on N - 1) is resolved on N, "rituximab redosed on N". So every gap between consecutive infusions
 *   in which redosing became overdue (more than interval + 1 days apart, i.e. the infusion came after the
 *   due day, with no recent depleted count on the day before it), or in which B cells had returned, is an
 *   episode of the history; an infusion on the due day itself was on time and leaves none;
 * - a course stopped on S closes the episode that stood on S - 1 (unless an infusion on S already did):
 *   resolved on S, "rituximab stopped on S".
 */
export const rituximabRedosingRule: Rule = {
  codes: ['RITUXIMAB_REDOSING_DUE'],
  evaluate({ timeline, asOf, settings }) {
    return timeline.therapies
      .filter((course) => course.agent === 'rituximab')
      .flatMap((course) => {
        const end = course.stopDate ?? asOf;
        const infusions = [...new Set(course.administrations.map((a) => a.date))].filter(
          (date) => date > course.startDate && date <= end,
        );
        const flags: Flag[] = [];
        for (const infusion of infusions) {
          const episode = episodeOn(timeline, course, addDays(infusion, -1), settings.rituximab, true);
          if (episode)
            flags.push(
              settle(episode, asOf, { resolvedBy: { on: infusion, resolution: `rituximab redosed on ${infusion}` } }),
            );
        }
        if (course.stopDate === null) {
          const current = episodeOn(timeline, course, asOf, settings.rituximab, false);
          if (current) flags.push(current);
        } else if (course.stopDate > course.startDate && !infusions.includes(course.stopDate)) {
          const episode = episodeOn(timeline, course, addDays(course.stopDate, -1), settings.rituximab, true);
          if (episode) flags.push(settle(episode, asOf, { resolvedBy: stopOf(course) }));
        }
        return flags;
      });
  },
};

/**
 * The redosing flag of `course` as it stood on `day` (see the rule), or null when none was due. `past`:
 * the flag is read later as history, so its words must not depend on the day it is read.
 */
function episodeOn(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  day: CalendarDate,
  s: RuleSettings['rituximab'],
  past: boolean,
): Flag | null {
  const infused = course.administrations.filter((a) => a.date <= day);
  const last = infused.at(-1)?.date ?? course.startDate;
  const lastText =
    infused.length === 0 ? `no infusion recorded since the course start on ${last}` : `last infusion on ${last}`;
  const cd19 = latestCount(timeline, 'cd19_percent', last, day, s.countValidDays);
  const memoryB = latestCount(timeline, 'cd27_memory_b_percent', last, day, s.countValidDays);

  const raised = raisedCounts(course, cd19, memoryB, s);
  if (raised.length > 0) {
    const date = raised.map((count) => count.date).reduce((a, b) => (b.localeCompare(a) < 0 ? b : a)); // the earliest date
    const described = raised
      .map((c) => `${MARKER[c.test]} ${c.value}% of lymphocytes on ${c.date} (above ${c.threshold}%${c.period})`)
      .join(' and ');
    return makeFlag(
      'RITUXIMAB_REDOSING_DUE',
      'warning',
      date,
      `Rituximab: ${described}, ${lastText}: B cells are returning, and the B-cell-guided protocol redoses when they do.`,
      'rituximabRedosing',
      {
        reason: 'b_cells_returned',
        lastInfusion: last,
        daysSince: daysBetween(last, day),
        counts: raised.map(({ test, date: labDate, value, threshold }) => ({ test, date: labDate, value, threshold })),
      },
    );
  }

  const daysSince = daysBetween(last, day);
  if (daysSince <= s.redosingIntervalDays) return null;
  // A recent count (all at or below threshold here) shows continued depletion: redosing can wait.
  if (cd19 !== undefined || memoryB !== undefined) return null;
  const dueSince = addDays(last, s.redosingIntervalDays + 1);
  // Counts after the last infusion that are too old to rely on, named so the clinician sees why.
  const stale = latest(
    [
      latestCount(timeline, 'cd19_percent', last, day, Number.POSITIVE_INFINITY),
      latestCount(timeline, 'cd27_memory_b_percent', last, day, Number.POSITIVE_INFINITY),
    ]
      .filter((count) => count !== undefined)
      .sort((a, b) => a.date.localeCompare(b.date)),
  );
  const staleText =
    stale === undefined
      ? 'no B-cell count since then'
      : `the last B-cell count (${MARKER[stale.test]} ${stale.value}% on ${stale.date}) is older than ${dayCount(s.countValidDays)}`;
  const message = past
    ? `Rituximab: ${lastText} (redosing interval ${dayCount(s.redosingIntervalDays)}), and no recent B-cell count showed continued B-cell depletion: redosing was due from ${dueSince}.`
    : `Rituximab: ${lastText}, ${dayCount(daysSince)} ago (redosing interval ${dayCount(s.redosingIntervalDays)}), and ${staleText}, so no recent count shows continued B-cell depletion: redosing is due since ${dueSince}.`;
  return makeFlag('RITUXIMAB_REDOSING_DUE', 'warning', dueSince, message, 'rituximabRedosing', {
    reason: 'interval_elapsed',
    lastInfusion: last,
    daysSince,
    redosingIntervalDays: s.redosingIntervalDays,
    countValidDays: s.countValidDays,
    schedule: course.schedule,
  });
}

/** The latest count of `test` with a value (also used for RELAPSE_ON_LAPSED_DOSING), dated after `after`, on or before `asOf` and at most `validDays` before it. */
export function latestCount(
  timeline: ClinicalTimeline,
  test: Count['test'] & LabTest,
  after: CalendarDate,
  asOf: CalendarDate,
  validDays: number,
): Count | undefined {
  const counts: Count[] = [];
  for (const lab of labsFor(timeline, test)) {
    if (lab.value === undefined || lab.date <= after || lab.date > asOf || daysBetween(lab.date, asOf) > validDays)
      continue;
    counts.push({ test, date: lab.date, value: lab.value });
  }
  return latest(counts);
}

export function raisedCounts(
  course: TherapyCourse,
  cd19: Count | undefined,
  memoryB: Count | undefined,
  s: RuleSettings['rituximab'],
): RaisedCount[] {
  const raised: RaisedCount[] = [];
  if (cd19 !== undefined && cd19.value > s.cd19PercentThreshold)
    raised.push({ ...cd19, threshold: s.cd19PercentThreshold, period: '' });
  if (memoryB !== undefined) {
    const firstTwoYears = daysBetween(course.startDate, memoryB.date) <= FIRST_TWO_YEARS_DAYS;
    const threshold = firstTwoYears ? s.memoryBPercentThresholdFirstTwoYears : s.memoryBPercentThresholdLater;
    const period = firstTwoYears
      ? ', the threshold in the first 2 years of treatment'
      : ', the threshold after 2 years of treatment';
    if (memoryB.value > threshold) raised.push({ ...memoryB, threshold, period });
  }
  return raised;
}
