import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import { openDatabase } from '../src/database.ts';
import { findFreePort } from '../src/embedded.ts';
import { applyMigrations } from '../src/migrate.ts';
import { packagedBinaries } from '../src/postgres-binaries.ts';
import { PostgresCluster } from '../src/postgres-process.ts';
import { isRoot, postgresOsUser } from '../src/postgres-user.ts';
import { withClient } from '../src/roles.ts';

/** The embedded cluster's roles (docs/decisions/0012-database-roles.md), on a fresh DATA_DIR and on one made before them. */
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'nmo-embedded-test-'));
  folders.push(folder);
  return folder;
}

const open = (folder: string) => openDatabase({ config: { databaseUrl: undefined, dataDir: folder } });

async function credentialsOf(folder: string) {
  const file = path.join(folder, 'credentials.json');
  return { mode: (await stat(file)).mode & 0o777, ...JSON.parse(await readFile(file, 'utf8')) };
}

/**
 * Objects of schema public (tables, sequences, types, functions) and the database, by owner. Members
 * of an extension (unaccent's and pg_trgm's functions) are left out: PostgreSQL gives a trusted
 * extension's objects to the bootstrap superuser whoever creates it, and the extension itself is the
 * owner's (docs/decisions/0018-patient-name-search.md).
 */
async function owners(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ owner: string; object: string }>(`
      SELECT pg_get_userbyid(relowner) AS owner, relname AS object FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S', 'v', 'm')
      UNION ALL SELECT pg_get_userbyid(typowner), typname FROM pg_type
        WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
      UNION ALL SELECT pg_get_userbyid(proowner), proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend WHERE classid = 'pg_proc'::regclass AND objid = pg_proc.oid AND deptype = 'e')
      UNION ALL SELECT pg_get_userbyid(datdba), 'database ' || datname FROM pg_database WHERE datname = current_database()`);
    const byOwner: Record<string, string[]> = {};
    for (const row of rows) byOwner[row.owner] = [...(byOwner[row.owner] ?? []), row.object];
    return byOwner;
  });
}

describe('a fresh DATA_DIR', () => {
  it('gets an owner and an application role, with passwords in credentials.json (0600); the CLI attaches', async () => {
    const folder = await dataDir();
    const server = await open(folder);
    try {
      const credentials = await credentialsOf(folder);
      expect(credentials).toMatchObject({
        mode: 0o600,
        user: 'postgres',
        owner: { user: 'nmo_owner', password: expect.any(String) },
        app: { user: 'nmo_app', password: expect.any(String) },
      });
      expect(new URL(server.url).username).toBe('nmo_app');
      expect(server.auditLogAlterable).toBe(false);
      expect(Object.keys(await owners(server.embedded?.ownerUrl as string))).toEqual(['nmo_owner']);

      // Another process (a CLI command) attaches to the running cluster, as the application too.
      const cli = await open(folder);
      try {
        expect(cli.embedded?.owned).toBe(false);
        expect(cli.appliedMigrations).toEqual([]);
        expect(await cli.prisma.user.count({ where: { id: SYSTEM_USER_ID } })).toBe(1);
      } finally {
        await cli.close();
      }
      expect(await credentialsOf(folder)).toEqual(credentials);
    } finally {
      await server.close();
    }
  });
});

describe('a DATA_DIR made before the roles (the superuser owned everything)', () => {
  /** What earlier versions left: a cluster whose superuser made, migrated and filled the database. */
  async function oldDataDir(): Promise<string> {
    const folder = await dataDir();
    await chmod(folder, 0o711);
    const credentials = { user: 'postgres', password: 'old-superuser-password' };
    await writeFile(path.join(folder, 'credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
    const port = await findFreePort();
    const cluster = new PostgresCluster({
      databaseDir: path.join(folder, 'pg'),
      port,
      ...credentials,
      persistent: true,
      binaries: packagedBinaries(),
      runAs: isRoot ? await postgresOsUser() : undefined,
    });
    await cluster.initialise();
    await cluster.start();
    try {
      const admin = `postgresql://postgres:${credentials.password}@127.0.0.1:${port}`;
      await withClient(`${admin}/postgres`, (client) => client.query('CREATE DATABASE nmo'));
      await applyMigrations(`${admin}/nmo`);
      await withClient(`${admin}/nmo`, async (client) => {
        await client.query(
          `INSERT INTO "Patient" (mrn, "givenName", "familyName", "birthDate", sex, "createdById", "updatedById", "updatedAt")
           VALUES ('OLD-1', 'Ana', 'Before', '1980-04-02', 'female', $1, $1, now())`,
          [SYSTEM_USER_ID],
        );
        await client.query(`INSERT INTO "AuditEvent" ("actorId", action) VALUES ($1, 'before.upgrade')`, [
          SYSTEM_USER_ID,
        ]);
      });
      expect(Object.keys(await owners(`${admin}/nmo`))).toEqual(['postgres']);
    } finally {
      await cluster.stop();
    }
    return folder;
  }

  it('is upgraded in place on the next start: roles made, everything handed to the owner, no data lost', async () => {
    const folder = await oldDataDir();
    const database = await open(folder);
    try {
      const credentials = await credentialsOf(folder);
      expect(credentials).toMatchObject({
        mode: 0o600,
        user: 'postgres',
        password: 'old-superuser-password',
        owner: { user: 'nmo_owner' },
        app: { user: 'nmo_app' },
      });
      expect(database.appliedMigrations).toEqual([]);
      expect(Object.keys(await owners(database.embedded?.ownerUrl as string))).toEqual(['nmo_owner']);
      expect(database.auditLogAlterable).toBe(false);

      expect(await database.prisma.patient.findMany({ select: { mrn: true } })).toEqual([{ mrn: 'OLD-1' }]);
      expect(await database.prisma.auditEvent.count({ where: { action: 'before.upgrade' } })).toBe(1);
      await expect(database.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
      await expect(database.prisma.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL')).rejects.toThrow(
        /must be owner/,
      );
      await database.prisma.auditEvent.create({ data: { actorId: SYSTEM_USER_ID, action: 'after.upgrade' } });
    } finally {
      await database.close();
    }

    // The next start finds nothing left to upgrade, and the same passwords.
    const again = await open(folder);
    try {
      expect(await again.prisma.auditEvent.count({ where: { action: { endsWith: '.upgrade' } } })).toBe(2);
    } finally {
      await again.close();
    }
  });
});
