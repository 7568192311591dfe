import { type DbClient, queryTextColumn } from '@nmo/db';
import {
  compareEvents,
  descriptorOf,
  isGroupField,
  type PatientTimeline,
  type RecordType,
  type TimelineEvent,
} from '@nmo/domain';
import { type PatientRow, patientCodec } from './codecs.ts';
import { EVENT_TABLES } from './tables.ts';

const liveOnly = { where: { deletedAt: null } };

/**
 * The Prisma include that reads a patient with every live record and its live parts (built once).
 * The product reads patients as JSON (liveRecordsJson); tests read through this to check that the
 * two agree.
 */
export const LIVE_RECORDS_INCLUDE = Object.fromEntries(
  EVENT_TABLES.map((table) => [
    table.relation,
    table.children ? { ...liveOnly, include: { [table.children.relation]: liveOnly } } : liveOnly,
  ]),
);

/**
 * A patient's records by relation (liveRecordsJson, or a row read with LIVE_RECORDS_INCLUDE) → its
 * events in the interchange form, in timeline order.
 */
export function eventsOfPatientRow(row: Record<string, unknown>): TimelineEvent[] {
  const lists = row as Record<string, Record<string, unknown>[] | null | undefined>;
  return EVENT_TABLES.flatMap((table) => (lists[table.relation] ?? []).map(table.codec.fromRow)).sort(compareEvents);
}

export interface StoredPatientTimeline {
  /** The patient's database id. */
  id: string;
  /** Live records only, in the interchange form (events by date, type, identity). */
  timeline: PatientTimeline;
}

/**
 * Which columns of the records liveRecordsJson reads:
 * - `codec`: only what the record's codec reads (its descriptor's fields, a group's fields each);
 * - `presented`: those and what the API shows of a stored record (identity, version, timestamps, its
 *   patient and, for a part, its parent). Not who created, changed or deleted it: those columns were
 *   a third of a patient page's text, which PostgreSQL builds and Node parses on every page.
 */
export type RecordColumns = 'codec' | 'presented';

/** What every stored record carries besides its fields, as the API presents it (presentVersioned). */
const PRESENTED_COLUMNS = ['id', 'version', 'createdAt', 'updatedAt', 'deletedAt', 'patientId'];

/** The columns of a record type's rows, qualified by `alias` (RecordColumns). */
function recordColumns(type: RecordType, alias: string, columns: RecordColumns): string {
  const descriptor = descriptorOf(type);
  const names = Object.entries(descriptor.fields).flatMap(([field, spec]) =>
    isGroupField(spec)
      ? Object.entries(spec.fields).map(([inner, leaf]) => leaf.column ?? inner)
      : [spec.column ?? field],
  );
  const presented =
    columns === 'presented' ? [...PRESENTED_COLUMNS, ...(descriptor.parent ? [descriptor.parent.key] : [])] : [];
  return [...new Set([...presented, ...names])].map((name) => `${alias}."${name}"`).join(', ');
}

/**
 * SQL for one patient's live records (the patient's row is `p`) as a JSON object keyed by relation:
 * each table's rows, with their live parts under the parts' relation, as an array, or null when
 * there are none. Derived from the record-type registry, so a new record type is read without
 * touching this. Dates come as `YYYY-MM-DD` and timestamps as ISO 8601 text with an offset.
 */
export function liveRecordsJson(columns: RecordColumns): string {
  return `json_build_object(${EVENT_TABLES.map((table) => {
    const parts = table.children
      ? `, (SELECT json_agg(r) FROM (SELECT ${recordColumns(table.children.type, 'r', columns)} FROM "${table.children.entity}" r WHERE r."${table.children.parentKey}" = e.id AND r."deletedAt" IS NULL) r) AS "${table.children.relation}"`
      : '';
    return `'${table.relation}', (SELECT json_agg(e) FROM (SELECT ${recordColumns(table.type, 'e', columns)}${parts} FROM "${table.entity}" e WHERE e."patientId" = p.id AND e."deletedAt" IS NULL) e)`;
  }).join(', ')})`;
}

const LIVE_RECORDS_JSON = liveRecordsJson('codec');

/**
 * Live patients with all their live records, ordered by MRN: a page after `afterMrn`, or the
 * patients with the given ids. Export and the rules engine read patients through this.
 *
 * One statement returns each patient as one JSON text, built by PostgreSQL and parsed by V8's
 * JSON.parse. Reading the same rows through Prisma's include (one query per table, each row mapped
 * to an object) cost about 20 times the Node CPU (docs/decisions/0036-timelines-read-as-json.md).
 */
export async function loadPatientTimelines(
  db: DbClient,
  selection: { afterMrn?: string; take?: number; ids?: string[]; mrn?: string },
): Promise<StoredPatientTimeline[]> {
  const conditions = ['p."deletedAt" IS NULL'];
  const values: unknown[] = [];
  const bind = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  if (selection.mrn !== undefined) conditions.push(`p.mrn = ${bind(selection.mrn, 'text')}`);
  else if (selection.afterMrn !== undefined) conditions.push(`p.mrn > ${bind(selection.afterMrn, 'text')}`);
  if (selection.ids) conditions.push(`p.id = ANY(${bind(selection.ids, 'uuid[]')})`);
  const limit = selection.take === undefined ? '' : ` LIMIT ${bind(selection.take, 'int')}`;
  const documents = await queryTextColumn(
    db,
    `SELECT json_build_object('patient', row_to_json(p), 'records', ${LIVE_RECORDS_JSON})::text AS document FROM "Patient" p WHERE ${conditions.join(' AND ')} ORDER BY p.mrn${limit}`,
    values,
  );
  return documents.map((document) => {
    const { patient, records } = JSON.parse(document) as { patient: PatientRow; records: Record<string, unknown> };
    return { id: patient.id, timeline: { ...patientCodec.fromRow(patient), events: eventsOfPatientRow(records) } };
  });
}

/** The timestamps every stored row carries: JSON gives them as ISO 8601 text, Prisma as Date. */
const TIMESTAMP_COLUMNS = ['createdAt', 'updatedAt', 'deletedAt'] as const;

/** A row read as JSON with its timestamps as Date, as Prisma would give them. */
export function withTimestamps<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const column of TIMESTAMP_COLUMNS) {
    const value = out[column];
    if (typeof value === 'string') out[column] = new Date(value);
  }
  return out as T;
}

/**
 * The records of liveRecordsJson('presented') as Prisma's include gives them: each relation's rows (an
 * empty list for none) and each row's parts under the parts' relation, timestamps as Date.
 */
export function recordRowsFromJson(
  records: Record<string, Record<string, unknown>[] | null>,
): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(
    EVENT_TABLES.map((table) => [
      table.relation,
      (records[table.relation] ?? []).map((record) => {
        const row = withTimestamps(record);
        if (table.children) {
          const parts = (record[table.children.relation] as Record<string, unknown>[] | null) ?? [];
          row[table.children.relation] = parts.map(withTimestamps);
        }
        return row;
      }),
    ]),
  );
}
