import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway cluster's folder (tests, the benchmark, the browser tests' server) is deleted when
 * its cluster stops, but not when the process that made it is killed first: a cancelled CI job, a
 * benchmark stopped with SIGKILL. A 100,000-patient benchmark leaves about 14 GB behind, and such
 * folders add up until the disk is full. So each maker of throwaway folders first removes the
 * abandoned ones of its own kind.
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

/** Whether the cluster in `clusterDir` has a running server, by its `postmaster.pid`. */
function hasRunningServer(clusterDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
  // A pid file naming a live process is left alone even if that process is no PostgreSQL.
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid);
}

/**
 * Removes the folders named `<prefix>…` in `parent` (the OS's temporary folder) that no running
 * server uses and that have not changed for ABANDONED_AFTER_MS; `clusterIn` is where such a folder
 * keeps its cluster. Returns the folders removed. A folder it cannot read or remove is left as it is.
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
      const info = statSync(folder);
      if (!info.isDirectory() || now - info.mtimeMs < ABANDONED_AFTER_MS) continue;
      if (hasRunningServer(path.join(folder, options.clusterIn ?? ''))) continue;
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
