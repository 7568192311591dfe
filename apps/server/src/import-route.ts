import { importText, resolveSession, tierAllows } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FastifyInstance } from 'fastify';
import { rejectCrossSiteMutation } from './security.ts';
import { SESSION_COOKIE } from './trpc.ts';

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
      reply.header('cache-control', 'no-store');
      if (rejectCrossSiteMutation(request, reply)) return reply;
      const db = database();
      if (!db) return reply.code(503).send({ error: 'The database is starting; try again shortly' });
      const session = await resolveSession(db, request.cookies[SESSION_COOKIE]);
      if (!session) return reply.code(401).send({ error: 'Sign in first' });
      if (!tierAllows('clinician', session.actor.role))
        return reply.code(403).send({ error: 'Imports write clinical records: for clinicians' });
      const query = request.query as { dryRun?: string; name?: string };
      const text = typeof request.body === 'string' ? request.body : '';
      if (!text.trim()) return reply.code(400).send({ error: 'The file is empty' });
      const report = await importText(db, {
        actorId: session.actor.id,
        text,
        name: query.name,
        dryRun: query.dryRun === '1' || query.dryRun === 'true',
        clientAddress: request.ip,
      });
      return reply.code(report.ok ? 200 : 422).send(report);
    });
  });
}
