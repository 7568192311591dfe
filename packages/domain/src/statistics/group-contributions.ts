/**
 * Small-cell protection for figures that are not counts of whole research groups (docs/SECURITY.md,
 * "Outcome statistics"). A researcher's filters select whole groups of patients sharing serostatus
 * and current therapy, each of at least the threshold k (api cohort/research-scope.ts). A figure
 * about a subset (patients who ever took an agent, who have an EDSS in year 3) could still differ
 * between two filters by fewer than k patients. So each group's contribution to a figure is kept
 * only when at least k of its patients contribute: two answers then differ by whole contributions
 * of at least k patients each, never by fewer (the tracker attack of Denning, Denning and Schwartz,
 * ACM TODS 1979, doi:10.1145/320064.320069; k-anonymity, Sweeney 2002, doi:10.1142/S0218488502001648).
 */
export interface Contribution<T> {
  /** The research group of the patient ('' for clinicians: one group). */
  group: string;
  /** Any key unique to the patient within the request. */
  patient: number;
  value: T;
}

/** The contributions of groups with at least `threshold` distinct patients, and whether any were left out. */
export function keepLargeContributions<T>(
  items: readonly Contribution<T>[],
  threshold: number,
): { kept: Contribution<T>[]; leftOut: boolean } {
  const patientsByGroup = new Map<string, Set<number>>();
  for (const item of items) {
    const patients = patientsByGroup.get(item.group) ?? new Set<number>();
    patients.add(item.patient);
    patientsByGroup.set(item.group, patients);
  }
  const large = (group: string) => (patientsByGroup.get(group)?.size ?? 0) >= threshold;
  const kept = items.filter((item) => large(item.group));
  return { kept, leftOut: kept.length < items.length };
}
