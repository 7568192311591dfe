import type { TherapyAgent } from '../../enums.ts';
import { B_CELL_AGENTS } from '../agents.ts';
import { screeningRule } from '../pretreatment.ts';

/**
 * HBV_SCREENING_MISSING: a course of an agent in `infectionScreening.hbvBeforeAgents` (default: the
 * anti-CD20/CD19 agents and satralizumab, as their labels require) with no HBsAg result, or no anti-HBc
 * result, dated on or before its first dose (any earlier date counts, including tests before an earlier
 * course; an indeterminate result does not). FDA boxed warning for rituximab and ofatumumab (hepatitis B
 * reactivation): screen HBsAg and anti-HBc before the first dose; OCREVUS, KESIMPTA, UPLIZNA and ENSPRYNG
 * US prescribing information, section 2.1: HBV screening is required before the first dose. A test result
 * is a result whatever its value (a positive one raises HBV_POSITIVE_WITHOUT_PROPHYLAXIS until antiviral
 * prophylaxis or a hepatology referral is on record). Dated at the first dose; one flag per course.
 *
 * Lifecycle (pretreatment.ts `screeningRule`): open while the course runs and either result is still
 * missing; resolved when both are on record ("HBsAg and anti-HBc tested on 2024-04-01", the day the later
 * of the two was first tested), or when the course stops ("rituximab stopped on 2024-05-01"), whichever
 * comes first (a test on the stop day wins). No expiry: screening can be done at any time during the course.
 */
const mechanism = (agent: TherapyAgent): string => {
  if (B_CELL_AGENTS.has(agent)) return 'B-cell depletion';
  return agent === 'satralizumab' || agent === 'tocilizumab' ? 'IL-6 receptor blockade' : 'Immunosuppression';
};

export const hbvScreeningRule = screeningRule({
  code: 'HBV_SCREENING_MISSING',
  source: 'hbv',
  agents: (settings) => settings.infectionScreening.hbvBeforeAgents,
  tests: [
    { key: 'hbsag', name: 'HBsAg', tests: ['hbsag'] },
    { key: 'anti_hbc', name: 'anti-HBc', tests: ['anti_hbc'] },
  ],
  subject: 'hepatitis B screening',
  why: (agent) =>
    `${mechanism(agent)} can reactivate hepatitis B; HBsAg and anti-HBc are required before the first dose.`,
  done: (date) => `HBsAg and anti-HBc tested on ${date}`,
});
