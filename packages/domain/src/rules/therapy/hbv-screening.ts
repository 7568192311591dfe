import { B_CELL_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import { labsFor } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentTitle } from './labels.ts';
import { allRecordedOn, earliest, stopOf } from './resolution.ts';

const SCREENING_TESTS = [
  { test: 'hbsag', name: 'HBsAg' },
  { test: 'anti_hbc', name: 'anti-HBc' },
] as const;

/**
 * HBV_SCREENING_MISSING: a course of a B-cell therapy (B_CELL_AGENTS) with no HBsAg result, or no anti-HBc
 * result, dated on or before its first dose (any earlier date counts, including tests before an earlier
 * course). FDA boxed warning for rituximab and ofatumumab (hepatitis B reactivation): screen HBsAg and
 * anti-HBc before the first dose; inebilizumab label: test before infusion (UPLIZNA US prescribing information, section 2). A
 * test result is a result whatever its value (a positive one is a different matter: hepatology referral).
 * Dated at the first dose; one flag per course.
 *
 * Lifecycle: open while the course runs and either result is still missing; resolved when both are on
 * record ("HBsAg and anti-HBc tested on 2024-04-01", the day the later of the two was first tested), or when
 * the course stops ("rituximab stopped on 2024-05-01"), whichever comes first (a test on the stop day wins).
 * No expiry: screening can be done at any time during the course.
 */
export const hbvScreeningRule: Rule = {
  codes: ['HBV_SCREENING_MISSING'],
  evaluate({ timeline, asOf }) {
    // The day both tests are on record: the later of the first HBsAg and the first anti-HBc.
    const tested = allRecordedOn(SCREENING_TESTS.map(({ test }) => labsFor(timeline, test)[0]?.date ?? null));
    const screening = tested === null ? null : { on: tested, resolution: `HBsAg and anti-HBc tested on ${tested}` };
    return timeline.therapies
      .filter((course) => B_CELL_AGENTS.has(course.agent))
      .flatMap((course) => {
        const firstDose = course.firstDoseDate;
        const missing = SCREENING_TESTS.flatMap(({ test, name }) => {
          const dates = labsFor(timeline, test).map((lab) => lab.date);
          if (dates.some((date) => date <= firstDose)) return [];
          return [{ test, name, testedAfter: dates[0] ?? null }];
        });
        if (missing.length === 0) return [];
        const described = missing
          .map(({ name, testedAfter }) =>
            testedAfter === null ? `${name} never tested` : `${name} first tested on ${testedAfter}, after it`,
          )
          .join('; ');
        const flag = makeFlag(
          'HBV_SCREENING_MISSING',
          'warning',
          firstDose,
          `${agentTitle(course.agent)} first dose on ${firstDose} without hepatitis B screening before it: ${described}. B-cell depletion can reactivate hepatitis B; HBsAg and anti-HBc are required before the first dose.`,
          'hbv',
          {
            agent: course.agent,
            firstDoseDate: firstDose,
            missingTests: missing.map(({ test }) => test),
            testedAfterFirstDose: Object.fromEntries(missing.map(({ test, testedAfter }) => [test, testedAfter])),
          },
        );
        return [settle(flag, asOf, { resolvedBy: earliest(screening, stopOf(course)) })];
      });
  },
};
