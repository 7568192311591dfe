import type { CalendarDate } from '../calendar-date.ts';
import type { LabTest, TherapyAgent } from '../enums.ts';
import type { LabEvent } from '../records/lab.ts';
import { makeFlag, settle } from './flag.ts';
import type { RuleSettings } from './settings.ts';
import type { SourceId } from './sources.ts';
import { agentTitle } from './therapy/labels.ts';
import { allRecordedOn, earliest, stopOf } from './therapy/resolution.ts';
import type { TherapyCourse } from './timeline.ts';
import type { Flag, FlagCode, Rule } from './types.ts';

/**
 * Tests needed before a course's first dose (not a rule itself): hepatitis B and tuberculosis
 * screening (therapy/hbv-screening.ts, therapy/tb-screening.ts) and the baseline labs of
 * LAB_MONITORING_OVERDUE (TPMT, IgG, transaminases).
 *
 * Day semantics: a result dated on or before the first dose (the first recorded administration, else
 * the start) counts, whenever it was taken (a test before an earlier course counts too). An
 * indeterminate result is no result (CDC: repeat an indeterminate IGRA).
 */
export interface PretreatmentTest {
  /** Stable key in the flag's details ('hbsag', 'tuberculosis', 'tpmt'). */
  key: string;
  /** As a neurologist reads it ('HBsAg', 'IGRA or tuberculin skin test'). */
  name: string;
  /** Any of these lab tests satisfies it. */
  tests: readonly LabTest[];
}

/** A needed test without a result on or before the first dose, and its first result after it (if any). */
export interface MissingTest extends PretreatmentTest {
  firstAfter: LabEvent | null;
}

/** A result that can be read (not indeterminate). */
export const isReadable = (lab: LabEvent): boolean => lab.result !== 'indeterminate';

/** The tests of `needed` with no readable result on or before `firstDose` (labs sorted by date). */
export function missingBefore(
  labs: readonly LabEvent[],
  firstDose: CalendarDate,
  needed: readonly PretreatmentTest[],
): MissingTest[] {
  return needed.flatMap((test) => {
    const results = labs.filter((lab) => test.tests.includes(lab.test) && isReadable(lab));
    if (results.some((lab) => lab.date <= firstDose)) return [];
    return [{ ...test, firstAfter: results[0] ?? null }];
  });
}

/** The day every missing test was on record after all (the latest of their first results), or null. */
export const completedOn = (missing: readonly MissingTest[]): CalendarDate | null =>
  allRecordedOn(missing.map((test) => test.firstAfter?.date ?? null));

/** "HBsAg never tested; anti-HBc first tested on 2024-04-01, after it". */
export function describeMissing(missing: readonly MissingTest[]): string {
  return missing
    .map(({ name, firstAfter }) =>
      firstAfter === null ? `${name} never tested` : `${name} first tested on ${firstAfter.date}, after it`,
    )
    .join('; ');
}

/** What a screening rule checks: which agents, which tests, and how it words the flag. */
export interface ScreeningSpec {
  code: FlagCode;
  source: SourceId;
  agents: (settings: RuleSettings) => readonly TherapyAgent[];
  tests: readonly PretreatmentTest[];
  /** "hepatitis B screening". */
  subject: string;
  /** Why it matters for this agent, a sentence ("B-cell depletion can reactivate hepatitis B; …"). */
  why: (agent: TherapyAgent) => string;
  /** The resolution once every test is on record ("HBsAg and anti-HBc tested on 2024-04-01"). */
  done: (date: CalendarDate) => string;
}

/**
 * A screening rule: for each course of one of the spec's agents, the needed tests with no readable
 * result on or before its first dose raise one warning dated at the first dose.
 *
 * Lifecycle: open while the course runs and a test is still missing; resolved when every missing test
 * is on record (the day the last of them was first done), or when the course stops, whichever came
 * first (a test on the stop day wins). No expiry: screening can be done at any time during the course.
 */
export function screeningRule(spec: ScreeningSpec): Rule {
  return {
    codes: [spec.code],
    evaluate({ timeline, asOf, settings }) {
      const agents = new Set(spec.agents(settings));
      return timeline.therapies
        .filter((course) => agents.has(course.agent))
        .flatMap((course) => {
          const flag = screeningFlag(spec, course, timeline.labs);
          if (flag === null) return [];
          const missing = flag.missing;
          const completed = completedOn(missing);
          const screened = completed === null ? null : { on: completed, resolution: spec.done(completed) };
          return [settle(flag.flag, asOf, { resolvedBy: earliest(screened, stopOf(course)) })];
        });
    },
  };
}

function screeningFlag(
  spec: ScreeningSpec,
  course: TherapyCourse,
  labs: readonly LabEvent[],
): { flag: Flag; missing: MissingTest[] } | null {
  const firstDose = course.firstDoseDate;
  const missing = missingBefore(labs, firstDose, spec.tests);
  if (missing.length === 0) return null;
  const flag = makeFlag(
    spec.code,
    'warning',
    firstDose,
    `${agentTitle(course.agent)} first dose on ${firstDose} without ${spec.subject} before it: ${describeMissing(missing)}. ${spec.why(course.agent)}`,
    spec.source,
    {
      agent: course.agent,
      firstDoseDate: firstDose,
      missingTests: missing.map(({ key }) => key),
      testedAfterFirstDose: Object.fromEntries(missing.map(({ key, firstAfter }) => [key, firstAfter?.date ?? null])),
    },
  );
  return { flag, missing };
}
