import { cp, link, mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedCluster } from '../src/embedded.ts';
import { packagedBinaries } from '../src/postgres-binaries.ts';
import { isRoot } from '../src/postgres-user.ts';
import { withClient } from '../src/roles.ts';

/**
 * Started by root, PostgreSQL runs as the "postgres" user. A checkout that user cannot enter (a
 * clone in /root, mode 0700) used to end `pnpm start` with "spawn … initdb EACCES" and a stack
 * trace. Here a root-owned 0700 folder (mkdtemp's mode) plays the checkout. Root only.
 */
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));
const temporary = async (name: string) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), `nmo-root-test-${name}-`));
  folders.push(folder);
  return folder;
};

/** A copy of a folder made of hard links where possible (instant), of copies otherwise. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target).catch(() => cp(source, target));
  }
}

describe.runIf(isRoot)('started by root', () => {
  it('runs the server binaries from a copy when the postgres user cannot reach them in place', async () => {
    const checkout = await temporary('checkout');
    const packaged = packagedBinaries();
    await linkTree(packaged.dir, path.join(checkout, 'native'));
    const cache = await temporary('cache');
    const dataDir = await temporary('data');

    const cluster = await openEmbeddedCluster(dataDir, {
      binaries: { source: { dir: path.join(checkout, 'native'), version: 'test' }, cache },
    });
    try {
      const [{ version }] = (
        await withClient(cluster.url, (client) => client.query("SELECT current_setting('server_version') AS version"))
      ).rows;
      expect(version).toMatch(/^\d+\.\d+/);
      // The running server is the copy's.
      const pid = (await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0];
      expect(await readlink(`/proc/${pid}/exe`)).toBe(path.join(cache, 'postgres-test', 'bin', 'postgres'));
    } finally {
      await cluster.stop();
    }
  });

  it('stops with one sentence saying what to do when DATA_DIR is inside a folder the postgres user cannot enter', async () => {
    const checkout = await temporary('closed');
    const failure = await openEmbeddedCluster(path.join(checkout, '.data')).catch((error: Error) => error.message);
    expect(failure).toBe(
      `started by root, the embedded PostgreSQL runs as the "postgres" user, who cannot enter ${checkout} (mode 700), ` +
        'so set DATA_DIR to a folder outside it (such as /var/lib/nmo/data), run as another user, or use DATABASE_URL.',
    );
  });
});
