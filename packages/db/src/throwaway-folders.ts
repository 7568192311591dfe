import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway cluster's folder (tests, the benchmark, the browser tests' server) is deleted when
 * its cluster stops, but not when the process that made it is killed first: a cancelled CI job, a
 * benchmark stopped with SIGKILL. A 100,000-patient benchmark leaves about 14 GB behind, and such
 * folders add up until the disk is full. So each maker of throwaway folders first removes the
 * abandoned ones of its own kind. A folder's name carries the id of the process that made it
 * (throwawayFolderPrefix): while that process lives, its folder is kept, even while its server is
 * down (the server's supervisor restarts a crashed cluster after up to a minute). Processes in
 * another pid namespace that share the temporary folder are not seen: do not share it with them.
 */

/** A folder this much older than its last change, with no server running in it, is abandoned: far longer than any start takes. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Whether a process with this id runs (as any user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the cluster in `clusterDir` may have a running server, by its `postmaster.pid`: only a
 * missing file, or one naming a process that has ended, says no. A file it cannot read or parse
 * (being written, say) counts as a server.
 */
function mayHaveRunningServer(clusterDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  const pid = Number(text.split('\n')[0]);
  // A pid file naming a live process is left alone even if that process is no PostgreSQL.
  return !Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid);
}

/** The start of a new throwaway folder's name: `prefix`, then this process's id (see above). */
export const throwawayFolderPrefix = (prefix: string) => `${prefix}${process.pid}-`;

/** The process that made a folder named by throwawayFolderPrefix; undefined for other names. */
function ownerOf(name: string, prefix: string): number | undefined {
  const match = /^(\d+)-/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/**
 * Removes the folders named `<prefix>…` in `parent` (the OS's temporary folder) whose maker has
 * ended (when the name says which process made it), that no running server uses, and that have not
 * changed for ABANDONED_AFTER_MS; `clusterIn` is where such a folder keeps its cluster. Returns the
 * folders removed. A folder it cannot read or remove is left as it is.
 */
export function sweepAbandonedFolders(
  prefix: string,
  options: { clusterIn?: string; parent?: string; now?: number; quiet?: boolean } = {},
): string[] {
  const parent = options.parent ?? os.tmpdir();
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(prefix));
  } catch {
    return removed;
  }
  for (const name of names) {
    const folder = path.join(parent, name);
    try {
      const info = lstatSync(folder);
      if (!info.isDirectory() || now - info.mtimeMs < ABANDONED_AFTER_MS) continue;
      const owner = ownerOf(name, prefix);
      if (owner !== undefined && isProcessAlive(owner)) continue;
      if (mayHaveRunningServer(path.join(folder, options.clusterIn ?? ''))) continue;
      rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Another process removed it first, or it belongs to someone this process may not touch.
    }
  }
  if (removed.length > 0 && !options.quiet)
    process.stderr.write(
      `Removed ${removed.length} abandoned throwaway database folder(s) (${prefix}…) left in ${parent} by processes that ended without cleaning up.\n`,
    );
  return removed;
}

/**
 * A new throwaway folder `<prefix><this process's id>-…` in the OS's temporary folder, made after
 * the abandoned folders of its kind are removed: how every maker of such folders gets one.
 */
export function makeThrowawayFolder(prefix: string, options: { clusterIn?: string } = {}): string {
  sweepAbandonedFolders(prefix, options);
  return mkdtempSync(path.join(os.tmpdir(), throwawayFolderPrefix(prefix)));
}
