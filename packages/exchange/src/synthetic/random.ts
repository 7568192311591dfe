import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * Seeded randomness for the synthetic cohort. Every patient gets its own generator derived from
 * (cohort seed, patient index), so patient 17 is the same whether the cohort has 20 or 20,000
 * patients, and nothing ever reads Math.random or the clock.
 */
export class Random {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
    // xoroshiro's first outputs from small seeds are correlated with the seed; discard a few.
    for (let i = 0; i < 8; i++) this.generator.unsafeNext();
  }

  /** The generator of one patient of a cohort. */
  static forPatient(cohortSeed: number, index: number): Random {
    return new Random(mixSeed(cohortSeed, index));
  }

  /** An independent generator for one part of a patient, so parts do not shift each other's draws. */
  fork(): Random {
    return new Random(this.generator.unsafeNext());
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.generator);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.generator.unsafeNext() >>> 0) / 4_294_967_296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  /** One value, with probability proportional to its weight (weights need not sum to 1). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.float() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0 && weight > 0) return value;
    }
    const last = entries.findLast(([, weight]) => weight > 0);
    if (last === undefined) throw new Error('cannot pick from weights that are all zero');
    return last[0];
  }

  /** Standard normal by Box-Muller. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal, redrawn until it falls within [min, max] (clamped after a few tries). */
  truncatedNormal(mean: number, sd: number, min: number, max: number): number {
    for (let attempt = 0; attempt < 8; attempt++) {
      const value = this.normal(mean, sd);
      if (value >= min && value <= max) return value;
    }
    return Math.min(max, Math.max(min, mean));
  }

  /** Log-normal given its median and the standard deviation of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Waiting time of a Poisson process with `rate` events per unit time. */
  exponential(rate: number): number {
    return -Math.log(1 - this.float()) / rate;
  }

  /** Gamma with integer shape (sum of exponentials) and mean 1: patient-level frailty. */
  unitGamma(shape: number): number {
    let sum = 0;
    for (let i = 0; i < shape; i++) sum += this.exponential(1);
    return sum / shape;
  }
}

/**
 * Folds a safe-integer cohort seed and a patient index into one 32-bit generator seed. MurmurHash3's
 * finaliser is a bijection on 32 bits, so within one cohort distinct indices never share a stream,
 * and neighbouring seeds or indices give unrelated ones.
 */
function mixSeed(seed: number, index: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4_294_967_296) >>> 0;
  const cohort = finalise(low ^ Math.imul(high, 0x9e3779b1));
  return finalise(cohort + Math.imul(index + 1, 0x85ebca6b)) | 0;
}

function finalise(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
