import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import { openDatabase } from '../src/database.ts';
import { applyMigrations, migrationsDir } from '../src/migrate.ts';
import { grantAppPrivileges } from '../src/roles.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/**
 * The application's role (docs/decisions/0012-database-roles.md), as the server, the CLI and every
 * test connect: it does its work, and cannot change, delete or unprotect audit rows.
 */
let database: TestDatabase;
let app: pg.Client;
let warnings: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  app = new pg.Client({ connectionString: database.url });
  app.on('notice', (notice) => {
    if (notice.severity === 'WARNING') warnings.push(notice.message ?? '');
  });
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await database.drop();
});

/** The error a statement fails with, or 'no error'. */
async function failure(sql: string): Promise<string> {
  try {
    await app.query(sql);
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the application role and the audit log', () => {
  it('is neither the owner of the tables nor a superuser', async () => {
    const { rows } = await app.query<{ super: boolean; owner: string; me: string }>(
      `SELECT rolsuper AS super, pg_get_userbyid(c.relowner) AS owner, current_user AS me
       FROM pg_roles, pg_class c WHERE rolname = current_user AND c.oid = '"AuditEvent"'::regclass`,
    );
    expect(rows[0]?.super).toBe(false);
    expect(rows[0]?.owner).not.toBe(rows[0]?.me);
  });

  it('adds audit rows and reads them', async () => {
    const inserted = await app.query<{ id: string }>(
      `INSERT INTO "AuditEvent" ("actorId", action) VALUES ($1, 'roles.test') RETURNING id`,
      [SYSTEM_USER_ID],
    );
    const read = await app.query(`SELECT action FROM "AuditEvent" WHERE id = $1`, [inserted.rows[0]?.id]);
    expect(read.rows).toEqual([{ action: 'roles.test' }]);
  });

  it.each([
    [`UPDATE "AuditEvent" SET action = 'changed'`, /permission denied for table AuditEvent/],
    ['DELETE FROM "AuditEvent"', /permission denied for table AuditEvent/],
    ['TRUNCATE "AuditEvent"', /permission denied for table AuditEvent/],
    ['ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"', /must be owner of table AuditEvent/],
    ['ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL', /must be owner of table AuditEvent/],
    ['DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent"', /must be owner of (table|relation) AuditEvent/],
    ['DROP FUNCTION "audit_event_is_append_only"() CASCADE', /must be owner of function/],
    ['ALTER TABLE "AuditEvent" OWNER TO CURRENT_USER', /must be owner of table AuditEvent/],
    ['SET session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
    ['SELECT * FROM _prisma_migrations', /permission denied for table _prisma_migrations/],
    ['CREATE TABLE "Sneaky" (id int)', /permission denied for schema public/],
    ['CREATE TEMP TABLE sneaky (id int)', /permission denied to create temporary tables/],
  ])('cannot %s', async (sql, error) => {
    expect(await failure(sql)).toMatch(error);
  });

  it('a refused statement changed nothing: the audit rows and the trigger are as they were', async () => {
    const { rows } = await app.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'roles.test'`);
    expect(rows).toEqual([{ n: 1 }]);
    const triggers = await app.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.rows).toEqual([
      { tgname: 'AuditEvent_append_only', tgenabled: 'O' },
      { tgname: 'AuditEvent_no_truncate', tgenabled: 'O' },
    ]);
  });
});

describe('the application role at work', () => {
  it('writes, changes and deletes rows, with sequences', async () => {
    const patient = await app.query<{ id: string }>(
      `INSERT INTO "Patient" (mrn, "givenName", "familyName", "birthDate", sex, "createdById", "updatedById", "updatedAt")
       VALUES ('ROLE-1', 'Ana', 'Roles', '1980-04-02', 'female', $1, $1, now()) RETURNING id`,
      [SYSTEM_USER_ID],
    );
    const id = patient.rows[0]?.id;
    await app.query(`UPDATE "Patient" SET "givenName" = 'Ann' WHERE id = $1`, [id]);
    await app.query(`INSERT INTO "LoginAttempt" (email, success) VALUES ('someone@roles.test', false)`);
    await app.query(`DELETE FROM "LoginAttempt" WHERE email = 'someone@roles.test'`);
    const { rows } = await app.query(`SELECT "givenName" FROM "Patient" WHERE id = $1`, [id]);
    expect(rows).toEqual([{ givenName: 'Ann' }]);
  });

  it('runs ANALYZE on the tables the import analyzes (MAINTAIN), without a warning', async () => {
    warnings = [];
    await app.query('ANALYZE "Patient"');
    await app.query('ANALYZE "EdssAssessment"');
    expect(warnings).toEqual([]);
  });
});

describe('grants after migrations', () => {
  let work: string;
  let target: TestDatabase;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'nmo-roles-test-'));
    target = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), { empty: true });
  });
  afterAll(async () => {
    await target.drop();
    await rm(work, { recursive: true, force: true });
  });

  const privileges = async (table: string) => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ privilege: string }>(
        `SELECT p AS privilege FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','MAINTAIN']) p
         WHERE has_table_privilege(current_user, $1, p) ORDER BY p`,
        [`"${table}"`],
      );
      return rows.map((row) => row.privilege);
    } finally {
      await client.end();
    }
  };

  it('a table a later migration adds gets the application rights; the audit log keeps its restriction', async () => {
    const dir = path.join(work, 'migrations');
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(path.join(dir, '20990101000000_add_later'));
    await writeFile(
      path.join(dir, '20990101000000_add_later', 'migration.sql'),
      'CREATE TABLE "Later" ("id" BIGSERIAL PRIMARY KEY, "note" TEXT);\n',
    );
    await applyMigrations(target.ownerUrl, dir);
    await grantAppPrivileges(target.ownerUrl, target.url);
    expect(await privileges('Later')).toEqual(['DELETE', 'INSERT', 'MAINTAIN', 'SELECT', 'UPDATE']);
    expect(await privileges('AuditEvent')).toEqual(['INSERT', 'SELECT']);

    // A table made after the grant step (by the owner) is covered by the default privileges.
    await target.asOwner('CREATE TABLE "EvenLater" ("id" BIGSERIAL PRIMARY KEY)');
    expect(await privileges('EvenLater')).toEqual(['DELETE', 'INSERT', 'MAINTAIN', 'SELECT', 'UPDATE']);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    await client.query('INSERT INTO "EvenLater" DEFAULT VALUES');
    await client.end();

    // Granting again (every start) keeps it so.
    await grantAppPrivileges(target.ownerUrl, target.url);
    expect(await privileges('AuditEvent')).toEqual(['INSERT', 'SELECT']);
  });

  it('openDatabase with MIGRATION_DATABASE_URL migrates as the owner and connects as the application', async () => {
    const opened = await openDatabase({
      config: { databaseUrl: target.url, migrationUrl: target.ownerUrl, dataDir: work },
    });
    try {
      expect(opened.appliedMigrations).toEqual([]);
      expect(opened.auditLogAlterable).toBe(false);
      const [who] = await opened.prisma.$queryRaw<{ me: string }[]>`SELECT current_user AS me`;
      expect(who?.me).toMatch(/_app$/);
    } finally {
      await opened.close();
    }
  });

  it('without MIGRATION_DATABASE_URL, a DATABASE_URL that owns the schema is reported (the start warns)', async () => {
    const opened = await openDatabase({ config: { databaseUrl: target.ownerUrl, dataDir: work } });
    try {
      expect(opened.auditLogAlterable).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it('without MIGRATION_DATABASE_URL, a restricted DATABASE_URL fails saying what to set', async () => {
    const fresh = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), { empty: true });
    try {
      await expect(openDatabase({ config: { databaseUrl: fresh.url, dataDir: work } })).rejects.toThrow(
        /set MIGRATION_DATABASE_URL/,
      );
    } finally {
      await fresh.drop();
    }
  });
});
