import type { DbClient, PrismaClient } from '@nmo/db';
import { AppError, notFound, staleVersion } from '../trpc/errors.ts';
import { afterPatientChange } from './after-write.ts';
import { auditChange } from './audit.ts';
import type { RecordDelegate, Row } from './record-kind.ts';

/** What versioned updates, soft delete and restore need to know of a table (patients and every clinical record). */
export interface SoftDeletable<T = Record<string, unknown>> {
  label: string;
  entity: string;
  table: (db: DbClient) => RecordDelegate;
  include?: object;
  present: (row: Row) => T;
  patientIdOf: (row: Row) => string;
}

/**
 * Marks a record deleted (or live again) if the client read its current version, audited with
 * before and after, and recomputes the patient's flags: one transaction. Nothing is ever erased.
 */
export function setDeleted<T>(
  ctx: { db: PrismaClient; actor: { id: string }; clientAddress?: string },
  spec: SoftDeletable<T>,
  id: string,
  expectedVersion: number,
  deleted: boolean,
) {
  return ctx.db.$transaction(async (tx): Promise<T> => {
    const table = spec.table(tx);
    const read = () => table.findFirst({ where: { id }, ...(spec.include ? { include: spec.include } : {}) });
    const existing = await read();
    if (!existing) throw notFound(`The ${spec.label}`);
    if (existing.version !== expectedVersion) throw staleVersion(`The ${spec.label}`, existing.version);
    if (deleted === (existing.deletedAt !== null))
      throw new AppError('CONFLICT', `The ${spec.label} is ${deleted ? 'already deleted' : 'not deleted'}`);
    const by = { version: { increment: 1 }, updatedById: ctx.actor.id };
    let updated: { count: number };
    try {
      updated = await table.updateMany({
        where: { id, version: expectedVersion },
        data: deleted
          ? { deletedAt: new Date(), deletedById: ctx.actor.id, ...by }
          : { deletedAt: null, deletedById: null, ...by },
      });
    } catch (error) {
      // Restoring into an identity a live record took meanwhile (same patient, date and kind).
      if ((error as { code?: string }).code === 'P2002')
        throw new AppError(
          'CONFLICT',
          `A live ${spec.label} with the same identity exists; edit or delete that one first`,
        );
      throw error;
    }
    if (updated.count === 0) throw staleVersion(`The ${spec.label}`, (await read())?.version ?? 0);
    const row = (await read()) as Row;
    const after = spec.present(row);
    await auditChange(tx, ctx, {
      entity: spec.entity,
      id,
      patientId: spec.patientIdOf(row),
      action: deleted ? 'delete' : 'restore',
      before: spec.present(existing),
      after,
    });
    // A deleted patient's flags and summary are removed; a restored one's are computed again.
    await afterPatientChange(tx, [spec.patientIdOf(row)]);
    return after;
  });
}

/** What one versioned update needs: the version read, the new columns, checks, and duplicate handling. */
export interface VersionedChange {
  id: string;
  version: number;
  data: object;
  check: (tx: DbClient, existing: Row) => Promise<void>;
  onUniqueViolation: <R>(work: () => Promise<R>) => Promise<R>;
}

/**
 * Updates a live record if the client read its current version: checks (`check`, in the
 * transaction), writes, audits with before and after, and recomputes the patient's flags, all in
 * one transaction. `onUniqueViolation` turns a duplicate identity into the caller's own error.
 */
export function updateVersioned<T>(
  ctx: { db: PrismaClient; actor: { id: string }; clientAddress?: string },
  spec: SoftDeletable<T>,
  change: VersionedChange,
) {
  return ctx.db.$transaction(async (tx): Promise<T> => {
    const { after, patientId } = await updateVersionedIn(tx, ctx, spec, change);
    await afterPatientChange(tx, [patientId]);
    return after;
  });
}

/** The update of `updateVersioned` inside the caller's transaction; the caller recomputes flags. */
export async function updateVersionedIn<T>(
  tx: DbClient,
  ctx: { actor: { id: string }; clientAddress?: string },
  spec: SoftDeletable<T>,
  change: VersionedChange,
): Promise<{ after: T; patientId: string }> {
  const table = spec.table(tx);
  const read = () => table.findFirst({ where: { id: change.id }, ...(spec.include ? { include: spec.include } : {}) });
  const existing = await read();
  if (!existing || existing.deletedAt) throw notFound(`The ${spec.label}`);
  if (existing.version !== change.version) throw staleVersion(`The ${spec.label}`, existing.version);
  await change.check(tx, existing);
  const updated = await change.onUniqueViolation(() =>
    table.updateMany({
      where: { id: change.id, version: change.version, deletedAt: null },
      data: { ...change.data, version: { increment: 1 }, updatedById: ctx.actor.id },
    }),
  );
  // A concurrent update committed first (the row lock made this one wait): change nothing.
  if (updated.count === 0) throw staleVersion(`The ${spec.label}`, (await read())?.version ?? 0);
  const row = (await read()) as Row;
  const after = spec.present(row);
  const patientId = spec.patientIdOf(row);
  await auditChange(tx, ctx, {
    entity: spec.entity,
    id: row.id,
    patientId,
    action: 'update',
    before: spec.present(existing),
    after,
  });
  return { after, patientId };
}
