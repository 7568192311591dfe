import cluster from 'node:cluster';
import { ConfigurationError, takeOverShutdownSignals } from '@nmo/db';
import { runClusterPrimary, runClusterWorker } from './cluster.ts';
import { readServerConfig, type ServerConfig } from './config.ts';
import { readyLine, startHttpProcess } from './http-process.ts';
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

takeOverShutdownSignals();
if (cluster.isWorker) await runClusterWorker(config);
else if (config.workers > 1) await runClusterPrimary(config);
else await runSingleProcess(config);

/** WEB_CONCURRENCY=1: this process listens, owns the database and runs the scheduled work. */
async function runSingleProcess(config: ServerConfig): Promise<void> {
  const http = await startHttpProcess(config);
  try {
    const database = await prepareDatabase(config, http.shutdown);
    http.useDatabase(database);
    http.runScheduledWork();
    process.stdout.write(readyLine(config, http.port, database));
  } catch (error) {
    process.stderr.write(`Could not prepare the database: ${(error as Error).message}\n`);
    await http.app.close();
    process.exit(1);
  }
}
