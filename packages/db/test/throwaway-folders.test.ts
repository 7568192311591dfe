import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepAbandonedFolders, throwawayFolderPrefix } from '../src/throwaway-folders.ts';

const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const MINUTE = 60_000;

/** A parent folder with throwaway folders, each last changed `ageMinutes` ago, some with a server's pid file. */
function parentWith(folders: { name: string; ageMinutes: number; pid?: number | string; clusterIn?: string }[]) {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'nmo-sweep-test-'));
  made.push(parent);
  const now = Date.now();
  for (const folder of folders) {
    const cluster = path.join(parent, folder.name, folder.clusterIn ?? '');
    mkdirSync(cluster, { recursive: true });
    writeFileSync(path.join(cluster, 'PG_VERSION'), '17\n');
    if (folder.pid === 'unreadable') mkdirSync(path.join(cluster, 'postmaster.pid'));
    else if (folder.pid !== undefined) writeFileSync(path.join(cluster, 'postmaster.pid'), `${folder.pid}\n/data\n`);
    const when = new Date(now - folder.ageMinutes * MINUTE);
    utimesSync(path.join(parent, folder.name), when, when);
  }
  return { parent, now, has: (name: string) => existsSync(path.join(parent, name)) };
}

/** The id of a process that has ended. */
const endedPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

describe('sweepAbandonedFolders (throwaway clusters left by killed processes)', () => {
  it('removes folders of its kind with no running server that have not changed for 10 minutes, and nothing else', () => {
    const { parent, now, has } = parentWith([
      { name: 'nmo-test-pg-stopped', ageMinutes: 11 },
      { name: 'nmo-test-pg-dead-server', ageMinutes: 60 * 24, pid: endedPid() },
      { name: 'nmo-test-pg-running', ageMinutes: 60 * 24, pid: process.pid },
      { name: 'nmo-test-pg-starting', ageMinutes: 9 },
      { name: 'nmo-e2e-other-kind', ageMinutes: 60 },
    ]);
    const removed = sweepAbandonedFolders('nmo-test-pg-', { parent, now, quiet: true });
    expect(removed.map((folder) => path.basename(folder)).sort()).toEqual([
      'nmo-test-pg-dead-server',
      'nmo-test-pg-stopped',
    ]);
    expect(has('nmo-test-pg-running')).toBe(true);
    expect(has('nmo-test-pg-starting')).toBe(true);
    expect(has('nmo-e2e-other-kind')).toBe(true);
  });

  it('looks for the server where the folder keeps its cluster (the browser tests keep it in pg/)', () => {
    const { parent, now, has } = parentWith([
      { name: 'nmo-e2e-running', ageMinutes: 30, pid: process.pid, clusterIn: 'pg' },
      { name: 'nmo-e2e-ended', ageMinutes: 30, pid: endedPid(), clusterIn: 'pg' },
    ]);
    sweepAbandonedFolders('nmo-e2e-', { parent, now, clusterIn: 'pg', quiet: true });
    expect(has('nmo-e2e-running')).toBe(true);
    expect(has('nmo-e2e-ended')).toBe(false);
  });

  it("keeps a folder whose maker still runs, even with its server down (a cluster's supervisor restarts it)", () => {
    const live = throwawayFolderPrefix('nmo-e2e-');
    const ended = `nmo-e2e-${endedPid()}-`;
    const { parent, now, has } = parentWith([
      { name: `${live}server-restarting`, ageMinutes: 60, pid: endedPid(), clusterIn: 'pg' },
      { name: `${live}stopped`, ageMinutes: 60, clusterIn: 'pg' },
      { name: `${ended}stopped`, ageMinutes: 60, clusterIn: 'pg' },
    ]);
    sweepAbandonedFolders('nmo-e2e-', { parent, now, clusterIn: 'pg', quiet: true });
    expect(has(`${live}server-restarting`)).toBe(true);
    expect(has(`${live}stopped`)).toBe(true);
    expect(has(`${ended}stopped`)).toBe(false);
  });

  it('a pid file it cannot read or parse counts as a running server', () => {
    const { parent, now, has } = parentWith([
      { name: 'nmo-test-pg-unreadable', ageMinutes: 60, pid: 'unreadable' },
      { name: 'nmo-test-pg-half-written', ageMinutes: 60, pid: '' },
      { name: 'nmo-test-pg-garbled', ageMinutes: 60, pid: 'not a pid' },
    ]);
    expect(sweepAbandonedFolders('nmo-test-pg-', { parent, now, quiet: true })).toEqual([]);
    expect(has('nmo-test-pg-unreadable') && has('nmo-test-pg-half-written') && has('nmo-test-pg-garbled')).toBe(true);
  });

  it('a parent folder it cannot read removes nothing and throws nothing', () => {
    expect(sweepAbandonedFolders('nmo-test-pg-', { parent: '/nonexistent/nmo-sweep', quiet: true })).toEqual([]);
  });
});
