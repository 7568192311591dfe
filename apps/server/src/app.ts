import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { databaseTakesWork, type PrismaClient, type ReadReplicas, type Role } from '@nmo/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuditExport } from './audit-export.ts';
import { SERVER_DEFAULTS } from './config.ts';
import { registerExportRoutes } from './export-routes.ts';
import { sendError } from './http-errors.ts';
import { registerImportRoute } from './import-route.ts';
import { registerInputAndErrorGuards, registerSecurityHeaders } from './security.ts';
import { mountTrpc } from './trpc.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** The HTTP application. `database()` is undefined until the database is migrated and ready. */
export async function buildApp(options: {
  database: () => PrismaClient | undefined;
  /** DATABASE_REPLICA_URLS's replicas, for the lag-tolerant queries (docs/SCALING.md section 2). */
  replicas?: () => ReadReplicas | undefined;
  /** The clinic's de-identification key (NMO_DEIDENTIFY_KEY); without it, de-identified exports are refused. */
  deidentifyKey?: string;
  /** The largest upload each role may send to /api/import (default: NMO_IMPORT_MAX_MB's default). */
  importLimits?: Record<Role, number>;
  /** Take client addresses and https from a TLS proxy's X-Forwarded-* headers (TRUST_PROXY; default: no). */
  trustProxy?: boolean;
  /** Whether the database takes work now, for /healthz (default: a query on the pool). */
  healthCheck?: (prisma: PrismaClient) => Promise<boolean>;
  /** The database's URL, for exports that stream through COPY on a connection of their own. */
  databaseUrl?: () => string | undefined;
  /** The cluster worker's number (1, 2, …), sent as X-NMO-Worker on /healthz; unset in a single process. */
  workerId?: number;
}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: 5000 },
    trustProxy: options.trustProxy ?? SERVER_DEFAULTS.TRUST_PROXY,
  });

  await registerSecurityHeaders(app);
  registerInputAndErrorGuards(app);

  // DESIGN.md contract 2: 200 {"status":"ok"} once the database is reachable, 503 otherwise.
  app.get('/healthz', async (_request, reply) => {
    const prisma = options.database();
    const check = options.healthCheck ?? ((client: PrismaClient) => databaseTakesWork(client, undefined));
    const ok = prisma !== undefined && (await check(prisma));
    // Which worker answered (a small number, not a pid): for checking that the load is spread.
    if (options.workerId !== undefined) reply.header('x-nmo-worker', String(options.workerId));
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(ok ? { status: 'ok' } : { status: 'unavailable' });
  });

  await mountTrpc(app, options.database, options.replicas);
  registerAuditExport(app, options.database);
  registerExportRoutes(app, options.database, options.deidentifyKey, options.databaseUrl);
  registerImportRoute(app, options.database, options.importLimits);

  if (existsSync(webDist)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      // Vite names each built asset by a hash of its contents, so a browser may keep it for good and
      // skip asking again (a request per file on every page load otherwise); index.html, which names
      // the current assets, is checked on every load.
      cacheControl: false,
      setHeaders: (response, filePath) => {
        const hashed = path.relative(webDist, filePath).startsWith(`assets${path.sep}`);
        response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // Client-side routes fall back to the dashboard's index.html.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/trpc')) {
        return reply.sendFile('index.html');
      }
      return sendError(reply, 404, 'not found');
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/plain')
        .send('The dashboard is not built: run `pnpm build` (or `pnpm start`, which builds it).\n'),
    );
  }
  return app;
}
