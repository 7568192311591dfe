/**
 * The small-cell rules of what researchers see (DESIGN.md roles: "every count under the clinic's
 * small-cell threshold suppressed, with complementary suppression"; docs/SECURITY.md).
 *
 * - A count above 0 and below the threshold is published as "<k" (OHDSI/DARWIN EU convention,
 *   omopgenerics "Minimum cell count suppression": minimum cell count 5 by default, suppressed
 *   values shown as "<5"; zeros are published).
 * - Counts that are not sums of whole groups (patients with a flag, by ARR bin) are rounded to a
 *   multiple of the threshold group by group before they are added up, so any two answers differ
 *   by a multiple of the threshold: subtracting one from another, the back-calculation that
 *   complementary suppression guards against, never yields a count between 1 and k−1.
 */

/** A published count: the number itself, or "<k" when it is suppressed. */
export type PublishedCount = number | `<${number}`;

/** Whether a count would single out fewer than `threshold` patients (zero singles out nobody). */
export const isSmallCount = (count: number, threshold: number): boolean => count > 0 && count < threshold;

/** A count as published: "<k" when it is above 0 and below the threshold. */
export const publishCount = (count: number, threshold: number): PublishedCount =>
  isSmallCount(count, threshold) ? `<${threshold}` : count;

/** The nearest multiple of the threshold (halves up): 0-2 → 0, 3-7 → 5, 8-12 → 10 for 5. */
export const roundToThreshold = (count: number, threshold: number): number =>
  Math.floor(count / threshold + 0.5) * threshold;

/**
 * A summary statistic (mean, quartile) of a group: published only for groups of at least the
 * threshold, and rounded, so that two overlapping groups' means cannot be subtracted back to one
 * patient's exact value (an exact annualized relapse rate gives away the follow-up time, and with
 * it the exact date of the first attack).
 */
export function publishSummary(
  value: number | null,
  groupSize: number,
  threshold: number,
  decimals = 2,
): number | null {
  if (value === null || groupSize < threshold) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
