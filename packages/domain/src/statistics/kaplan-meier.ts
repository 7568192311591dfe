/**
 * The Kaplan–Meier product-limit estimator (Kaplan E.L., Meier P., J Am Stat Assoc 1958;53:457-481,
 * doi:10.1080/01621459.1958.10501452), Greenwood's variance (Greenwood M., "The natural duration of
 * cancer", Reports on Public Health and Medical Subjects 33, HMSO 1926) and the pointwise 95%
 * interval on the log(−log) scale, which stays within 0 and 1 (Kalbfleisch J.D., Prentice R.L., The
 * Statistical Analysis of Failure Time Data, Wiley 1980; `conf.type = "log-log"` in R's survival).
 * Times are whole days from the start of follow-up; a subject censored on a day of events is at
 * risk for those events (the usual convention, as in R's survfit).
 */

/** One subject's follow-up: days from the origin, and whether it ended with the event. */
export interface SurvivalTime {
  days: number;
  event: boolean;
}

export interface SurvivalStep {
  /** Day of one or more events. */
  day: number;
  atRisk: number;
  events: number;
  /** Censored on this day (after the events). */
  censored: number;
  /** S(day): the probability of no event up to and including this day. */
  survival: number;
  /** 95% pointwise limits of S(day); null where undefined (S = 1 or 0). */
  lower: number | null;
  upper: number | null;
}

/** 1.959964: the standard normal's 97.5% quantile (two-sided 95%). */
const Z_95 = 1.959963984540054;

/** The estimate at every day with an event (censoring-only days do not change S, and are folded in). */
export function kaplanMeier(times: readonly SurvivalTime[]): SurvivalStep[] {
  const days = [...new Set(times.filter((t) => t.event).map((t) => t.days))].sort((a, b) => a - b);
  const steps: SurvivalStep[] = [];
  let survival = 1;
  let greenwood = 0;
  for (const day of days) {
    const atRisk = times.filter((t) => t.days >= day).length;
    const events = times.filter((t) => t.days === day && t.event).length;
    const censored = times.filter((t) => t.days === day && !t.event).length;
    survival *= 1 - events / atRisk;
    greenwood += atRisk > events ? events / (atRisk * (atRisk - events)) : Number.POSITIVE_INFINITY;
    steps.push({ day, atRisk, events, censored, survival, ...logLogInterval(survival, greenwood) });
  }
  return steps;
}

function logLogInterval(survival: number, greenwood: number): { lower: number | null; upper: number | null } {
  if (survival <= 0 || survival >= 1 || !Number.isFinite(greenwood)) return { lower: null, upper: null };
  const se = Math.sqrt(greenwood) / Math.abs(Math.log(survival));
  return { lower: survival ** Math.exp(Z_95 * se), upper: survival ** Math.exp(-Z_95 * se) };
}

/** S(day) of a step function: the last step on or before the day (1 before the first). */
export function survivalOn(steps: readonly SurvivalStep[], day: number): SurvivalStep | null {
  let found: SurvivalStep | null = null;
  for (const step of steps) {
    if (step.day > day) break;
    found = step;
  }
  return found;
}

export interface RiskTableRow {
  day: number;
  /** Subjects still followed on that day (follow-up of at least `day` days). */
  atRisk: number;
  /** Events on or before that day. */
  eventsSoFar: number;
  /** Censored before that day. */
  censoredBefore: number;
}

/** The number at risk at set days, as printed under a Kaplan–Meier plot. */
export function riskTable(times: readonly SurvivalTime[], days: readonly number[]): RiskTableRow[] {
  return days.map((day) => ({
    day,
    atRisk: times.filter((t) => t.days >= day).length,
    eventsSoFar: times.filter((t) => t.event && t.days <= day).length,
    censoredBefore: times.filter((t) => !t.event && t.days < day).length,
  }));
}

/**
 * The days of the at-risk table: 0, ½, 1, 2, 3 and 5 years (× 365.25, rounded). A presentation
 * choice (follow-up in this clinic is years, trials report 1-3 years), not a published standard.
 */
export const RISK_TABLE_YEARS = [0, 0.5, 1, 2, 3, 5] as const;
export const RISK_TABLE_DAYS: readonly number[] = RISK_TABLE_YEARS.map((years) => Math.round(years * 365.25));
