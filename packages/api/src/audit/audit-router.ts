import { writeAudit } from '@nmo/storage';
import { z } from 'zod';
import { AppError } from '../trpc/errors.ts';
import { adminProcedure, router } from '../trpc/init.ts';
import { auditFilterFields, presentAudit, queryAudit } from './audit-query.ts';

const entry = z.strictObject({
  id: z.string(),
  at: z.iso.datetime(),
  actorEmail: z.string(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  clientAddress: z.string().nullable(),
  success: z.boolean(),
  details: z.unknown(),
});

/** The audit log, newest first, for administrators. The export is GET /api/audit/export (CSV). */
export const auditRouter = router({
  list: adminProcedure
    .input(
      z.strictObject({
        ...auditFilterFields,
        limit: z
          .number({ error: 'must be a number' })
          .int()
          .min(1)
          .max(500, { error: 'must be at most 500' })
          .optional(),
        /** Sent by tRPC's infinite queries; pages only go back in time. */
        direction: z.enum(['forward', 'backward']).optional(),
        cursor: z
          .string({ error: 'must be the nextCursor of the previous page' })
          .regex(/^\d+$/, { error: 'must be the nextCursor of the previous page' })
          .optional(),
      }),
    )
    .output(z.strictObject({ items: z.array(entry), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const { limit = 100, cursor, direction: _direction, ...filters } = input;
      if (filters.from && filters.to && filters.from > filters.to)
        throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
          { path: 'to', message: 'must not be before from' },
        ]);
      const { rows, more } = await queryAudit(ctx.db, filters, {
        limit,
        ...(cursor ? { before: BigInt(cursor) } : {}),
      });
      // Reading the log is itself on record: who looked, for what.
      await writeAudit(ctx.db, {
        actorId: ctx.actor.id,
        action: 'audit.read',
        clientAddress: ctx.clientAddress,
        details: { filters, rows: rows.length, ...(cursor ? { cursor } : {}) },
      });
      return { items: rows.map(presentAudit), nextCursor: more ? (rows.at(-1)?.id.toString() ?? null) : null };
    }),
});
