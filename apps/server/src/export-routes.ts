import { Readable } from 'node:stream';
import {
  checkExport,
  EXPORT_FORMATS,
  ExportRefusal,
  exportRequestSchema,
  prepareExport,
  selectExportPatients,
} from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { fieldErrors } from '@nmo/domain';
import { openCopyOut } from '@nmo/exchange';
import type { FastifyInstance } from 'fastify';
import { sendError } from './http-errors.ts';
import { signedIn } from './http-session.ts';

const LIST_FILTERS = ['flagCodes', 'aqp4Status', 'mogStatus', 'workingDiagnosis', 'currentTherapies'] as const;
const NUMBER_FILTERS = ['edssMin', 'edssMax'] as const;
const TEXT_FILTERS = ['severity', 'lastVisitFrom', 'lastVisitTo', 'search'] as const;

/** Query parameters → an export request. Lists are comma-separated (flagCodes=A,B) or repeated. */
function requestOf(format: string, query: Record<string, string | string[] | undefined>) {
  const one = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value.at(-1) : value;
  };
  const filters: Record<string, unknown> = {};
  for (const name of LIST_FILTERS) {
    const value = query[name];
    if (value !== undefined)
      filters[name] = [value]
        .flat()
        .flatMap((item) => item.split(','))
        .filter(Boolean);
  }
  for (const name of NUMBER_FILTERS) {
    const value = one(name);
    if (value !== undefined && value !== '') filters[name] = Number.isNaN(Number(value)) ? value : Number(value);
  }
  for (const name of TEXT_FILTERS) {
    const value = one(name);
    if (value !== undefined && value !== '') filters[name] = value;
  }
  const deidentify = one('deidentify');
  return exportRequestSchema.safeParse({
    format,
    deidentify: deidentify === undefined ? undefined : deidentify === '1' || deidentify === 'true',
    dates: one('dates'),
    runId: one('runId'),
    filters,
  });
}

/**
 * GET /api/export/:format (json, csv, csv-wide, fhir, msprog) streams the cohort, or the patients the
 * overview's filters select, straight from the database to the response, a page at a time.
 * Researchers always receive de-identified files. Progress is in exports.run (by runId) and each
 * finished export is audited with its manifest, which GET /api/export/manifest?id= returns.
 * With check=1 it only answers whether the export would start (204, or the refusal).
 */
export function registerExportRoutes(
  app: FastifyInstance,
  database: () => PrismaClient | undefined,
  deidentifyKey: string | undefined,
  /** The database's URL, for the COPY connection of an identified CSV long export (undefined: the query path). */
  copyUrl?: () => string | undefined,
): void {
  app.get('/api/export/manifest', async (request, reply) => {
    const access = await signedIn(request, reply, database);
    if (!access) return reply;
    const { db, actor } = access;
    const id = (request.query as { id?: string }).id ?? '';
    // The manifest is the details of the export's successful audit row (written when it finished).
    const audit = /^[0-9a-f-]{36}$/i.test(id)
      ? await db.auditEvent.findFirst({
          where: {
            actorId: actor.id,
            action: { in: EXPORT_FORMATS.map((format) => `export.${format}`) },
            success: true,
            details: { path: ['exportId'], equals: id },
          },
        })
      : null;
    if (!audit) return sendError(reply, 404, 'No finished export of yours has this id');
    return reply
      .header('content-disposition', `attachment; filename="nmo-export-${id}.manifest.json"`)
      .send(audit.details);
  });

  app.get<{ Params: { format: string } }>('/api/export/:format', async (request, reply) => {
    const access = await signedIn(request, reply, database);
    if (!access) return reply;
    const { db, actor } = access;
    const parsed = requestOf(request.params.format, request.query as Record<string, string>);
    if (!parsed.success) return sendError(reply, 400, 'Some fields are not valid', fieldErrors(parsed.error));
    try {
      // check=1: the dashboard asks first, so a refusal is shown on the page instead of downloaded as a file.
      if ((request.query as { check?: string }).check === '1') {
        checkExport({ actor: actor, request: parsed.data, deidentifyKey });
        await selectExportPatients(db, actor, parsed.data.filters);
        return reply.code(204).send();
      }
      // The CSV long export streams its pages through COPY on a connection of its own, closed with the body.
      const url = parsed.data.format === 'csv' ? copyUrl?.() : undefined;
      const copy = url ? await openCopyOut(url) : undefined;
      const prepared = await prepareExport(db, {
        actor: actor,
        request: parsed.data,
        deidentifyKey,
        clientAddress: request.ip,
        destination: 'download',
        ...(copy ? { copyOut: copy.copyOut } : {}),
      }).catch(async (error: unknown) => {
        await copy?.close();
        throw error;
      });
      const body = Readable.from(prepared.chunks);
      body.once('close', () => void copy?.close().catch(() => {}));
      body.on('error', (error) => process.stderr.write(`export ${prepared.exportId} failed: ${error.stack}\n`));
      return reply
        .header('content-type', prepared.contentType)
        .header('content-disposition', `attachment; filename="${prepared.filename}"`)
        .header('x-export-id', prepared.exportId)
        .header('x-export-patients', String(prepared.patientsTotal))
        .send(body);
    } catch (error) {
      if (error instanceof ExportRefusal) return sendError(reply, error.status, error.message, error.fieldErrors);
      throw error;
    }
  });
}
