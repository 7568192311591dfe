import type { DbClient, Prisma } from '@nmo/db';
import { addDays, calendarDate, utcDateFromCalendarDate } from '@nmo/domain';
import { z } from 'zod';

/** Filters of the audit log viewer and its export. Dates are whole days (from and to included). */
export const auditFilterFields = {
  actorEmail: z.string({ error: 'must be text' }).trim().max(200).optional(),
  action: z.string({ error: 'must be text' }).trim().max(100).optional(),
  patientId: z.uuid({ error: 'must be a record id (UUID)' }).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  success: z.boolean({ error: 'must be true or false' }).optional(),
};
export const auditFiltersSchema = z.strictObject(auditFilterFields);
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export function auditWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  return {
    ...(filters.actorEmail ? { actor: { email: { contains: filters.actorEmail, mode: 'insensitive' } } } : {}),
    ...(filters.action ? { action: { startsWith: filters.action } } : {}),
    ...(filters.patientId ? { patientId: filters.patientId } : {}),
    ...(filters.success === undefined ? {} : { success: filters.success }),
    ...(filters.from || filters.to
      ? {
          at: {
            ...(filters.from ? { gte: utcDateFromCalendarDate(filters.from) } : {}),
            ...(filters.to ? { lt: utcDateFromCalendarDate(addDays(filters.to, 1)) } : {}),
          },
        }
      : {}),
  };
}

export async function queryAudit(db: DbClient, filters: AuditFilters, page: { before?: bigint; limit: number }) {
  const rows = await db.auditEvent.findMany({
    where: { ...auditWhere(filters), ...(page.before ? { id: { lt: page.before } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
    include: { actor: { select: { email: true, displayName: true } } },
  });
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export type AuditRow = Awaited<ReturnType<typeof queryAudit>>['rows'][number];

export const presentAudit = (row: AuditRow) => ({
  id: row.id.toString(),
  at: row.at.toISOString(),
  actorEmail: row.actor.email,
  actorName: row.actor.displayName,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  patientId: row.patientId,
  clientAddress: row.clientAddress,
  success: row.success,
  details: (row.details ?? null) as unknown,
});
