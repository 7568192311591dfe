import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { type Actor, importFile } from '@nmo/api';
import type { PrismaClient, Role } from '@nmo/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { importLimits, SERVER_DEFAULTS } from './config.ts';
import { sendError } from './http-errors.ts';
import { signedIn } from './http-session.ts';
import { rejectCrossSiteMutation } from './security.ts';

/**
 * A refused upload's connection is drained, then closed once the client has sent nothing for
 * LINGER_IDLE_MS, and at the latest after LINGER_MAX_MS (nginx's lingering_timeout 5 s and
 * lingering_time 30 s). Closing while unread data waits would reset the connection, and a reset can
 * erase the answer before a busy client has read it; closing after a quiet spell sends a clean FIN.
 */
const LINGER_IDLE_MS = 5_000;
const LINGER_MAX_MS = 30_000;

class UploadTooLarge extends Error {
  readonly statusCode = 413;
  constructor(limit: number) {
    super(`The file is larger than the ${Math.round(limit / 1024 / 1024)} MB an upload may be`);
  }
}

/**
 * Node closes a `connection: close` response's socket as soon as the answer is written
 * (`destroySoon`), and a close with the client still sending resets the connection, which can erase
 * the answer before the client has read it. A refused upload's socket instead half-closes (the
 * answer, then FIN), discards what still arrives, and closes after LINGER_IDLE_MS of quiet or
 * LINGER_MAX_MS in all (a lingering close, as nginx does).
 */
function closeLingering(socket: Socket): void {
  socket.destroySoon = () => {
    socket.end();
    const idle = setTimeout(() => socket.destroy(), LINGER_IDLE_MS).unref();
    const cap = setTimeout(() => socket.destroy(), LINGER_MAX_MS).unref();
    socket.on('data', () => idle.refresh());
    socket.once('close', () => {
      clearTimeout(idle);
      clearTimeout(cap);
    });
    socket.resume();
  };
}

/** Reads the body as it arrives, stopping as soon as it passes `limit` bytes. */
function readUpTo(stream: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep no more of it; the answer closes the connection (the hooks below).
        stream.removeAllListeners('data');
        reject(new UploadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
  });
}

/**
 * POST /api/import?dryRun=1&name=cohort.csv with the file as the body (interchange JSON or the CSV
 * long layout), for clinicians. Answers with the report: every problem by line and column (CSV)
 * or path (JSON), or what was written. All or nothing, like `nmo import`.
 *
 * Sign-in, role, the cross-site check and the size the role may send are settled when the request
 * arrives, before the body is read: an anonymous or oversized upload costs the server nothing.
 */
export function registerImportRoute(
  app: FastifyInstance,
  database: () => PrismaClient | undefined,
  limits: Record<Role, number> = importLimits(SERVER_DEFAULTS.NMO_IMPORT_MAX_MB),
): void {
  const access = new WeakMap<FastifyRequest, { db: PrismaClient; actor: Actor; limit: number }>();
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body stays a stream until the checks below have passed; the import reads the format itself.
    scope.addContentTypeParser('*', (request, payload, done) => {
      const allowed = access.get(request);
      if (!allowed) return done(new Error('upload refused'), undefined);
      readUpTo(payload, allowed.limit).then(
        (text) => done(null, text),
        (error: Error) => done(error, undefined),
      );
    });
    // A refused upload is not read to its end: the answer says to close the connection, and the
    // server discards what still arrives until the client stops sending (closeLingering).
    scope.addHook('onSend', async (request, reply) => {
      if (reply.statusCode < 400 || request.raw.complete) return;
      reply.header('connection', 'close');
      closeLingering(request.raw.socket);
    });
    scope.addHook('onRequest', async (request, reply) => {
      if (rejectCrossSiteMutation(request, reply)) return reply;
      const signed = await signedIn(request, reply, database, {
        tier: 'clinician',
        refusal: 'Imports write clinical records: for clinicians',
      });
      if (!signed) return reply;
      const limit = limits[signed.actor.role];
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > limit) return sendError(reply, 413, new UploadTooLarge(limit).message);
      access.set(request, { ...signed, limit });
    });
    scope.post('/api/import', { bodyLimit: Number.MAX_SAFE_INTEGER }, async (request, reply) => {
      const allowed = access.get(request);
      if (!allowed) return sendError(reply, 401, 'Sign in first');
      const query = request.query as { dryRun?: string; name?: string };
      const text = typeof request.body === 'string' ? request.body : '';
      if (!text.trim()) return sendError(reply, 400, 'The file is empty');
      const report = await importFile(allowed.db, {
        actorId: allowed.actor.id,
        text,
        name: query.name,
        dryRun: query.dryRun === '1' || query.dryRun === 'true',
        clientAddress: request.ip,
      });
      return reply.code(report.ok ? 200 : 422).send(report);
    });
  });
}
