import type { DbClient } from '@nmo/db';
import {
  calendarDateFromUtcDate,
  type FieldError,
  formatPath,
  type TimelineEvent,
  timelineConsistencyIssues,
  todayInClinic,
} from '@nmo/domain';
import { z } from 'zod';
import { AppError, notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { afterPatientChange } from './after-write.ts';
import { auditChange, auditRead, historySchema, readHistory } from './audit.ts';
import { byRecordDay, delegateOf, type Owner, present, type RecordKind, type Row, shapeOf } from './record-kind.ts';
import { setDeleted, updateVersioned } from './versioned-writes.ts';

export const uuid = z.uuid({ error: 'must be a record id (UUID)' });
export const version = z
  .number({ error: 'must be the version you read' })
  .int({ error: 'must be the version you read (a whole number)' })
  .positive({ error: 'must be the version you read (1 or more)' });
const live = { deletedAt: null };

/** Dates within the patient's life and not in the future, parts inside their parent: as the import checks them. */
export async function checkConsistency(
  db: DbClient,
  kind: RecordKind,
  patientId: string,
  event: TimelineEvent,
  at: (string | number)[] = ['data'],
): Promise<void> {
  const patient = await db.patient.findFirst({ where: { id: patientId, ...live } });
  if (!patient) throw notFound('The patient');
  const anchor = {
    birthDate: calendarDateFromUtcDate(patient.birthDate),
    sex: patient.sex,
    diagnosisDate: null,
    firstAttackDate: null,
    comorbidities: [],
  };
  const issues = timelineConsistencyIssues(anchor, [{ index: 0, event }], todayInClinic());
  const prefix = ['events', 0, ...kind.pathInEvent];
  const fields: FieldError[] = issues
    .filter((issue) => prefix.every((segment, i) => issue.path[i] === segment))
    .map((issue) => ({ path: formatPath([...at, ...issue.path.slice(prefix.length)]), message: issue.message }));
  if (fields.length > 0) throw new AppError('BAD_REQUEST', 'Some fields are not valid', fields);
}

export async function loadParent(db: DbClient, kind: RecordKind, parentId: string): Promise<Row> {
  if (!kind.parent) throw new Error('not a part');
  const parent = await delegateOf(db, kind.parent.model).findFirst({ where: { id: parentId, ...live } });
  if (!parent) throw notFound(`The ${kind.parent.label}`);
  return parent;
}

/** Unique identity indexes report duplicates; say which record already holds that identity. */
export async function withIdentityConflict<T>(kind: RecordKind, work: () => Promise<T>): Promise<T> {
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
 * Creates one record under its owner (patient, or relapse/therapy for parts) inside the caller's
 * transaction: consistency checks (errors named under `at`), insert, audit. The caller recomputes flags.
 */
export async function insertRecord(
  tx: DbClient,
  ctx: { actor: { id: string }; clientAddress?: string },
  kind: RecordKind,
  owner: string,
  data: Record<string, unknown>,
  at: (string | number)[] = ['data'],
): Promise<Record<string, unknown>> {
  const parent = kind.parent ? await loadParent(tx, kind, owner) : null;
  const patientId = parent ? parent.patientId : owner;
  await checkConsistency(tx, kind, patientId, kind.toEvent(data, parent), at);
  const withInclude = kind.include ? { include: kind.include } : {};
  const row = await withIdentityConflict(kind, () =>
    delegateOf(tx, kind.model).create({
      data: {
        ...kind.codec.toRow(data),
        patientId,
        ...(kind.parent && parent ? { [kind.parent.key]: parent.id } : {}),
        createdById: ctx.actor.id,
        updatedById: ctx.actor.id,
      },
      ...withInclude,
    }),
  );
  const after = present(kind, row);
  await auditChange(tx, ctx, { entity: kind.entity, id: row.id, patientId, action: 'create', before: null, after });
  return after;
}

/**
 * list, get, create, update, delete, restore and history for one kind of clinical record. Writes
 * check the version the client read (optimistic concurrency), are audited with before and after,
 * and recompute the patient's flags, all in one transaction.
 */
function buildRecordRouter(kind: RecordKind) {
  const ownerKey = kind.owner;
  const parentInput = { [ownerKey]: uuid };
  const withInclude = kind.include ? { include: kind.include } : {};
  const show = (row: Row) => present(kind, row);
  const softDeletable = {
    label: kind.label,
    entity: kind.entity,
    table: (db: DbClient) => delegateOf(db, kind.model),
    ...withInclude,
    present: show,
    patientIdOf: (row: Row) => row.patientId,
  };
  return router({
    list: clinicianProcedure
      .input(z.strictObject({ ...parentInput, includeDeleted: z.boolean().optional() }))
      .output(z.array(kind.output))
      .query(async ({ ctx, input }) => {
        const owner = { [ownerKey]: (input as Record<string, unknown>)[ownerKey] };
        const rows = await delegateOf(ctx.db, kind.model).findMany({
          where: { ...owner, ...(input.includeDeleted ? {} : live) },
          ...withInclude,
        });
        await auditRead(ctx.db, ctx, {
          action: `${kind.entity}.read.list`,
          patientId: rows[0]?.patientId ?? (ownerKey === 'patientId' ? (owner[ownerKey] as string) : null),
          ...(kind.parent ? { entityType: kind.parent.label, entityId: owner[ownerKey] as string } : {}),
        });
        return rows.map(show).sort(byRecordDay);
      }),

    get: clinicianProcedure
      .input(z.strictObject({ id: uuid }))
      .output(kind.output)
      .query(async ({ ctx, input }) => {
        const row = await delegateOf(ctx.db, kind.model).findFirst({ where: { id: input.id }, ...withInclude });
        if (!row) throw notFound(`The ${kind.label}`);
        await auditRead(ctx.db, ctx, {
          action: `${kind.entity}.read.record`,
          entityType: kind.entity,
          entityId: row.id,
          patientId: row.patientId,
        });
        return show(row);
      }),

    create: clinicianProcedure
      .input(z.strictObject({ ...parentInput, data: kind.data }))
      .output(kind.output)
      .mutation(({ ctx, input }) =>
        ctx.db.$transaction(async (tx) => {
          const owner = (input as Record<string, unknown>)[ownerKey] as string;
          const after = await insertRecord(tx, ctx, kind, owner, input.data as Record<string, unknown>);
          await afterPatientChange(tx, [after.patientId as string]);
          return after;
        }),
      ),

    update: clinicianProcedure
      .input(z.strictObject({ id: uuid, version, data: kind.data }))
      .output(kind.output)
      .mutation(({ ctx, input }) => {
        const data = input.data as Record<string, unknown>;
        return updateVersioned(ctx, softDeletable, {
          id: input.id,
          version: input.version,
          data: kind.codec.toRow(data),
          check: async (tx, existing) => {
            const parent = kind.parent ? await loadParent(tx, kind, existing[kind.parent.key] as string) : null;
            await checkConsistency(tx, kind, existing.patientId, kind.toEvent(data, parent));
          },
          onUniqueViolation: (work) => withIdentityConflict(kind, work),
        });
      }),

    delete: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .output(kind.output)
      .mutation(({ ctx, input }) => setDeleted(ctx, softDeletable, input.id, input.version, true)),

    restore: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .output(kind.output)
      .mutation(({ ctx, input }) => setDeleted(ctx, softDeletable, input.id, input.version, false)),

    history: clinicianProcedure
      .input(z.strictObject({ id: uuid }))
      .output(historySchema)
      .query(async ({ ctx, input }) => {
        const exists = await delegateOf(ctx.db, kind.model).findFirst({ where: { id: input.id } });
        if (!exists) throw notFound(`The ${kind.label}`);
        await auditRead(ctx.db, ctx, {
          action: `${kind.entity}.read.history`,
          entityType: kind.entity,
          entityId: exists.id,
          patientId: exists.patientId,
        });
        return readHistory(ctx.db, kind.entity, input.id, exists.patientId);
      }),
  });
}

/**
 * The type clients see for one record kind's router: the same procedures with the kind's own input
 * and output types (the implementation above works on untyped rows; tRPC checks every value
 * against these schemas at run time). Declared only, never called.
 */
function typedRecordRouter<D extends z.ZodObject, O extends z.ZodType, W extends Owner>(kind: RecordKind<D, O, W>) {
  const declared = null as never;
  return router({
    list: clinicianProcedure
      .input(z.strictObject({ ...shapeOf(kind.owner, uuid), includeDeleted: z.boolean().optional() }))
      .output(z.array(kind.output))
      .query(() => declared),
    get: clinicianProcedure
      .input(z.strictObject({ id: uuid }))
      .output(kind.output)
      .query(() => declared),
    create: clinicianProcedure
      .input(z.strictObject({ ...shapeOf(kind.owner, uuid), data: kind.data }))
      .output(kind.output)
      .mutation(() => declared),
    update: clinicianProcedure
      .input(z.strictObject({ id: uuid, version, data: kind.data }))
      .output(kind.output)
      .mutation(() => declared),
    delete: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .output(kind.output)
      .mutation(() => declared),
    restore: clinicianProcedure
      .input(z.strictObject({ id: uuid, version }))
      .output(kind.output)
      .mutation(() => declared),
    history: clinicianProcedure
      .input(z.strictObject({ id: uuid }))
      .output(historySchema)
      .query(() => declared),
  });
}

/** list, get, create, update, delete, restore and history for one kind of clinical record. */
export function recordRouter<D extends z.ZodObject, O extends z.ZodType, W extends Owner>(
  kind: RecordKind<D, O, W>,
): ReturnType<typeof typedRecordRouter<D, O, W>> {
  return buildRecordRouter(kind as unknown as RecordKind) as never;
}
