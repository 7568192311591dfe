import type { DbClient } from '@nmo/db';
import {
  descriptorOf,
  EVENT_TYPES,
  type EventType,
  type RecordModelName,
  type RecordType,
  type TimelineEvent,
} from '@nmo/domain';
import { CODECS, type Codec } from './codecs.ts';

/** The few Prisma delegate methods import and export use, typed loosely enough to share. */
export interface RowDelegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<unknown>;
  update(args: object): Promise<unknown>;
}

export function delegate(db: DbClient, model: ModelName): RowDelegate {
  return (db as unknown as Record<ModelName, RowDelegate>)[model];
}

/** Prisma's delegate names: the patient's and each record type's table, first letter lower-case. */
export type ModelName = 'patient' | RecordModelName;

export const modelOf = (type: RecordType): RecordModelName => {
  const table = descriptorOf(type).names.table;
  return `${table.charAt(0).toLowerCase()}${table.slice(1)}` as RecordModelName;
};

export interface EventTable {
  type: EventType;
  model: ModelName;
  /** Prisma's name for the table, as written in audit rows. */
  entity: string;
  /** The patient's relation field holding these rows. */
  relation: string;
  /** The event's codec (its parts come with it). */
  codec: Codec<TimelineEvent, Record<string, unknown>>;
  /** Child records merged by their own identity (acute treatments of a relapse, infusions of a therapy). */
  children?: { type: RecordType; model: ModelName; entity: string; relation: string; parentKey: string };
}

/** The table of an event type and of its parts, from the record-type registry. */
function eventTable(type: EventType): EventTable {
  const { names, parts } = descriptorOf(type);
  const part = parts && descriptorOf(parts.type);
  return {
    type,
    model: modelOf(type),
    entity: names.table,
    relation: names.relation,
    codec: CODECS[type] as unknown as EventTable['codec'],
    ...(parts && part?.parent
      ? {
          children: {
            type: parts.type,
            model: modelOf(parts.type),
            entity: part.names.table,
            relation: part.names.relation,
            parentKey: part.parent.key,
          },
        }
      : {}),
  };
}

/** Every event type with its table; the order is also the order tables are written in. */
export const EVENT_TABLES: EventTable[] = EVENT_TYPES.map(eventTable);

/**
 * Every table an import writes, parents before children (foreign keys are checked as rows
 * arrive), with its Prisma model; Prisma's model names, capitalised, are the table names (no @@map).
 */
export const CLINICAL_TABLES: { model: ModelName; table: string }[] = [
  { model: 'patient', table: 'Patient' },
  ...EVENT_TABLES.flatMap((t) => [
    { model: t.model, table: t.entity },
    ...(t.children ? [{ model: t.children.model, table: t.children.entity }] : []),
  ]),
];

export const tableOf = (type: EventType): EventTable => EVENT_TABLES.find((t) => t.type === type) as EventTable;
