import { ConfigurationError, type Database, databaseTakesWork, takeOverShutdownSignals } from '@nmo/db';
import { buildApp } from './app.ts';
import { readServerConfig, type ServerConfig } from './config.ts';
import { scheduleExportSweep } from './export-sweep.ts';
import { scheduleFlagRefresh } from './flag-refresh.ts';
import { prepareDatabase } from './startup.ts';

const config = readConfigOrExit();

/** A wrong environment variable stops the start with what it expects, not a stack trace. */
function readConfigOrExit(): ServerConfig {
  try {
    return readServerConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
/** Addresses reached on this machine as localhost (every interface includes loopback). */
const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);
let database: Database | undefined;
const app = await buildApp({
  database: () => database?.prisma,
  replicas: () => database?.replicas,
  deidentifyKey: config.deidentifyKey,
  importLimits: config.importLimits,
  trustProxy: config.trustProxy,
  healthCheck: (prisma) => databaseTakesWork(prisma, database?.url),
});
const aborted = new AbortController();

let stopFlagRefresh = () => {};
let stopExportSweep = () => {};
let stopping = false;

/**
 * Shutdown drains: the server stops accepting connections, answers 503 to new requests on open
 * ones, lets the requests in flight finish (up to `shutdownGraceMs`; an export still streaming then
 * is cut off and recorded as failed), and only then closes the database and, when it owns it, stops
 * the embedded cluster.
 */
async function stop(signal: string) {
  // Signals can arrive twice (a test runner's web server sends SIGINT and SIGTERM).
  if (stopping) return;
  stopping = true;
  process.stdout.write(`Received ${signal}, finishing the requests in flight, then shutting down.\n`);
  aborted.abort();
  stopFlagRefresh();
  stopExportSweep();
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
takeOverShutdownSignals();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

// Listen first: /healthz answers 503 while the database starts, migrates and seeds.
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
try {
  database = await prepareDatabase(config, aborted.signal);
} catch (error) {
  process.stderr.write(`Could not prepare the database: ${(error as Error).message}\n`);
  await app.close();
  process.exit(1);
}
stopFlagRefresh = scheduleFlagRefresh(database.prisma);
stopExportSweep = scheduleExportSweep(database.prisma);
process.stdout.write(
  `NMOSD cohort monitor ready at http://${LOCAL_HOSTS.has(config.host) ? 'localhost' : config.host}:${port} (${database.embedded ? `embedded PostgreSQL in ${config.database.dataDir}` : 'database from DATABASE_URL'})\n`,
);
