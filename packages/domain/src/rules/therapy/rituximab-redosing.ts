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
  /** The first of the raised counts of this marker in a row ending with this one (after the last dose). */
  since: CalendarDate;
}

export const MARKER: Record<Count['test'], string> = {
  cd19_percent: 'CD19+ B cells',
  cd27_memory_b_percent: 'memory B cells (CD19+CD27+)',
};

/**
 * RITUXIMAB_REDOSING_DUE, for a rituximab course as it stood on a day D (the as-of date for the current
 * episode). Let `last` be the last infusion recorded up to D (else the course start).
 * (a) B cells have returned: the latest CD19 % of lymphocytes dated after `last` and on or before D, whatever
 *     its age, is above `cd19PercentThreshold` (0.1), or the latest CD19+CD27+ memory-B % is above
 *     `memoryBPercentThresholdFirstTwoYears` (0.05; lab within 730 days of the course start) or
 *     `memoryBPercentThresholdLater` (0.1; after). Dated at the earliest such lab. A raised count stays
 *     flagged until a redose or a later count of that marker at or below its threshold: returned B cells
 *     do not deplete again by themselves. CD19-guided protocol (Neurol Res Int 2012): redose when
 *     CD19/20 > 0.1%; memory-B thresholds per Kim SH et al., Arch Neurol 2011.
 * (b) Otherwise, more than `redosingIntervalDays` (default 183: day 183 no, day 184 yes) since `last` and no
 *     recent count (after `last` and at most `countValidDays`, default 60, before D): due by time. A recent count at or below threshold (continued depletion) defers
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
 * - a B-cell count at or below threshold on C (between infusions, before any stop) closes a B-cells-returned
 *   episode that stood on C - 1 when B cells no longer count as returned on C: resolved on C, "B-cell count at
 *   or below threshold on C";
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
        for (const count of countDays(timeline, course, infusions, end)) {
          const before = episodeOn(timeline, course, addDays(count, -1), settings.rituximab, true);
          if (before?.details.reason !== 'b_cells_returned') continue;
          const after = episodeOn(timeline, course, count, settings.rituximab, true);
          if (after?.details.reason === 'b_cells_returned') continue;
          const resolution = `B-cell count at or below threshold on ${count}`;
          flags.push(settle(before, asOf, { resolvedBy: { on: count, resolution } }));
        }
        if (course.stopDate === null) {
          const current = episodeOn(timeline, course, asOf, settings.rituximab, false);
          if (current) flags.push(current);
        } else if (course.stopDate > course.startDate && !infusions.includes(course.stopDate)) {
          const episode = episodeOn(timeline, course, addDays(course.stopDate, -1), settings.rituximab, true);
          if (episode) flags.push(settle(episode, asOf, { resolvedBy: stopOf(course) }));
        }
        return flags.sort((a, b) => (a.resolvedOn ?? '9').localeCompare(b.resolvedOn ?? '9'));
      });
  },
};

/**
 * The days of B-cell counts (CD19 %, memory-B %, with a value) after the course start and before `end`
 * that are not infusion days: the days a count can close a B-cells-returned episode.
 */
function countDays(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  infusions: readonly CalendarDate[],
  end: CalendarDate,
): CalendarDate[] {
  const days = [...labsFor(timeline, 'cd19_percent'), ...labsFor(timeline, 'cd27_memory_b_percent')]
    .filter((lab) => lab.value !== undefined && lab.date > course.startDate && !infusions.includes(lab.date))
    .map((lab) => lab.date)
    .filter((date) => (course.stopDate === null ? date <= end : date < end));
  return [...new Set(days)].sort();
}

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
  const raised = returnedCounts(timeline, course, last, day, s);
  if (raised.length > 0) {
    const date = raised.map((count) => count.since).reduce((a, b) => (b.localeCompare(a) < 0 ? b : a)); // the earliest
    const described = raised
      .map(
        (c) =>
          `${MARKER[c.test]} ${c.value}% of lymphocytes on ${c.date} (above ${c.threshold}%${c.period}${c.since === c.date ? '' : `; above it since ${c.since}`})`,
      )
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
  if (
    latestCount(timeline, 'cd19_percent', last, day, s.countValidDays) !== undefined ||
    latestCount(timeline, 'cd27_memory_b_percent', last, day, s.countValidDays) !== undefined
  )
    return null;
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

/**
 * The latest CD19 % and memory-B % counts dated after `last` and on or before `day` that are above their
 * thresholds, whatever their age: B cells that have returned stay returned until a redose (a later `last`)
 * or a later count of that marker at or below threshold (also used for RELAPSE_ON_LAPSED_DOSING). Each
 * carries `since`, the first of the raised counts in a row that ends with it.
 */
export function returnedCounts(
  timeline: ClinicalTimeline,
  course: TherapyCourse,
  last: CalendarDate,
  day: CalendarDate,
  s: RuleSettings['rituximab'],
): RaisedCount[] {
  const raised: RaisedCount[] = [];
  for (const test of ['cd19_percent', 'cd27_memory_b_percent'] as const) {
    // The counts with a value dated after `last` and on or before `day`, newest first, without
    // building the list: this runs for every infusion and count day of the course.
    const labs = labsFor(timeline, test);
    let newest: Count | undefined;
    let since = '';
    for (let i = labs.length - 1; i >= 0; i--) {
      const lab = labs[i] as (typeof labs)[number];
      if (lab.value === undefined || lab.date <= last || lab.date > day) continue;
      const count: Count = { test, date: lab.date, value: lab.value };
      if (count.value <= thresholdOf(course, count, s).threshold) break;
      newest ??= count;
      since = count.date;
    }
    if (newest !== undefined) raised.push({ ...newest, ...thresholdOf(course, newest, s), since });
  }
  return raised;
}

/** The threshold a count is judged by, and for memory B cells which one applied. */
function thresholdOf(
  course: TherapyCourse,
  count: Count,
  s: RuleSettings['rituximab'],
): { threshold: number; period: string } {
  if (count.test === 'cd19_percent') return { threshold: s.cd19PercentThreshold, period: '' };
  return daysBetween(course.startDate, count.date) <= FIRST_TWO_YEARS_DAYS
    ? { threshold: s.memoryBPercentThresholdFirstTwoYears, period: ', the threshold in the first 2 years of treatment' }
    : { threshold: s.memoryBPercentThresholdLater, period: ', the threshold after 2 years of treatment' };
}
