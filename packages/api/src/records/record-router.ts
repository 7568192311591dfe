import type { DbClient } from '@nmo/db';
import {
  calendarDateFromUtcDate,
  type FieldError,
  formatPath,
  type TimelineEvent,
  timelineConsistencyIssues,
  todayInClinic,
} from '@nmo/domain';
import { acuteTreatmentCodec, administrationCodec, type Codec, type ModelName, tableOf } from '@nmo/exchange';
import { z } from 'zod';
import { AppError, notFound, staleVersion } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { afterPatientChange } from './after-write.ts';
import { auditChange, readHistory } from './audit.ts';

type Row = Record<string, unknown> & {
  id: string;
  patientId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/** The Prisma delegate methods the record routers use (every clinical table has them). */
interface RecordDelegate {
  findMany(args: object): Promise<Row[]>;
  findFirst(args: object): Promise<Row | null>;
  create(args: object): Promise<Row>;
  updateMany(args: object): Promise<{ count: number }>;
}
const delegateOf = (db: DbClient, model: ModelName) =>
  (db as unknown as Record<string, RecordDelegate>)[model] as RecordDelegate;

/** How one kind of record maps to its table, its event shape and, for parts, its parent. */
export interface RecordKind {
  /** Name used in messages: "EDSS assessment". */
  label: string;
  entity: string;
  model: ModelName;
  /** The fields a client sends (the interchange event without `type`). */
  data: z.ZodObject;
  codec: Codec<Record<string, unknown>, Record<string, unknown>>;
  /** Include for reads (e.g. a relapse's acute treatments). */
  include?: object;
  /** Builds the event the domain's consistency checks see, given the row's parent (for parts). */
  toEvent(data: Record<string, unknown>, parent: Row | null): TimelineEvent;
  /** The path prefix of this record's fields inside that event (parts sit inside their parent). */
  pathInEvent: (string | number)[];
  parent?: { model: ModelName; key: 'relapseId' | 'therapyId'; label: string };
}

const uuid = z.uuid({ error: 'must be a record id (UUID)' });
const version = z.number({ error: 'must be the version you read' }).int().positive();
const live = { deletedAt: null };

function present(kind: RecordKind, row: Row) {
  const { type: _type, ...fields } = kind.codec.fromRow(row) as Record<string, unknown>;
  return {
    id: row.id,
    patientId: row.patientId,
    ...(kind.parent ? { [kind.parent.key]: row[kind.parent.key] as string } : {}),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
    ...fields,
  };
}

/** Dates within the patient's life and not in the future, parts inside their parent: as the import checks them. */
async function checkConsistency(
  db: DbClient,
  kind: RecordKind,
  patientId: string,
  event: TimelineEvent,
): Promise<void> {
  const patient = await db.patient.findFirst({ where: { id: patientId, ...live } });
  if (!patient) throw notFound('The patient');
  const anchor = {
    birthDate: calendarDateFromUtcDate(patient.birthDate),
    diagnosisDate: null,
    firstAttackDate: null,
    comorbidities: [],
  };
  const issues = timelineConsistencyIssues(anchor, [{ index: 0, event }], todayInClinic());
  const prefix = ['events', 0, ...kind.pathInEvent];
  const fields: FieldError[] = issues
    .filter((issue) => prefix.every((segment, i) => issue.path[i] === segment))
    .map((issue) => ({ path: formatPath(['data', ...issue.path.slice(prefix.length)]), message: issue.message }));
  if (fields.length > 0) throw new AppError('BAD_REQUEST', 'Some fields are not valid', fields);
}

async function loadParent(db: DbClient, kind: RecordKind, parentId: string): Promise<Row> {
  if (!kind.parent) throw new Error('not a part');
  const parent = await delegateOf(db, kind.parent.model).findFirst({ where: { id: parentId, ...live } });
  if (!parent) throw notFound(`The ${kind.parent.label}`);
  return parent;
}

/** Unique identity indexes report duplicates; say which record already holds that identity. */
async function withIdentityConflict<T>(kind: RecordKind, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError(
        'CONFLICT',
        `This patient already has a ${kind.label} with the same date and kind; edit that one instead`,
      );
    }
    throw error;
  }
}

/**
 * list, get, create, update, delete, restore and history for one kind of clinical record. Writes
 * check the version the client read (optimistic concurrency), are audited with before and after,
 * and recompute the patient's flags, all in one transaction.
 */
export function recordRouter(kind: RecordKind) {
  const ownerKey = kind.parent ? kind.parent.key : 'patientId';
  const parentInput: Record<string, typeof uuid> = { [ownerKey]: uuid };
  return router({
    list: clinicianProcedure
      .input(z.strictObject({ ...parentInput, includeDeleted: z.boolean().optional() }))
      .query(async ({ ctx, input }) => {
        const owner = { [ownerKey]: (input as Record<string, unknown>)[ownerKey] };
        const rows = await delegateOf(ctx.db, kind.model).findMany({
          where: { ...owner, ...(input.includeDeleted ? {} : live) },
          orderBy: [{ createdAt: 'asc' }],
          ...(kind.include ? { include: kind.include } : {}),
        });
        return rows.map((row) => present(kind, row)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }),

    get: clinicianProcedure.input(z.strictObject({ id: uuid })).query(async ({ ctx, input }) => {
      const row = await delegateOf(ctx.db, kind.model).findFirst({
        where: { id: input.id },
        ...(kind.include ? { include: kind.include } : {}),
      });
      if (!row) throw notFound(`The ${kind.label}`);
      return present(kind, row);
    }),

    create: clinicianProcedure.input(z.strictObject({ ...parentInput, data: kind.data })).mutation(({ ctx, input }) =>
      ctx.db.$transaction(async (tx) => {
        const owner = (input as Record<string, unknown>)[ownerKey] as string;
        const parent = kind.parent ? await loadParent(tx, kind, owner) : null;
        const patientId = parent ? parent.patientId : owner;
        const data = input.data as Record<string, unknown>;
        await checkConsistency(tx, kind, patientId, kind.toEvent(data, parent));
        const row = await withIdentityConflict(kind, () =>
          delegateOf(tx, kind.model).create({
            data: {
              ...kind.codec.toRow(data),
              patientId,
              ...(kind.parent && parent ? { [kind.parent.key]: parent.id } : {}),
              createdById: ctx.actor.id,
              updatedById: ctx.actor.id,
            },
            ...(kind.include ? { include: kind.include } : {}),
          }),
        );
        const after = present(kind, row);
        await auditChange(tx, ctx, {
          entity: kind.entity,
          id: row.id,
          patientId,
          action: 'create',
          before: null,
          after,
        });
        await afterPatientChange(tx, [patientId]);
        return after;
      }),
    ),

    update: clinicianProcedure
      .input(z.strictObject({ id: uuid, version, data: kind.data }))
      .mutation(({ ctx, input }) =>
        ctx.db.$transaction(async (tx) => {
          const table = delegateOf(tx, kind.model);
          const existing = await table.findFirst({
            where: { id: input.id },
            ...(kind.include ? { include: kind.include } : {}),
          });
          if (!existing || existing.deletedAt) throw notFound(`The ${kind.label}`);
          if (existing.version !== input.version) throw staleVersion(`The ${kind.label}`, existing.version);
          const parent = kind.parent ? await loadParent(tx, kind, existing[kind.parent.key] as string) : null;
          const data = input.data as Record<string, unknown>;
          await checkConsistency(tx, kind, existing.patientId, kind.toEvent(data, parent));
          const updated = await withIdentityConflict(kind, () =>
            table.updateMany({
              where: { id: input.id, version: input.version, ...live },
              data: { ...kind.codec.toRow(data), version: { increment: 1 }, updatedById: ctx.actor.id },
            }),
          );
          // A concurrent update committed first: this one changes nothing.
          if (updated.count === 0)
            throw staleVersion(`The ${kind.label}`, (await table.findFirst({ where: { id: input.id } }))?.version ?? 0);
          const row = (await table.findFirst({
            where: { id: input.id },
            ...(kind.include ? { include: kind.include } : {}),
          })) as Row;
          const after = present(kind, row);
          await auditChange(tx, ctx, {
            entity: kind.entity,
            id: row.id,
            patientId: row.patientId,
            action: 'update',
            before: present(kind, existing),
            after,
          });
          await afterPatientChange(tx, [row.patientId]);
          return after;
        }),
      ),

    delete: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .mutation(({ ctx, input }) => setDeleted(ctx, kind, input.id, input.version, true)),

    restore: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .mutation(({ ctx, input }) => setDeleted(ctx, kind, input.id, input.version, false)),

    history: clinicianProcedure.input(z.strictObject({ id: uuid })).query(async ({ ctx, input }) => {
      const exists = await delegateOf(ctx.db, kind.model).findFirst({ where: { id: input.id } });
      if (!exists) throw notFound(`The ${kind.label}`);
      return readHistory(ctx.db, kind.entity, input.id);
    }),
  });
}

async function setDeleted(
  ctx: { db: import('@nmo/db').PrismaClient; actor: { id: string }; clientAddress?: string },
  kind: RecordKind,
  id: string,
  expectedVersion: number,
  deleted: boolean,
) {
  return ctx.db.$transaction(async (tx) => {
    const table = delegateOf(tx, kind.model);
    const existing = await table.findFirst({ where: { id }, ...(kind.include ? { include: kind.include } : {}) });
    if (!existing) throw notFound(`The ${kind.label}`);
    if (existing.version !== expectedVersion) throw staleVersion(`The ${kind.label}`, existing.version);
    if (deleted === (existing.deletedAt !== null)) {
      throw new AppError('CONFLICT', `The ${kind.label} is ${deleted ? 'already deleted' : 'not deleted'}`);
    }
    const updated = await withIdentityConflict(kind, () =>
      table.updateMany({
        where: { id, version: expectedVersion },
        data: deleted
          ? { deletedAt: new Date(), deletedById: ctx.actor.id, version: { increment: 1 }, updatedById: ctx.actor.id }
          : { deletedAt: null, deletedById: null, version: { increment: 1 }, updatedById: ctx.actor.id },
      }),
    );
    if (updated.count === 0)
      throw staleVersion(`The ${kind.label}`, (await table.findFirst({ where: { id } }))?.version ?? 0);
    const row = (await table.findFirst({ where: { id }, ...(kind.include ? { include: kind.include } : {}) })) as Row;
    const after = present(kind, row);
    await auditChange(tx, ctx, {
      entity: kind.entity,
      id,
      patientId: row.patientId,
      action: deleted ? 'delete' : 'restore',
      before: present(kind, existing),
      after,
    });
    await afterPatientChange(tx, [row.patientId]);
    return after;
  });
}

/** A whole-record kind (EDSS, antibody test, MRI…): the event is the data plus its type. */
export function eventKind(type: TimelineEvent['type'], label: string, data: z.ZodObject, include?: object): RecordKind {
  const table = tableOf(type);
  return {
    label,
    entity: table.entity,
    model: table.model,
    data,
    codec: table.codec as unknown as RecordKind['codec'],
    ...(include ? { include } : {}),
    toEvent: (fields) => ({ type, ...fields }) as TimelineEvent,
    pathInEvent: [],
  };
}

/** Acute treatments of a relapse and administrations of a therapy: parts checked within their parent. */
export function partKind(part: 'acuteTreatment' | 'administration', data: z.ZodObject): RecordKind {
  const isTreatment = part === 'acuteTreatment';
  const parentTable = tableOf(isTreatment ? 'relapse' : 'therapy');
  const childList = isTreatment ? 'acuteTreatments' : 'administrations';
  return {
    label: isTreatment ? 'acute treatment' : 'administration',
    entity: isTreatment ? 'AcuteTreatment' : 'TherapyAdministration',
    model: isTreatment ? 'acuteTreatment' : 'therapyAdministration',
    data,
    codec: (isTreatment ? acuteTreatmentCodec : administrationCodec) as unknown as RecordKind['codec'],
    toEvent: (fields, parent) => {
      const parentEvent = parentTable.codec.fromRow({ ...(parent ?? {}), [childList]: [] }) as Record<string, unknown>;
      return { ...parentEvent, [childList]: [fields] } as TimelineEvent;
    },
    pathInEvent: [childList, 0],
    parent: {
      model: parentTable.model,
      key: isTreatment ? 'relapseId' : 'therapyId',
      label: isTreatment ? 'relapse' : 'therapy',
    },
  };
}

export const dateOf = (value: Date) => calendarDateFromUtcDate(value);
