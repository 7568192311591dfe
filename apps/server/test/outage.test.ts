import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient, type Database, databaseTakesWork, openDatabase, readDatabaseConfig } from '@nmo/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoleAccounts, failure, listenForTest, signedInAs } from './http-client.ts';

/**
 * The server over the product's own embedded cluster (a DATA_DIR of its own, as `pnpm start` runs
 * it), while PostgreSQL is killed, restarts, and refuses new connections.
 */
let dataDir: string;
let database: Database;
let app: FastifyInstance;
let baseUrl: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'nmo-outage-'));
  database = await openDatabase({ config: readDatabaseConfig({ DATA_DIR: dataDir }) });
  await createRoleAccounts(database.prisma);
  ({ app, baseUrl } = await listenForTest(() => database.prisma, {
    healthCheck: (prisma) => databaseTakesWork(prisma, database.url),
  }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const health = async () => (await fetch(`${baseUrl}/healthz`)).status;
const until = async (condition: () => Promise<boolean>, ms = 60_000) => {
  for (const started = Date.now(); !(await condition()); await new Promise((r) => setTimeout(r, 200)))
    if (Date.now() - started > ms) throw new Error('timed out');
};
const patient = (mrn: string) => ({
  mrn,
  givenName: 'Ada',
  familyName: 'Outage',
  birthDate: '1980-01-01',
  sex: 'female' as const,
});

describe('when the database goes away', () => {
  it('answers 503 to writes and /healthz while PostgreSQL is down, and works again once it is back', async () => {
    const clinician = await signedInAs(baseUrl, 'clinician');
    await clinician.trpc.patients.create.mutate({ data: patient('OUT-1') });
    expect(await health()).toBe(200);

    const pid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    const write = await failure(clinician.trpc.patients.create.mutate({ data: patient('OUT-2') }));
    expect(write).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(write.message).toMatch(/not available right now; nothing was saved/);
    expect(await health()).toBe(503);
    const exportDuring = await fetch(`${baseUrl}/api/export/csv`, { headers: { cookie: clinician.jar.cookie } });
    expect([503]).toContain(exportDuring.status);

    // The server restarts the cluster it owns; the pool reconnects by itself.
    await until(async () => (await health()) === 200);
    await clinician.trpc.patients.create.mutate({ data: patient('OUT-2') });
    expect(await database.prisma.patient.count({ where: { mrn: { in: ['OUT-1', 'OUT-2'] } } })).toBe(2);
  }, 120_000);

  it('reports 503 on /healthz when new connections are refused though the pool’s open ones still answer', async () => {
    // The database's owner, from another database (a database cannot refuse its own session's connections).
    const owner = createPrismaClient((database.embedded?.ownerUrl ?? '').replace(/\/nmo$/, '/postgres'));
    const allow = (yes: boolean) => owner.$executeRawUnsafe(`ALTER DATABASE nmo ALLOW_CONNECTIONS ${yes}`);
    try {
      await database.prisma.$queryRaw`SELECT 1`;
      await allow(false);
      expect(await health()).toBe(503);
      await allow(true);
      expect(await health()).toBe(200);
    } finally {
      await allow(true).catch(() => {});
      await owner.$disconnect();
    }
  });
});
