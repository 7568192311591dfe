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

/** Dotted paths of the leaves of a JSON value (arrays count as one leaf). */
function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.set(prefix, JSON.stringify(value ?? null));
  }
  return out;
}

/** Bookkeeping every change moves; it says nothing about what was changed. */
const BOOKKEEPING = new Set(['id', 'patientId', 'version', 'createdAt', 'updatedAt']);

/** The fields whose values differ between before and after (all set fields of a creation). */
export function changedFields(before: unknown, after: unknown): string[] {
  const old = leaves(before);
  const now = leaves(after);
  return [...new Set([...old.keys(), ...now.keys()])]
    .filter((path) => !BOOKKEEPING.has(path) && (old.get(path) ?? 'null') !== (now.get(path) ?? 'null'))
    .sort();
}

/**
 * What an administrator may read of an audit row's details. Administrators run accounts,
 * settings and the audit log; they do not treat patients, so a change to a patient's records shows
 * which fields changed, never their values (names, MRNs, birth dates, notes), and the text of a
 * clinician's name search in an export's filters is withheld. The stored row keeps everything.
 */
export function presentAuditDetails(row: Pick<AuditRow, 'patientId' | 'action' | 'details'>): unknown {
  const details = row.details as Record<string, unknown> | null;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return details ?? null;
  if (row.patientId && ('before' in details || 'after' in details)) {
    const { before, after, ...rest } = details;
    const kept = Object.fromEntries(Object.entries(rest).filter(([key]) => key === 'source'));
    return { changed: changedFields(before, after), ...kept };
  }
  const filters = details.filters as Record<string, unknown> | undefined;
  if (row.action.startsWith('export.') && filters && typeof filters.search === 'string')
    return { ...details, filters: { ...filters, search: '[withheld]' } };
  return details;
}

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
  details: presentAuditDetails(row),
});
