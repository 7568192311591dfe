import { type CalendarDate, eventDate, type PatientTimeline } from '@nmo/domain';
import { type DeidentifyOptions, deidentifyPatient } from '../deidentify/deidentify.ts';

/**
 * The input of msprog's `MSprog()` (Montobbio N, Carmisciano L, Signori A, et al. Creating an
 * automated tool for a consistent and repeatable evaluation of disability progression in clinical
 * studies for multiple sclerosis. Mult Scler 2024;30(9):1185-1192, doi:10.1177/13524585241243157;
 * R package msprog, github.com/noemimontobbio/msprog, R/MSprog.R): a data frame of visits
 * (subject, date, outcome value) and an optional data frame of relapses (subject, onset date).
 *
 * The column names are those of the package's own example data (`toydata_visits`: id, date, EDSS;
 * `toydata_relapses`: id, date), so the call of its documentation runs on these files unchanged,
 * and the relapse file needs no `rsubj_col`/`rdate_col` (MSprog then reuses `subj_col`/`date_col`).
 */
export const MSPROG_VISIT_COLUMNS = ['id', 'date', 'EDSS'];
export const MSPROG_RELAPSE_COLUMNS = ['id', 'date'];

/** The two files of an msprog export, inside its zip (or the CLI's directory). */
export const MSPROG_FILES = { visits: 'visits.csv', relapses: 'relapses.csv' } as const;

export interface MsprogRows {
  /** One row per EDSS assessment: `id`, `date`, `EDSS` (a Kurtzke step, 0 to 10). */
  visits: Record<string, unknown>[];
  /** One row per attack: `id`, `date` (its onset). */
  relapses: Record<string, unknown>[];
}

/**
 * A patient's rows in the two msprog files, each in date order. Identified: `id` is the MRN and
 * dates are calendar dates. De-identified (researchers): `id` is the subject ID and dates are shifted
 * (still `YYYY-MM-DD`, which `as.Date()` reads without a format) or whole days since the first attack
 * (read with `date_format = "day"`, which MSprog documents as days from a start that may differ per subject).
 */
export function msprogRows(patient: PatientTimeline, options: { deidentify?: DeidentifyOptions } = {}): MsprogRows {
  const out = options.deidentify ? deidentifyPatient(patient, options.deidentify) : undefined;
  const id = out ? out.subjectId : patient.mrn;
  // deidentifyPatient keeps the events' order, so event i of `out` is event i of the patient.
  const dated = patient.events.map((event, index) => ({
    event,
    sortDate: eventDate(event) as CalendarDate,
    moved: out?.events[index],
  }));
  dated.sort((a, b) => (a.sortDate < b.sortDate ? -1 : a.sortDate > b.sortDate ? 1 : 0));
  const visits: Record<string, unknown>[] = [];
  const relapses: Record<string, unknown>[] = [];
  for (const { event, moved } of dated) {
    if (event.type === 'edss') visits.push({ id, date: moved ? moved.date : event.date, EDSS: event.score });
    if (event.type === 'relapse') relapses.push({ id, date: moved ? moved.onsetDate : event.onsetDate });
  }
  return { visits, relapses };
}
