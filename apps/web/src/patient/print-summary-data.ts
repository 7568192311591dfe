import type { PatientPage } from '../api-types.ts';
import { agentText, labTestText, phenotypeText, treatmentText, vaccineText, words } from '../format.ts';

type Records = PatientPage['records'];

export interface Entry {
  date: string;
  what: string;
}

/**
 * Every dated entry of the record up to today (a planned dose is not an event yet), as the printed
 * summary names the most recent one: the reader checks the chart reaches it.
 */
export function datedEntries(records: Records, asOf: string): Entry[] {
  const entries: Entry[] = [
    ...records.relapses.flatMap((r) => [
      { date: r.onsetDate, what: `Attack (${phenotypeText(r.phenotype)})` },
      ...r.acuteTreatments.map((t) => ({ date: t.startDate, what: treatmentText(t.type) })),
    ]),
    ...records.edss.map((r) => ({ date: r.date, what: `EDSS ${r.score}` })),
    ...records.therapies.flatMap((t) =>
      t.administrations.filter((a) => !a.planned).map((a) => ({ date: a.date, what: `${agentText(t.agent)} dose` })),
    ),
    ...records.mri.map((r) => ({ date: r.date, what: `MRI (${words(r.region)})` })),
    ...records.visualExams.map((r) => ({ date: r.date, what: `Visual exam (${r.eye})` })),
    ...records.labs.map((r) => ({ date: r.date, what: labTestText(r.test) })),
    ...records.antibodies.map((r) => ({ date: r.date, what: `${r.antibody}-IgG` })),
    ...records.vaccinations.map((r) => ({ date: r.date, what: `${vaccineText(r.vaccine)} vaccination` })),
  ];
  return entries.filter((entry) => entry.date <= asOf).sort((a, b) => b.date.localeCompare(a.date));
}

/** The latest of `items` that `keep` accepts, by date. */
export function latestOf<T extends { date: string }>(items: readonly T[], keep: (item: T) => boolean = () => true) {
  let latest: T | undefined;
  for (const item of items) if (keep(item) && (!latest || item.date > latest.date)) latest = item;
  return latest;
}

/** Courses running on `asOf` (started, and not stopped before it). */
export const currentTherapies = (therapies: Records['therapies'], asOf: string) =>
  therapies.filter((t) => t.startDate <= asOf && (!t.stopDate || t.stopDate > asOf));
