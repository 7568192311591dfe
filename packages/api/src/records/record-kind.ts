import type { DbClient } from '@nmo/db';
import {
  descriptorOf,
  type EventType,
  type PartType,
  RECORD_TYPES,
  type RecordTypes,
  type TimelineEvent,
} from '@nmo/domain';
import { CODECS, type ModelName, modelOf, type RecordCodec, tableOf } from '@nmo/storage';
import { z } from 'zod';

/** A stored row of any clinical table, as the record routers handle it. */
export type Row = Record<string, unknown> & {
  id: string;
  patientId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/** The Prisma delegate methods the record routers use (every clinical table has them). */
export interface RecordDelegate {
  findMany(args: object): Promise<Row[]>;
  findFirst(args: object): Promise<Row | null>;
  create(args: object): Promise<Row>;
  updateMany(args: object): Promise<{ count: number }>;
}
export const delegateOf = (db: DbClient, model: ModelName) =>
  (db as unknown as Record<string, RecordDelegate>)[model] as RecordDelegate;

export type Owner = 'patientId' | 'relapseId' | 'therapyId';

/** How one kind of record maps to its table, its event shape, its output and, for parts, its parent. */
export interface RecordKind<
  D extends z.ZodObject = z.ZodObject,
  O extends z.ZodType = z.ZodType,
  W extends Owner = Owner,
> {
  /** Name used in messages: "EDSS assessment". */
  label: string;
  entity: string;
  model: ModelName;
  /** The id a new record is created under: its patient, or for parts its relapse or therapy. */
  owner: W;
  /** The fields a client sends (the interchange event without `type`). */
  data: D;
  /** What a client receives: the fields, the record's identity and version, and its live parts. */
  output: O;
  codec: RecordCodec;
  /** Include for reads (e.g. a relapse's live acute treatments). */
  include?: object;
  /** Builds the event the domain's consistency checks see, given the row's parent (for parts). */
  toEvent(data: Record<string, unknown>, parent: Row | null): TimelineEvent;
  /** The path prefix of this record's fields inside that event (parts sit inside their parent). */
  pathInEvent: (string | number)[];
  parent?: { model: ModelName; key: 'relapseId' | 'therapyId'; label: string };
  children?: { relation: string; kind: RecordKind };
}

/** `{ [key]: schema }` with the key's literal type kept (a computed key would widen it to string). */
export const shapeOf = <K extends string, S extends z.ZodType>(key: K, schema: S) =>
  ({ [key]: schema }) as { [P in K]: S };

const timestamp = z.iso.datetime();
/** Identity, version and timestamps: what every stored record (patients too) carries. */
export const versionedFields = {
  id: z.uuid(),
  version: z.number().int().positive(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
};
const meta = { ...versionedFields, patientId: z.uuid() };

export function presentVersioned(row: {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}) {
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

/** The day a presented record is filed under (its date, onset or start). */
export const recordDay = (record: Record<string, unknown>) =>
  String(record.date ?? record.onsetDate ?? record.startDate ?? '');

/** Records by day, then id: the order lists and the patient page show them in. */
export const byRecordDay = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  recordDay(a).localeCompare(recordDay(b)) || String(a.id).localeCompare(String(b.id));

/**
 * The record as the API returns it: identity and version first, then the fields of its event.
 * Built key by key rather than by spreading the event into a new object: a patient page presents
 * some 160 records, and the spreads were a tenth of its Node CPU.
 */
export function present(kind: RecordKind, row: Row): Record<string, unknown> {
  const event = kind.codec.fromRow(row) as Record<string, unknown>;
  const presented: Record<string, unknown> = presentVersioned(row);
  presented.patientId = row.patientId;
  if (kind.parent) {
    presented[kind.parent.key] = row[kind.parent.key] as string;
    // A part's `type` is data (ivmp, plex), and comes first among its fields.
    if (event.type !== undefined) presented.type = event.type;
  }
  // An event's `type` names the record kind (implied by the router).
  for (const field in event) if (field !== 'type') presented[field] = event[field];
  if (kind.children) {
    const child = kind.children.kind;
    const parts = ((row[kind.children.relation] as Row[] | undefined) ?? []).map((part) => present(child, part));
    presented[kind.children.relation] = parts.sort(byRecordDay);
  }
  return presented;
}

/** Acute treatments of a relapse and administrations of a therapy: parts checked within their parent. */
export function partKind<P extends PartType, S extends z.core.$ZodShape>(
  part: P,
  data: z.ZodObject<S, z.core.$strict>,
) {
  const descriptor = RECORD_TYPES[part];
  const parent = descriptor.parent as unknown as { type: 'relapse' | 'therapy'; key: RecordTypes[P]['parent']['key'] };
  const parentTable = tableOf(parent.type);
  const childList = descriptorOf(parent.type).parts?.field as string;
  return {
    label: descriptor.label,
    entity: descriptor.names.table,
    model: modelOf(part),
    owner: parent.key,
    data,
    output: data.extend({ ...meta, ...shapeOf(parent.key, z.uuid()) }),
    codec: CODECS[part],
    toEvent: (fields: Record<string, unknown>, parentRow: Row | null) => {
      const parentEvent = parentTable.codec.fromRow({ ...(parentRow ?? {}), [childList]: [] }) as Record<
        string,
        unknown
      >;
      return { ...parentEvent, [childList]: [fields] } as TimelineEvent;
    },
    pathInEvent: [childList, 0],
    parent: { model: parentTable.model, key: parent.key, label: descriptorOf(parent.type).label },
  } satisfies RecordKind;
}

/** A whole-record kind (EDSS, antibody test, MRI…): the event is the data plus its type. */
export function eventKind<S extends z.core.$ZodShape>(type: EventType, data: z.ZodObject<S, z.core.$strict>) {
  const table = tableOf(type);
  return {
    label: descriptorOf(type).label,
    entity: table.entity,
    model: table.model,
    owner: 'patientId' as const,
    data,
    output: data.extend(meta),
    codec: CODECS[type],
    toEvent: (fields: Record<string, unknown>) => ({ type, ...fields }) as TimelineEvent,
    pathInEvent: [],
  } satisfies RecordKind;
}

/** A record with parts (a relapse's acute treatments, a therapy's administrations), read with its live parts. */
export function kindWithParts<T extends 'relapse' | 'therapy', S extends z.core.$ZodShape, C extends RecordKind>(
  type: T,
  data: z.ZodObject<S, z.core.$strict>,
  child: C,
) {
  const base = eventKind(type, data);
  const relation = RECORD_TYPES[type].parts.field as RecordTypes[T]['parts']['field'];
  return {
    ...base,
    output: base.data.extend({ ...meta, ...shapeOf(relation, z.array(child.output as C['output'])) }),
    include: { [relation]: { where: { deletedAt: null } } },
    children: { relation, kind: child as RecordKind },
  } satisfies RecordKind;
}
