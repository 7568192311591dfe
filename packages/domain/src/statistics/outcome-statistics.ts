import type { TherapyAgent } from '../enums.ts';
import {
  isSmallCount,
  type PublishedCount,
  publishCount,
  publishSummary,
  roundToThreshold,
} from '../privacy/small-cells.ts';
import { type Contribution, keepLargeContributions } from './group-contributions.ts';
import {
  kaplanMeier,
  RISK_TABLE_DAYS,
  riskTable,
  type SurvivalStep,
  type SurvivalTime,
  survivalOn,
} from './kaplan-meier.ts';
import type { PatientOutcomes, TherapyEpisode } from './patient-outcomes.ts';
import { poissonRate } from './poisson-interval.ts';
import { quantile } from './quantiles.ts';

/**
 * The cohort's outcome statistics from each patient's outcomes (patient-outcomes.ts). Clinicians
 * (`research` absent) get exact figures and full Kaplan–Meier steps. Researchers get, per figure,
 * only the contributions of research groups with at least k contributing patients
 * (group-contributions.ts), every count of 1 to k−1 as "<k", rates hidden when their attack count
 * is such a small cell, curves read on a monthly grid only while at least k are at risk, and the
 * counts under a curve (at risk, events) rounded to multiples of k group by group.
 */

/** Researchers' curves are read every this many days: an event day is known only to the month. */
export const RESEARCH_CURVE_GRID_DAYS = 30;
/** Researchers' exposure in whole patient-years (exposure pins follow-up, and with it dates). */
export const RESEARCH_EXPOSURE_DECIMALS = 0;

export interface OutcomeUnit {
  /** The patient's research group (api research-scope.ts GROUP_KEY); '' for clinicians. */
  group: string;
  outcomes: PatientOutcomes;
}

export interface CurvePoint {
  day: number;
  /** S(day), or the cumulative incidence 1 − S(day) for worsening. */
  value: number;
  lower: number | null;
  upper: number | null;
}

export interface PublishedRiskRow {
  day: number;
  atRisk: PublishedCount;
  eventsSoFar: PublishedCount;
}

export interface PublishedCurve {
  patients: PublishedCount;
  events: PublishedCount;
  points: CurvePoint[];
  riskTable: PublishedRiskRow[];
  /** Some groups' patients were left out (fewer than k in their group contributed). */
  leftOut: boolean;
}

export interface ArrRow {
  agent: TherapyAgent;
  patients: PublishedCount;
  episodes: PublishedCount;
  attacks: PublishedCount;
  exposureYears: number;
  /** Attacks per patient-year and its exact 95% interval (Garwood); null when hidden or no exposure. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  leftOut: boolean;
}

export interface EdssYearRow {
  /** Whole years since the first attack (0: the first year). */
  year: number;
  patients: PublishedCount;
  median: number | null;
  q1: number | null;
  q3: number | null;
  leftOut: boolean;
}

export interface OutcomeStatistics {
  arrByAgent: ArrRow[];
  timeToFirstRelapse: ({ agent: TherapyAgent } & PublishedCurve)[];
  worsening: PublishedCurve;
  edssByDiseaseYear: EdssYearRow[];
}

const distinctPatients = (items: readonly Contribution<unknown>[]) => new Set(items.map((i) => i.patient)).size;
const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

function protect<T>(items: Contribution<T>[], threshold: number | undefined) {
  return threshold === undefined ? { kept: items, leftOut: false } : keepLargeContributions(items, threshold);
}

function episodesByAgent(units: readonly OutcomeUnit[], onlyFirst: boolean) {
  const byAgent = new Map<TherapyAgent, Contribution<TherapyEpisode>[]>();
  units.forEach((unit, patient) => {
    for (const episode of unit.outcomes.episodes) {
      if (onlyFirst && !episode.firstOfAgent) continue;
      const list = byAgent.get(episode.agent) ?? [];
      list.push({ group: unit.group, patient, value: episode });
      byAgent.set(episode.agent, list);
    }
  });
  return [...byAgent.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function arrRow(agent: TherapyAgent, all: Contribution<TherapyEpisode>[], threshold?: number): ArrRow | null {
  const { kept, leftOut } = protect(all, threshold);
  if (kept.length === 0) return null;
  const attacks = kept.reduce((sum, item) => sum + item.value.attacks, 0);
  const exposure = kept.reduce((sum, item) => sum + item.value.exposureYears, 0);
  const estimate = poissonRate(attacks, exposure);
  const count = (n: number) => (threshold === undefined ? n : publishCount(n, threshold));
  const hidden = threshold !== undefined && isSmallCount(attacks, threshold);
  const shown = (value: number | undefined) =>
    value === undefined || hidden ? null : threshold === undefined ? value : round(value, 2);
  return {
    agent,
    patients: count(distinctPatients(kept)),
    episodes: count(kept.length),
    attacks: count(attacks),
    exposureYears: threshold === undefined ? exposure : round(exposure, RESEARCH_EXPOSURE_DECIMALS),
    rate: shown(estimate?.rate),
    lower: shown(estimate?.lower),
    upper: shown(estimate?.upper),
    leftOut,
  };
}

const point = (day: number, step: SurvivalStep | null, incidence: boolean): CurvePoint => {
  const s = step?.survival ?? 1;
  const lower = step?.lower ?? null;
  const upper = step?.upper ?? null;
  return incidence
    ? { day, value: 1 - s, lower: upper === null ? null : 1 - upper, upper: lower === null ? null : 1 - lower }
    : { day, value: s, lower, upper };
};

/**
 * A Kaplan–Meier curve as published. Clinicians: a point at day 0 and at every event day.
 * Researchers: a point every RESEARCH_CURVE_GRID_DAYS days while at least k are still followed on
 * that day (every event folded into a point then had at least k at risk), values to 3 decimals.
 */
export function publishCurve(
  contributions: Contribution<SurvivalTime>[],
  incidence: boolean,
  threshold?: number,
): PublishedCurve {
  const { kept, leftOut } = protect(contributions, threshold);
  const times = kept.map((item) => item.value);
  const steps = kaplanMeier(times);
  if (threshold === undefined) {
    const table = riskTable(times, RISK_TABLE_DAYS);
    return {
      patients: distinctPatients(kept),
      events: times.filter((t) => t.event).length,
      points: [point(0, null, incidence), ...steps.map((step) => point(step.day, step, incidence))],
      riskTable: table.map(({ day, atRisk, eventsSoFar }) => ({ day, atRisk, eventsSoFar })),
      leftOut,
    };
  }
  const points: CurvePoint[] = [];
  for (let day = 0; times.filter((t) => t.days >= day).length >= threshold; day += RESEARCH_CURVE_GRID_DAYS) {
    const p = point(day, survivalOn(steps, day), incidence);
    const r = (v: number | null) => (v === null ? null : round(v, 3));
    points.push({ day, value: round(p.value, 3), lower: r(p.lower), upper: r(p.upper) });
  }
  // Counts of subsets of a group (still at risk, with the event) are rounded to a multiple of k
  // group by group, as in the statistics page (api cohort/stats.ts): answers differ by multiples of k.
  const groups = [...new Set(kept.map((item) => item.group))];
  const rounded = (count: (times: SurvivalTime[]) => number) =>
    groups.reduce((sum, group) => {
      const times = kept.filter((item) => item.group === group).map((item) => item.value);
      return sum + roundToThreshold(count(times), threshold);
    }, 0);
  return {
    patients: publishCount(distinctPatients(kept), threshold),
    events: rounded((times) => times.filter((t) => t.event).length),
    points,
    riskTable: RISK_TABLE_DAYS.map((day) => ({
      day,
      atRisk: rounded((times) => times.filter((t) => t.days >= day).length),
      eventsSoFar: rounded((times) => times.filter((t) => t.event && t.days <= day).length),
    })),
    leftOut,
  };
}

function edssYears(units: readonly OutcomeUnit[], threshold?: number): EdssYearRow[] {
  const byYear = new Map<number, Contribution<number>[]>();
  units.forEach((unit, patient) => {
    for (const { year, score } of unit.outcomes.edssByYear) {
      const list = byYear.get(year) ?? [];
      list.push({ group: unit.group, patient, value: score });
      byYear.set(year, list);
    }
  });
  const rows: EdssYearRow[] = [];
  for (const [year, all] of [...byYear.entries()].sort(([a], [b]) => a - b)) {
    const { kept, leftOut } = protect(all, threshold);
    if (kept.length === 0) continue;
    const scores = kept.map((item) => item.value);
    const summary = (p: number) => {
      const value = quantile(scores, p);
      return threshold === undefined ? value : publishSummary(value, scores.length, threshold);
    };
    rows.push({
      year,
      patients: threshold === undefined ? scores.length : publishCount(scores.length, threshold),
      median: summary(0.5),
      q1: summary(0.25),
      q3: summary(0.75),
      leftOut,
    });
  }
  return rows;
}

/** Every outcome figure of the cohort (see the top of this file). */
export function outcomeStatistics(units: readonly OutcomeUnit[], research?: { threshold: number }): OutcomeStatistics {
  const threshold = research?.threshold;
  const arrByAgent = episodesByAgent(units, false)
    .map(([agent, items]) => arrRow(agent, items, threshold))
    .filter((row): row is ArrRow => row !== null);
  const timeToFirstRelapse = episodesByAgent(units, true)
    .map(([agent, items]) => ({
      agent,
      ...publishCurve(
        items.map((item) => ({ ...item, value: item.value.firstAttack })),
        false,
        threshold,
      ),
    }))
    .filter((curve) => curve.patients !== 0);
  const worseningTimes: Contribution<SurvivalTime>[] = [];
  units.forEach((unit, patient) => {
    if (unit.outcomes.worsening) worseningTimes.push({ group: unit.group, patient, value: unit.outcomes.worsening });
  });
  return {
    arrByAgent,
    timeToFirstRelapse,
    worsening: publishCurve(worseningTimes, true, threshold),
    edssByDiseaseYear: edssYears(units, threshold),
  };
}
