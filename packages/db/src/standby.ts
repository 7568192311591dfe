import { randomBytes } from 'node:crypto';
import { chown, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { findFreePort } from './embedded.ts';
import { binariesRunnableBy, packagedBinaries } from './postgres-binaries.ts';
import { PostgresCluster } from './postgres-process.ts';
import { isRoot, type OsUser, postgresOsUser } from './postgres-user.ts';
import { WRITE_POSITION_SQL } from './replicas.ts';
import { withClient } from './roles.ts';
import { makeThrowawayFolder } from './throwaway-folders.ts';

/**
 * A streaming-replication hot standby of a running cluster, on loopback, for tests of the read
 * replicas (docs/SCALING.md section 2). The embedded binaries ship no pg_basebackup, so the base
 * backup is PostgreSQL's low-level one: `pg_backup_start`, a copy of the data folder while the
 * primary runs, `pg_backup_stop`'s label written into the copy, then `standby.signal` and
 * `primary_conninfo`. A physical replication slot keeps the WAL the standby still needs, so the copy
 * leaves `pg_wal` empty and the standby streams everything from the backup's start.
 * The primary needs `wal_level` replica (PostgreSQL's default) and a replication line in pg_hba.conf
 * for 127.0.0.1 (initdb's default), and `adminUrl` must be a superuser's.
 */
export interface Standby {
  port: number;
  /** The superuser's connection string to the standby (the primary's superuser: the copy has its roles). */
  adminUrl: string;
  /** `url` (a connection string to the primary) pointed at the standby instead. */
  replicaOf(url: string): string;
  /** Stops applying the primary's changes (they still arrive): a lagging replica. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the standby has replayed everything the primary had written when called. */
  catchUp(timeoutMs?: number): Promise<void>;
  /** Stops the server, keeping its files: the replica goes away. */
  stop(): Promise<void>;
  /** Starts it again after stop(): it reconnects to the primary and catches up. */
  start(): Promise<void>;
  /** Stops it, deletes its files and drops its slot on the primary. */
  remove(): Promise<void>;
}

/** Contents a base backup leaves out (PostgreSQL's docs, "Making a Base Backup Using the Low Level API"). */
const EMPTIED_FOLDERS = new Set([
  'pg_dynshmem',
  'pg_notify',
  'pg_replslot',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'pg_internal.init', 'backup_label.old']);

/** Where a standby's copy lives, in the OS's temporary folder (throwaway-folders.ts). */
const STANDBY_PREFIX = 'nmo-standby-';

/** `primary.dataDir` is the running primary's data folder, readable by this process. */
export async function startStandby(primary: { adminUrl: string; dataDir: string }): Promise<Standby> {
  const runAs = isRoot ? await postgresOsUser() : undefined;
  const binaries = runAs ? await binariesRunnableBy(runAs) : packagedBinaries();
  const dataDir = makeThrowawayFolder(STANDBY_PREFIX);
  const slot = `nmo_standby_${randomBytes(4).toString('hex')}`;
  const primaryUrl = new URL(primary.adminUrl);
  await withClient(primary.adminUrl, async (client) => {
    await client.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
    await baseBackup(client, primary.dataDir, dataDir, runAs);
  });
  const conninfo = {
    host: primaryUrl.hostname,
    port: primaryUrl.port || '5432',
    user: decodeURIComponent(primaryUrl.username),
    password: decodeURIComponent(primaryUrl.password),
    application_name: slot,
  };
  await writeOwned(path.join(dataDir, 'standby.signal'), '', runAs);
  await writeOwned(
    path.join(dataDir, 'postgresql.auto.conf'),
    [
      `primary_conninfo = ${settingValue(connectionString(conninfo))}`,
      `primary_slot_name = ${settingValue(slot)}`,
      'hot_standby = on',
      '',
    ].join('\n'),
    runAs,
  );
  const port = await findFreePort();
  const cluster = new PostgresCluster({
    databaseDir: dataDir,
    port,
    user: conninfo.user,
    password: conninfo.password,
    persistent: true,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    binaries,
    runAs,
  });
  await cluster.start();
  const adminUrl = withPort(primary.adminUrl, port);
  const onStandby = <T>(work: (client: pg.Client) => Promise<T>) => withClient(adminUrl, work);
  let removed = false;
  return {
    port,
    adminUrl,
    replicaOf: (url) => withPort(url, port),
    pauseReplay: () =>
      onStandby(async (client) => {
        await client.query('SELECT pg_wal_replay_pause()');
        await until(async () => {
          const { rows } = await client.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state');
          return rows[0]?.state === 'paused';
        }, 10_000);
      }),
    resumeReplay: () => onStandby((client) => client.query('SELECT pg_wal_replay_resume()')).then(() => {}),
    async catchUp(timeoutMs = 20_000) {
      const position = await withClient(primary.adminUrl, async (client) => {
        const { rows } = await client.query<{ position: string }>(WRITE_POSITION_SQL);
        return rows[0]?.position as string;
      });
      await onStandby(async (client) => {
        let replayed = 'nothing';
        try {
          await until(async () => {
            const { rows } = await client.query<{ replayed: string | null; reached: boolean }>(
              'SELECT pg_last_wal_replay_lsn()::text AS replayed, pg_last_wal_replay_lsn() >= $1::pg_lsn AS reached',
              [position],
            );
            replayed = rows[0]?.replayed ?? 'nothing';
            return rows[0]?.reached === true;
          }, timeoutMs);
        } catch (error) {
          const receiver = await client.query<{ status: string }>('SELECT status FROM pg_stat_wal_receiver').then(
            ({ rows }) => rows[0]?.status ?? 'no WAL receiver',
            () => 'unknown',
          );
          throw new Error(`${(error as Error).message}: replayed ${replayed} of ${position} (${receiver})`);
        }
      });
    },
    stop: () => cluster.stop(),
    start: () => cluster.start(),
    async remove() {
      if (removed) return;
      removed = true;
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
      await withClient(primary.adminUrl, (client) =>
        client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
          slot,
        ]),
      ).catch(() => {});
    },
  };
}

/**
 * The low-level base backup: a copy of the folder between pg_backup_start and pg_backup_stop (on
 * one session, which must stay open in between), and the label pg_backup_stop returns written as
 * backup_label, which tells the standby where its recovery starts.
 */
async function baseBackup(client: pg.Client, from: string, to: string, runAs: OsUser | undefined): Promise<void> {
  await client.query(`SELECT pg_backup_start('nmo-standby', true)`);
  let label: string;
  try {
    await copyDataFolder(from, to, runAs, true);
  } finally {
    const { rows } = await client.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(false)');
    label = rows[0]?.labelfile ?? '';
  }
  await writeOwned(path.join(to, 'backup_label'), label, runAs);
}

/**
 * Copies a running cluster's folder. Files come and go while it runs (temporary files, old WAL):
 * one gone before it was copied is simply not in the copy, which replay makes good.
 */
async function copyDataFolder(from: string, to: string, runAs: OsUser | undefined, top: boolean): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  if (runAs) await chown(to, runAs.uid, runAs.gid);
  const entries = await readdir(from, { withFileTypes: true }).catch(ignoreVanished([]));
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED_FOLDERS.has(entry.name)) await copyFolders(target, runAs);
      // WAL comes from the primary through the slot: pg_wal keeps only its folders (archive_status, summaries).
      else if (top && entry.name === 'pg_wal') await copyFolders(target, runAs, source);
      else await copyDataFolder(source, target, runAs, false);
    } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name) && !(top && entry.name.startsWith('backup_label'))) {
      const copied = await copyFile(source, target).then(() => true, ignoreVanished(false));
      if (copied && runAs) await chown(target, runAs.uid, runAs.gid);
    }
  }
}

/** `to` made empty, with the folders (not the files) found in `from`. */
async function copyFolders(to: string, runAs: OsUser | undefined, from?: string): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  if (runAs) await chown(to, runAs.uid, runAs.gid);
  if (!from) return;
  for (const entry of await readdir(from, { withFileTypes: true }))
    if (entry.isDirectory()) await copyFolders(path.join(to, entry.name), runAs, path.join(from, entry.name));
}

function ignoreVanished<T>(value: T) {
  return (error: NodeJS.ErrnoException): T => {
    if (error.code !== 'ENOENT') throw error;
    return value;
  };
}

async function writeOwned(file: string, text: string, runAs: OsUser | undefined): Promise<void> {
  await writeFile(file, text, { mode: 0o600, flag: file.endsWith('.auto.conf') ? 'a' : 'w' });
  if (runAs) await chown(file, runAs.uid, runAs.gid);
}

/** libpq's key=value form, each value quoted ('…', with ' and \ escaped). */
function connectionString(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}='${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`)
    .join(' ');
}

/** A postgresql.conf string value: quoted, with ' doubled. */
function settingValue(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function withPort(url: string, port: number): string {
  const copy = new URL(url);
  copy.port = String(port);
  return copy.toString();
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`the standby did not get there within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
