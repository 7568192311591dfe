import type { Database } from '@nmo/db';
import { databaseTakesWork } from '@nmo/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { scheduleExportSweep } from './export-sweep.ts';
import { scheduleFlagRefresh } from './flag-refresh.ts';

/** A process serving HTTP: a single-process server, or one cluster worker. */
export interface HttpProcess {
  app: FastifyInstance;
  /** The port listened on (PORT, or the one picked for PORT=0). */
  port: number;
  /** Aborted when the shutdown starts. */
  shutdown: AbortSignal;
  /** From now on requests use `database`; /healthz answers 503 until then. Closed at shutdown. */
  useDatabase(database: Database): void;
  /** Runs the 10-minute flag refresh and the export sweep in this process (one process per instance). */
  runScheduledWork(): void;
}

/**
 * Builds the app and listens at once: /healthz answers 503 while the database starts, migrates and
 * seeds. SIGINT, SIGTERM and SIGHUP drain: the server stops accepting connections, answers 503 to
 * new requests on open ones, lets the requests in flight finish (up to `shutdownGraceMs`; an export
 * still streaming then is cut off and recorded as failed), and only then closes the database and,
 * when this process owns it, stops the embedded cluster.
 */
export async function startHttpProcess(
  config: ServerConfig,
  options: { workerId?: number } = {},
): Promise<HttpProcess> {
  let database: Database | undefined;
  const app = await buildApp({
    database: () => database?.prisma,
    replicas: () => database?.replicas,
    deidentifyKey: config.deidentifyKey,
    importLimits: config.importLimits,
    trustProxy: config.trustProxy,
    healthCheck: (prisma) => databaseTakesWork(prisma, database?.url),
    databaseUrl: () => database?.url,
    ...(options.workerId === undefined ? {} : { workerId: options.workerId }),
  });
  const aborted = new AbortController();
  let stopScheduledWork = () => {};
  let stopping = false;

  async function stop(reason: string) {
    // Signals can arrive twice (a test runner's web server sends SIGINT and SIGTERM).
    if (stopping) return;
    stopping = true;
    if (options.workerId === undefined)
      process.stdout.write(`Received ${reason}, finishing the requests in flight, then shutting down.\n`);
    aborted.abort();
    stopScheduledWork();
    const closed = app.close();
    const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), config.shutdownGraceMs).unref());
    if ((await Promise.race([closed, grace])) === 'late') {
      process.stdout.write(`Requests still open after ${config.shutdownGraceMs / 1000} s are cut off.\n`);
      app.server.closeAllConnections();
      await closed;
    }
    await database?.close();
    process.exit(0);
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // A worker whose primary is gone (killed) has no one to answer to: it drains and ends too.
  if (options.workerId !== undefined) process.on('disconnect', () => void stop('the end of its primary'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  return {
    app,
    port: typeof address === 'object' && address ? address.port : config.port,
    shutdown: aborted.signal,
    useDatabase(ready) {
      database = ready;
    },
    runScheduledWork() {
      if (!database || stopping) return;
      const stopFlagRefresh = scheduleFlagRefresh(database.prisma);
      const stopExportSweep = scheduleExportSweep(database.prisma);
      stopScheduledWork = () => {
        stopFlagRefresh();
        stopExportSweep();
      };
    },
  };
}

/** Addresses reached on this machine as localhost (every interface includes loopback). */
const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);

/** The line tests and scripts wait for: the URL, once every process serves with the database. */
export function readyLine(config: ServerConfig, port: number, database: Pick<Database, 'embedded'>, workers = 1) {
  const where = database.embedded ? `embedded PostgreSQL in ${config.database.dataDir}` : 'database from DATABASE_URL';
  const processes = workers > 1 ? `, ${workers} workers` : '';
  return `NMOSD cohort monitor ready at http://${LOCAL_HOSTS.has(config.host) ? 'localhost' : config.host}:${port} (${where}${processes})\n`;
}
