import { auditFiltersSchema, presentAudit, queryAudit } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { fieldErrors } from '@nmo/domain';
import { escapeFormulaCell } from '@nmo/exchange';
import { writeAudit } from '@nmo/storage';
import { stringify } from 'csv-stringify';
import type { FastifyInstance } from 'fastify';
import { sendError } from './http-errors.ts';
import { signedIn } from './http-session.ts';

const COLUMNS = [
  'id',
  'at',
  'actorEmail',
  'actorName',
  'action',
  'entityType',
  'entityId',
  'patientId',
  'clientAddress',
  'success',
  'details',
] as const;
const BATCH = 2000;

/**
 * GET /api/audit/export: the audit log as CSV (filters as in audit.list, as query parameters), for
 * administrators. Streamed in batches, newest first; the export itself is audited first.
 */
export function registerAuditExport(app: FastifyInstance, database: () => PrismaClient | undefined): void {
  app.get('/api/audit/export', async (request, reply) => {
    const access = await signedIn(request, reply, database, { tier: 'admin', refusal: 'For administrators' });
    if (!access) return reply;
    const { db, actor } = access;
    const query = { ...(request.query as Record<string, string>) };
    const parsed = auditFiltersSchema.safeParse({
      ...query,
      ...(query.success === undefined
        ? {}
        : { success: query.success === 'true' ? true : query.success === 'false' ? false : query.success }),
    });
    if (!parsed.success) return sendError(reply, 400, 'Some fields are not valid', fieldErrors(parsed.error));
    await writeAudit(db, {
      actorId: actor.id,
      action: 'audit.export',
      clientAddress: request.ip,
      details: { filters: parsed.data },
    });

    // Emails, names and client addresses are text others choose: a cell a spreadsheet would run as a
    // formula gets an apostrophe in front, as in every CSV of the product (docs/EXPORTS.md).
    const csv = stringify({
      header: true,
      columns: [...COLUMNS],
      cast: { boolean: (value) => String(value), string: (value) => escapeFormulaCell(value) },
    });
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    void (async () => {
      try {
        let before: bigint | undefined;
        for (;;) {
          const { rows, more } = await queryAudit(db, parsed.data, { limit: BATCH, ...(before ? { before } : {}) });
          for (const row of rows) {
            const entry = presentAudit(row);
            const ok = csv.write({ ...entry, details: entry.details === null ? '' : JSON.stringify(entry.details) });
            if (!ok) await new Promise((resolve) => csv.once('drain', resolve));
          }
          if (!more) break;
          before = rows.at(-1)?.id;
        }
        csv.end();
      } catch (error) {
        process.stderr.write(`audit export failed: ${(error as Error).stack}\n`);
        csv.destroy(error as Error);
      }
    })();
    return reply.send(csv);
  });
}
