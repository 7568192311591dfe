import type { DbClient, PatientModel } from '@nmo/db';
import { compareEvents, type PatientTimeline, type TimelineEvent } from '@nmo/domain';
import { patientCodec } from './codecs.ts';
import { EVENT_TABLES } from './tables.ts';

const liveOnly = { where: { deletedAt: null } };

/** The Prisma include that reads a patient with every live record and its live parts (built once). */
export const LIVE_RECORDS_INCLUDE = Object.fromEntries(
  EVENT_TABLES.map((table) => [
    table.relation,
    table.children ? { ...liveOnly, include: { [table.children.relation]: liveOnly } } : liveOnly,
  ]),
);

/** A patient row read with LIVE_RECORDS_INCLUDE → its events in the interchange form, in timeline order. */
export function eventsOfPatientRow(row: Record<string, unknown>): TimelineEvent[] {
  const lists = row as Record<string, Record<string, unknown>[] | undefined>;
  return EVENT_TABLES.flatMap((table) => (lists[table.relation] ?? []).map(table.codec.fromRow)).sort(compareEvents);
}

export interface StoredPatientTimeline {
  /** The patient's database id. */
  id: string;
  /** Live records only, in the interchange form (events by date, type, identity). */
  timeline: PatientTimeline;
}

/**
 * Live patients with all their live records, ordered by MRN: a page after `afterMrn`, or the
 * patients with the given ids. Export and the rules engine read patients through this.
 */
export async function loadPatientTimelines(
  db: DbClient,
  selection: { afterMrn?: string; take?: number; ids?: string[]; mrn?: string },
): Promise<StoredPatientTimeline[]> {
  const mrnFilter =
    selection.mrn !== undefined
      ? { mrn: selection.mrn }
      : selection.afterMrn !== undefined
        ? { mrn: { gt: selection.afterMrn } }
        : {};
  const patients = (await db.patient.findMany({
    where: { deletedAt: null, ...mrnFilter, ...(selection.ids ? { id: { in: selection.ids } } : {}) },
    orderBy: { mrn: 'asc' },
    ...(selection.take === undefined ? {} : { take: selection.take }),
    include: LIVE_RECORDS_INCLUDE,
    // Many patients at once (flag refresh, export): one query per table, as before relationJoins
    // was enabled for the single-patient page (docs/decisions: 0029-one-round-trip-reads).
    relationLoadStrategy: 'query',
  })) as unknown as (PatientModel & Record<string, Record<string, unknown>[]>)[];
  return patients.map((patient) => ({
    id: patient.id,
    timeline: { ...patientCodec.fromRow(patient), events: eventsOfPatientRow(patient) },
  }));
}
