import type { DbClient } from '@nmo/db';
import type { CalendarDate } from '@nmo/domain';
import { loadPatientTimelines, type StoredPatientTimeline, toCalendar } from '@nmo/storage';
import { inSubjectOrder } from '../deidentify/deidentify.ts';

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
  /** Patients listed per query when the whole cohort is read by MRN (LIST_PAGE; smaller in tests). */
  listPageSize?: number;
}

/** A selected patient: what ordering and de-identification need before the records are read. */
export interface SelectedPatient {
  id: string;
  mrn: string;
  birthDate: CalendarDate;
}

/** Patients listed per query when the whole cohort is read by MRN. */
const LIST_PAGE = 5000;

/**
 * The selected live patients a page at a time, by MRN or by subject ID, without their records.
 * The whole cohort by MRN is listed by keyset pages, so an export's memory does not grow with the
 * registry: listing 100,000 patients at once through Prisma raised a process's resident memory by
 * 73 MB, 10,000 by 7 MB (docs/PERFORMANCE.md). Ordering by subject ID needs every patient's ID
 * first, and a filter's matches are already a list in memory.
 */
export async function* selectedPatientPages(
  db: DbClient,
  selection: PatientSelection = {},
): AsyncGenerator<SelectedPatient[]> {
  const pageSize = selection.pageSize ?? 200;
  const selected = (row: { id: string; mrn: string; birthDate: Date }) => ({
    id: row.id,
    mrn: row.mrn,
    birthDate: toCalendar(row.birthDate),
  });
  const select = { id: true, mrn: true, birthDate: true } as const;
  if (!selection.subjectKey && !selection.patientIds) {
    const listPage = selection.listPageSize ?? LIST_PAGE;
    let afterMrn: string | undefined;
    for (;;) {
      const rows = await db.patient.findMany({
        where: { deletedAt: null, ...(afterMrn === undefined ? {} : { mrn: { gt: afterMrn } }) },
        select,
        orderBy: { mrn: 'asc' },
        take: listPage,
      });
      yield* inPages(rows.map(selected), pageSize);
      if (rows.length < listPage) return;
      afterMrn = rows.at(-1)?.mrn;
    }
  }
  const rows = await db.patient.findMany({
    where: { deletedAt: null, ...(selection.patientIds ? { id: { in: selection.patientIds } } : {}) },
    select,
    orderBy: { mrn: 'asc' },
  });
  const patients = rows.map(selected);
  yield* inPages(selection.subjectKey ? inSubjectOrder(patients, selection.subjectKey) : patients, pageSize);
}

function* inPages<T>(list: T[], size: number): Generator<T[]> {
  for (let start = 0; start < list.length; start += size) yield list.slice(start, start + size);
}

/** The selected live patients with their timelines, a page at a time, by MRN or by subject ID. */
export async function* patientPages(
  db: DbClient,
  selection: PatientSelection = {},
): AsyncGenerator<StoredPatientTimeline[]> {
  for await (const selected of selectedPatientPages(db, selection)) {
    const ids = selected.map((patient) => patient.id);
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
