import type { DbClient } from '@nmo/db';
import { type AuditAction, writeAudit, writeAuditNow } from '@nmo/storage';
import { z } from 'zod';
import type { Context } from '../trpc/context.ts';

export type RecordAction = 'create' | 'update' | 'delete' | 'restore';

/** One audit row per change of clinical data, in the change's transaction, with before and after. */
export async function auditChange(
  db: DbClient,
  ctx: Pick<Context, 'clientAddress'> & { actor: { id: string } },
  change: { entity: string; id: string; patientId: string; action: RecordAction; before: unknown; after: unknown },
): Promise<void> {
  await writeAudit(db, {
    actorId: ctx.actor.id,
    action: `${change.entity}.${change.action}`,
    entityType: change.entity,
    entityId: change.id,
    patientId: change.patientId,
    clientAddress: ctx.clientAddress,
    details: { before: change.before ?? null, after: change.after ?? null },
  });
}

/**
 * A record's change history, oldest first, from the audit log. Every change row names the record's
 * patient, so the read goes through the log's (patientId, at) index: by the record alone it would
 * scan the whole log (about 160 rows a patient from its import, and one per read of its page).
 */
export async function readHistory(db: DbClient, entity: string, id: string, patientId: string) {
  const rows = await db.auditEvent.findMany({
    where: {
      patientId,
      entityType: entity,
      entityId: id,
      action: { in: (['create', 'update', 'delete', 'restore'] as const).map((a) => `${entity}.${a}`) },
    },
    orderBy: { id: 'asc' },
    include: { actor: { select: { email: true, displayName: true } } },
  });
  return rows.map((row) => {
    const details = (row.details ?? {}) as { before?: unknown; after?: unknown };
    return {
      at: row.at.toISOString(),
      action: row.action.split('.').at(-1) ?? row.action,
      actor: { email: row.actor.email, displayName: row.actor.displayName },
      before: details.before ?? null,
      after: details.after ?? null,
    };
  });
}

export const historySchema = z.array(
  z.strictObject({
    at: z.iso.datetime(),
    action: z.string(),
    actor: z.strictObject({ email: z.string(), displayName: z.string() }),
    before: z.unknown(),
    after: z.unknown(),
  }),
);

/**
 * A read of identified data (HIPAA 164.312(b) audit controls): who read which patient's records,
 * or, for lists, which patients a page showed.
 */
export async function auditRead(
  db: DbClient,
  ctx: Pick<Context, 'clientAddress'> & { actor: { id: string } },
  read: {
    action: AuditAction;
    patientId?: string | null;
    entityType?: string;
    entityId?: string;
    patientIds?: string[];
  },
): Promise<void> {
  await writeAuditNow(db, {
    actorId: ctx.actor.id,
    action: read.action,
    entityType: read.entityType,
    entityId: read.entityId,
    patientId: read.patientId,
    clientAddress: ctx.clientAddress,
    ...(read.patientIds ? { details: { patientIds: read.patientIds } } : {}),
  });
}
