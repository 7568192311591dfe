import { importText } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FastifyInstance } from 'fastify';
import { signedIn } from './http-session.ts';
import { rejectCrossSiteMutation } from './security.ts';

/** Uploads as large as a registry's spreadsheet; the file is validated whole before anything is written. */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * POST /api/import?dryRun=1&name=cohort.csv with the file as the body (interchange JSON or the CSV
 * long layout), for clinicians. Answers with the report: every problem by line and column (CSV)
 * or path (JSON), or what was written. All or nothing, like `nmo import`.
 */
export function registerImportRoute(app: FastifyInstance, database: () => PrismaClient | undefined): void {
  app.register(async (scope) => {
    // The body stays text: the import reads the format itself and reports its own errors.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/api/import', async (request, reply) => {
      if (rejectCrossSiteMutation(request, reply)) return reply;
      const access = await signedIn(request, reply, database, {
        tier: 'clinician',
        refusal: 'Imports write clinical records: for clinicians',
      });
      if (!access) return reply;
      const { db, actor } = access;
      const query = request.query as { dryRun?: string; name?: string };
      const text = typeof request.body === 'string' ? request.body : '';
      if (!text.trim()) return reply.code(400).send({ error: 'The file is empty' });
      const report = await importText(db, {
        actorId: actor.id,
        text,
        name: query.name,
        dryRun: query.dryRun === '1' || query.dryRun === 'true',
        clientAddress: request.ip,
      });
      return reply.code(report.ok ? 200 : 422).send(report);
    });
  });
}
