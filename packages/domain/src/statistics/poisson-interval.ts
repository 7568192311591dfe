/**
 * Exact (Garwood) confidence interval of a Poisson count and of a rate: Garwood F., "Fiducial limits
 * for the Poisson distribution", Biometrika 1936;28:437-442, doi:10.1093/biomet/28.3-4.437. With x
 * events the limits are χ²(α/2; 2x)/2 and χ²(1−α/2; 2x+2)/2 (Ulm K., Am J Epidemiol 1990;131:373-375,
 * doi:10.1093/oxfordjournals.aje.a115507), i.e. quantiles of the gamma distribution with shape x and
 * x + 1; a rate's limits are the count's divided by the exposure. The lower limit of 0 events is 0.
 */

/** Two-sided 95% (the usual reporting level; Garwood's limits are "at least" this coverage). */
export const CONFIDENCE_LEVEL = 0.95;

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; Numerical Recipes 3rd ed., section 6.1). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The regularized lower incomplete gamma function P(a, x): the series below a + 1, Legendre's
 * continued fraction above (Numerical Recipes 3rd ed., section 6.2, gser/gcf).
 */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(logPrefix) * h;
}

/** The p-quantile of the gamma distribution with shape `a` (scale 1), by bisection to 1e-12. */
export function gammaQuantile(p: number, a: number): number {
  let low = 0;
  let high = Math.max(1, a);
  while (regularizedGammaP(a, high) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * Math.max(1, high); i++) {
    const mid = (low + high) / 2;
    if (regularizedGammaP(a, mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Garwood's exact limits of the Poisson mean for an observed count. */
export function poissonCountInterval(count: number, level = CONFIDENCE_LEVEL): { lower: number; upper: number } {
  const alpha = 1 - level;
  return {
    lower: count === 0 ? 0 : gammaQuantile(alpha / 2, count),
    upper: gammaQuantile(1 - alpha / 2, count + 1),
  };
}

export interface RateEstimate {
  /** Events per unit of exposure (per patient-year here). */
  rate: number;
  lower: number;
  upper: number;
}

/** A pooled rate (events / exposure) with Garwood's exact interval; null without exposure. */
export function poissonRate(events: number, exposure: number, level = CONFIDENCE_LEVEL): RateEstimate | null {
  if (!(exposure > 0)) return null;
  const { lower, upper } = poissonCountInterval(events, level);
  return { rate: events / exposure, lower: lower / exposure, upper: upper / exposure };
}
