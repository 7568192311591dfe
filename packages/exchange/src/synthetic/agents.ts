import { type TherapyAgent, type TherapySchedule, toDayNumber } from '@nmo/domain';
import type { Day } from './model.ts';

export type AgentClass = 'b_cell' | 'complement' | 'il6' | 'immunosuppressant' | 'ms_drug' | 'other' | 'transplant';

/** How the clinic gives one maintenance agent, and what it does to the relapse rate. */
export interface AgentProfile {
  class: AgentClass;
  /** Relapse rate once effective, relative to no treatment (1 = no effect, above 1 = harmful). */
  rateRatio: number;
  /** Days until the agent protects; until then the rate ratio is `earlyRateRatio`. */
  onsetOfEffectDays: number;
  earlyRateRatio: number;
  /** First use for NMOSD (licence or widespread off-label use); not offered before. */
  availableFrom: string;
  doseMg?: number;
  schedule: TherapySchedule;
  /** Stops per year for reasons other than inefficacy (adverse events, choice, pregnancy). */
  discontinuationPerYear: number;
  /** Probability of a switch after an attack beyond the onset-of-effect window. */
  switchAfterBreakthrough: number;
}

/**
 * Rate ratios are rounded trial or cohort effects against placebo / pre-treatment:
 * rituximab ~0.2 (Damato 2016 meta-analysis, ARR 1.56 → 0.32); inebilizumab 0.27 (N-MOmentum,
 * HR 0.27); eculizumab 0.06 (PREVENT, 94% risk reduction); ravulizumab 0.03 (CHAMPION-NMOSD,
 * no adjudicated relapse); satralizumab 0.3 (SAkuraStar/SAkuraSky AQP4+ 74-79%); tocilizumab 0.25
 * (TANGO, better than azathioprine); azathioprine 0.5 and mycophenolate 0.45 (guideline: inferior
 * to rituximab); MS drugs ≥1: interferon-β raised the ARR (Palace 2010, PMID 22354738), natalizumab
 * failed (Traub et al., Int J Mol Sci 2020), fingolimod and glatiramer ineffective. AHSCT 0.5: 81% of
 * EBMT NMOSD patients relapsed afterwards (Greco et al., Mult Scler 2015).
 * Onset of effect: attacks within a month of the first rituximab infusion are common and
 * "did not necessarily mean that RTX was ineffective" (§2.2); azathioprine needs 3-6 months.
 */
const AGENTS: Partial<Record<TherapyAgent, AgentProfile>> = {
  rituximab: {
    class: 'b_cell',
    rateRatio: 0.2,
    onsetOfEffectDays: 30,
    earlyRateRatio: 0.7,
    availableFrom: '2004-01-01',
    doseMg: 1000,
    schedule: 'every_6_months',
    discontinuationPerYear: 0.03,
    // Breakthroughs on rituximab are often met by shorter intervals rather than a switch.
    switchAfterBreakthrough: 0.3,
  },
  inebilizumab: {
    class: 'b_cell',
    rateRatio: 0.27,
    onsetOfEffectDays: 21,
    earlyRateRatio: 0.7,
    availableFrom: '2020-06-11',
    doseMg: 300,
    schedule: 'every_6_months',
    discontinuationPerYear: 0.03,
    switchAfterBreakthrough: 0.6,
  },
  eculizumab: {
    class: 'complement',
    rateRatio: 0.06,
    onsetOfEffectDays: 14,
    earlyRateRatio: 0.5,
    availableFrom: '2019-06-27',
    doseMg: 1200,
    schedule: 'every_2_weeks',
    discontinuationPerYear: 0.05,
    switchAfterBreakthrough: 0.6,
  },
  ravulizumab: {
    class: 'complement',
    rateRatio: 0.03,
    onsetOfEffectDays: 14,
    earlyRateRatio: 0.5,
    availableFrom: '2024-03-22',
    doseMg: 3300,
    schedule: 'every_8_weeks',
    discontinuationPerYear: 0.03,
    switchAfterBreakthrough: 0.6,
  },
  satralizumab: {
    class: 'il6',
    rateRatio: 0.3,
    onsetOfEffectDays: 28,
    earlyRateRatio: 0.8,
    availableFrom: '2020-08-14',
    doseMg: 120,
    schedule: 'every_4_weeks',
    discontinuationPerYear: 0.05,
    switchAfterBreakthrough: 0.6,
  },
  tocilizumab: {
    class: 'il6',
    rateRatio: 0.25,
    onsetOfEffectDays: 28,
    earlyRateRatio: 0.8,
    availableFrom: '2011-01-01',
    doseMg: 480,
    schedule: 'every_4_weeks',
    discontinuationPerYear: 0.06,
    switchAfterBreakthrough: 0.6,
  },
  azathioprine: {
    class: 'immunosuppressant',
    rateRatio: 0.5,
    onsetOfEffectDays: 120,
    earlyRateRatio: 0.9,
    availableFrom: '1990-01-01',
    doseMg: 150,
    schedule: 'daily',
    discontinuationPerYear: 0.12,
    switchAfterBreakthrough: 0.75,
  },
  mycophenolate: {
    class: 'immunosuppressant',
    rateRatio: 0.45,
    onsetOfEffectDays: 90,
    earlyRateRatio: 0.9,
    availableFrom: '1997-01-01',
    doseMg: 1000,
    schedule: 'twice_daily',
    discontinuationPerYear: 0.07,
    switchAfterBreakthrough: 0.7,
  },
  oral_prednisone: {
    class: 'immunosuppressant',
    rateRatio: 0.6,
    onsetOfEffectDays: 7,
    earlyRateRatio: 0.8,
    availableFrom: '1990-01-01',
    doseMg: 10,
    schedule: 'daily',
    discontinuationPerYear: 0.15,
    switchAfterBreakthrough: 0.8,
  },
  ivig_maintenance: {
    class: 'other',
    rateRatio: 0.4,
    onsetOfEffectDays: 28,
    earlyRateRatio: 0.8,
    availableFrom: '2000-01-01',
    doseMg: 30_000,
    schedule: 'every_4_weeks',
    discontinuationPerYear: 0.1,
    switchAfterBreakthrough: 0.5,
  },
  interferon_beta: {
    class: 'ms_drug',
    rateRatio: 1.5,
    onsetOfEffectDays: 30,
    earlyRateRatio: 1.2,
    availableFrom: '1993-07-23',
    doseMg: 0.03,
    schedule: 'weekly',
    discontinuationPerYear: 0.1,
    switchAfterBreakthrough: 0.3,
  },
  glatiramer: {
    class: 'ms_drug',
    rateRatio: 1.0,
    onsetOfEffectDays: 30,
    earlyRateRatio: 1.0,
    availableFrom: '1996-12-20',
    doseMg: 20,
    schedule: 'daily',
    discontinuationPerYear: 0.1,
    switchAfterBreakthrough: 0.3,
  },
  natalizumab: {
    class: 'ms_drug',
    rateRatio: 1.3,
    onsetOfEffectDays: 30,
    earlyRateRatio: 1.2,
    availableFrom: '2006-06-05',
    doseMg: 300,
    schedule: 'every_4_weeks',
    discontinuationPerYear: 0.1,
    switchAfterBreakthrough: 0.3,
  },
  fingolimod: {
    class: 'ms_drug',
    rateRatio: 1.3,
    onsetOfEffectDays: 30,
    earlyRateRatio: 1.2,
    availableFrom: '2010-09-22',
    doseMg: 0.5,
    schedule: 'daily',
    discontinuationPerYear: 0.1,
    switchAfterBreakthrough: 0.3,
  },
  ahsct: {
    class: 'transplant',
    rateRatio: 0.5,
    onsetOfEffectDays: 0,
    earlyRateRatio: 0.5,
    availableFrom: '2005-01-01',
    schedule: 'once',
    discontinuationPerYear: 0,
    switchAfterBreakthrough: 0,
  },
};

export function agentProfile(agent: TherapyAgent): AgentProfile {
  const profile = AGENTS[agent];
  if (profile === undefined) throw new Error(`the synthetic cohort does not prescribe ${agent}`);
  return profile;
}

export const MS_DRUGS: readonly TherapyAgent[] = ['interferon_beta', 'glatiramer', 'natalizumab', 'fingolimod'];

export function isMsDrug(agent: TherapyAgent): boolean {
  return agentProfile(agent).class === 'ms_drug';
}

/** Agents approved for AQP4-IgG-positive NMOSD only (PREVENT, CHAMPION, N-MOmentum, SAkura trials). */
const AQP4_ONLY: readonly TherapyAgent[] = ['eculizumab', 'ravulizumab', 'inebilizumab', 'satralizumab'];

/** Relapse-rate multiplier of an agent `daysOnAgent` days after its start. */
export function rateRatio(agent: TherapyAgent, daysOnAgent: number): number {
  const profile = agentProfile(agent);
  return daysOnAgent < profile.onsetOfEffectDays ? profile.earlyRateRatio : profile.rateRatio;
}

/** Keeps the weighted choices that were on the market at `day` and suit the serostatus. */
export function offered(
  choices: readonly (readonly [TherapyAgent, number])[],
  day: Day,
  aqp4Positive: boolean,
): [TherapyAgent, number][] {
  return choices
    .filter(([agent]) => availableDay(agent) <= day)
    .filter(([agent]) => aqp4Positive || !AQP4_ONLY.includes(agent))
    .map(([agent, weight]) => [agent, weight]);
}

const availableDays = new Map<TherapyAgent, Day>();

export function availableDay(agent: TherapyAgent): Day {
  let day = availableDays.get(agent);
  if (day === undefined) {
    day = toDayNumber(agentProfile(agent).availableFrom);
    availableDays.set(agent, day);
  }
  return day;
}
