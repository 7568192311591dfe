import type { DbClient } from '@nmo/db';
import type { TimelineEvent } from '@nmo/domain';
import { acuteTreatmentCodec, administrationCodec, type Codec, type ModelName, tableOf } from '@nmo/exchange';
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

/** How one kind of record maps to its table, its event shape, its output and, for parts, its parent. */
export interface RecordKind {
  /** Name used in messages: "EDSS assessment". */
  label: string;
  entity: string;
  model: ModelName;
  /** The fields a client sends (the interchange event without `type`). */
  data: z.ZodObject;
  /** What a client receives: the fields, the record's identity and version, and its live parts. */
  output: z.ZodType;
  codec: Codec<Record<string, unknown>, Record<string, unknown>>;
  /** Include for reads (e.g. a relapse's live acute treatments). */
  include?: object;
  /** Builds the event the domain's consistency checks see, given the row's parent (for parts). */
  toEvent(data: Record<string, unknown>, parent: Row | null): TimelineEvent;
  /** The path prefix of this record's fields inside that event (parts sit inside their parent). */
  pathInEvent: (string | number)[];
  parent?: { model: ModelName; key: 'relapseId' | 'therapyId'; label: string };
  children?: { relation: 'acuteTreatments' | 'administrations'; kind: RecordKind };
}

const timestamp = z.iso.datetime();
const meta = {
  id: z.uuid(),
  patientId: z.uuid(),
  version: z.number().int().positive(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
};

/** The record as the API returns it: identity and version first, then the fields of its event. */
export function present(kind: RecordKind, row: Row): Record<string, unknown> {
  // An event's `type` names the record kind (implied by the router); a part's `type` is data (ivmp, plex).
  const { type, ...rest } = kind.codec.fromRow(row) as Record<string, unknown>;
  const fields = kind.parent && type !== undefined ? { type, ...rest } : rest;
  const presented: Record<string, unknown> = {
    id: row.id,
    patientId: row.patientId,
    ...(kind.parent ? { [kind.parent.key]: row[kind.parent.key] as string } : {}),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
    ...fields,
  };
  if (kind.children) {
    const child = kind.children.kind;
    const parts = ((row[kind.children.relation] as Row[] | undefined) ?? []).map((part) => present(child, part));
    const day = (part: Record<string, unknown>) => String(part.startDate ?? part.date);
    presented[kind.children.relation] = parts.sort(
      (a, b) => day(a).localeCompare(day(b)) || String(a.id).localeCompare(String(b.id)),
    );
  }
  return presented;
}

const liveParts = (relation: string) => ({ [relation]: { where: { deletedAt: null } } });

/** Acute treatments of a relapse and administrations of a therapy: parts checked within their parent. */
export function partKind(part: 'acuteTreatment' | 'administration', data: z.ZodObject): RecordKind {
  const isTreatment = part === 'acuteTreatment';
  const parentTable = tableOf(isTreatment ? 'relapse' : 'therapy');
  const childList = isTreatment ? 'acuteTreatments' : 'administrations';
  const key = isTreatment ? 'relapseId' : 'therapyId';
  return {
    label: isTreatment ? 'acute treatment' : 'administration',
    entity: isTreatment ? 'AcuteTreatment' : 'TherapyAdministration',
    model: isTreatment ? 'acuteTreatment' : 'therapyAdministration',
    data,
    output: data.extend({ ...meta, [key]: z.uuid() }),
    codec: (isTreatment ? acuteTreatmentCodec : administrationCodec) as unknown as RecordKind['codec'],
    toEvent: (fields, parent) => {
      const parentEvent = parentTable.codec.fromRow({ ...(parent ?? {}), [childList]: [] }) as Record<string, unknown>;
      return { ...parentEvent, [childList]: [fields] } as TimelineEvent;
    },
    pathInEvent: [childList, 0],
    parent: { model: parentTable.model, key, label: isTreatment ? 'relapse' : 'therapy' },
  };
}

/** A whole-record kind (EDSS, antibody test, MRI…): the event is the data plus its type. */
export function eventKind(
  type: TimelineEvent['type'],
  label: string,
  data: z.ZodObject,
  children?: RecordKind['children'],
): RecordKind {
  const table = tableOf(type);
  return {
    label,
    entity: table.entity,
    model: table.model,
    data,
    output: data.extend({
      ...meta,
      ...(children ? { [children.relation]: z.array(children.kind.output) } : {}),
    }),
    codec: table.codec as unknown as RecordKind['codec'],
    ...(children ? { include: liveParts(children.relation), children } : {}),
    toEvent: (fields) => ({ type, ...fields }) as TimelineEvent,
    pathInEvent: [],
  };
}
