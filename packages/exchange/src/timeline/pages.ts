import type { DbClient } from '@nmo/db';
import { subjectIdOf } from '../deidentify/deidentify.ts';
import { loadPatientTimelines, type StoredPatientTimeline } from './load.ts';

export interface PatientSelection {
  /** Only these patients (the cohort query's matches); all live patients when absent. */
  patientIds?: string[];
  /**
   * Order by the subject IDs this key gives instead of by MRN, so that a de-identified file's row
   * order says nothing about the MRNs.
   */
  subjectKey?: string;
  /** Patients read per database round trip; memory stays bounded by one page. */
  pageSize?: number;
}

/** The selected live patients with their timelines, a page at a time, by MRN or by subject ID. */
export async function* patientPages(
  db: DbClient,
  selection: PatientSelection = {},
): AsyncGenerator<StoredPatientTimeline[]> {
  const pageSize = selection.pageSize ?? 200;
  const patients = await db.patient.findMany({
    where: { deletedAt: null, ...(selection.patientIds ? { id: { in: selection.patientIds } } : {}) },
    select: { id: true, mrn: true },
    orderBy: { mrn: 'asc' },
  });
  const { subjectKey } = selection;
  const ordered = subjectKey
    ? patients
        .map((patient) => ({ id: patient.id, key: subjectIdOf(subjectKey, patient.mrn) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    : patients;
  for (let start = 0; start < ordered.length; start += pageSize) {
    const ids = ordered.slice(start, start + pageSize).map((patient) => patient.id);
    const byId = new Map((await loadPatientTimelines(db, { ids })).map((patient) => [patient.id, patient]));
    // A patient deleted since the list was read is left out rather than failing the export.
    yield ids.flatMap((id) => byId.get(id) ?? []);
  }
}

/** How many patients a selection holds (for progress and manifests). */
export async function countSelectedPatients(db: DbClient, selection: PatientSelection = {}): Promise<number> {
  return db.patient.count({
    where: { deletedAt: null, ...(selection.patientIds ? { id: { in: selection.patientIds } } : {}) },
  });
}
