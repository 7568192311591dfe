import { createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type pg from 'pg';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { readTestDatabaseUrl } from './config.ts';
import { startThrowawayCluster } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { grantAppPrivileges, quoteIdentifier, restrictDatabaseAccess, withClient } from './roles.ts';
import { type Standby, startStandby } from './standby.ts';
import { makeThrowawayFolder } from './throwaway-folders.ts';

export type { Standby } from './standby.ts';

declare module 'vitest' {
  /** What test/global-setup.ts hands to every test file through inject(). */
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * Test databases. A test run gets its own throwaway embedded cluster (or, with TEST_DATABASE_URL,
 * databases on that server: never DATABASE_URL, so tests cannot touch a real database), a template
 * database migrated once, and one fresh copy of the template per test file. .data/ is never used.
 *
 * As in production (docs/decisions/0012-database-roles.md), an owner role owns the schema and
 * tests get a client connected as the application's role, so a missing grant fails them. The two
 * roles belong to the run (named after its template). Each test file (another worker) derives
 * their passwords from the admin URL, secret when it carries a password, as the throwaway
 * cluster's does. A TEST_DATABASE_URL role that cannot create roles runs everything itself.
 */
export interface TestPostgres {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

/** Where a test run's throwaway cluster lives, in the OS's temporary folder (throwaway-folders.ts). */
const TEST_CLUSTER_PREFIX = 'nmo-test-pg-';
/** Where a replicated test database's primary lives. */
const REPLICATED_PREFIX = 'nmo-replicated-';

/** `adminUrl`: a server other than TEST_DATABASE_URL's (the benchmark's BENCH_DATABASE_URL). */
export async function startTestPostgres(options: { adminUrl?: string } = {}): Promise<TestPostgres> {
  const external = options.adminUrl ?? readTestDatabaseUrl();
  const cluster = external ? undefined : await startThrowawayCluster(makeThrowawayFolder(TEST_CLUSTER_PREFIX));
  const adminUrl = external ?? (cluster?.adminUrl as string);
  const template = `nmo_template_${randomBytes(4).toString('hex')}`;
  const roles = testRoles(adminUrl, template);
  await withClient(adminUrl, (admin) => createRoles(admin, roles));
  const database = await createDatabase(adminUrl, template, { run: template, copy: false });
  await applyMigrations(database.ownerUrl);
  await grantAppPrivileges(database.ownerUrl, database.url);
  return {
    adminUrl,
    template,
    async stop() {
      if (cluster) return cluster.stop();
      await withClient(adminUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`);
        // Fails while a test database that was never dropped still belongs to them: left as it is.
        await admin
          .query(`DROP ROLE IF EXISTS ${roles.map((r) => quoteIdentifier(r.user)).join(', ')}`)
          .catch(() => {});
      });
    },
  };
}

export interface TestDatabase {
  name: string;
  /** As the application's role, as the server connects. */
  url: string;
  /** As the owner role: migrations, and schema changes a test makes on purpose. */
  ownerUrl: string;
  /** DATABASE_URL and MIGRATION_DATABASE_URL for a server or CLI process on this database. */
  env: { DATABASE_URL: string; MIGRATION_DATABASE_URL: string };
  /** Connected as the application's role. */
  prisma: PrismaClient;
  /** Runs SQL as the owner (renaming a table to make a write fail, reading `_prisma_migrations`); returns its rows. */
  asOwner<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  drop(): Promise<void>;
}

/** A fresh database: migrated (a copy of the template) unless `empty` is set. */
export async function createTestDatabase(
  adminUrl: string,
  template: string,
  options: { empty?: boolean } = {},
): Promise<TestDatabase> {
  const name = `nmo_test_${randomBytes(6).toString('hex')}`;
  const { url, ownerUrl } = await createDatabase(adminUrl, name, { run: template, copy: !options.empty });
  const prisma = createPrismaClient(url);
  return {
    name,
    url,
    ownerUrl,
    env: { DATABASE_URL: url, MIGRATION_DATABASE_URL: ownerUrl },
    prisma,
    asOwner: <Row>(sql: string) => withClient(ownerUrl, async (client) => (await client.query(sql)).rows as Row[]),
    async drop() {
      await prisma.$disconnect();
      await withClient(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

export function databaseUrl(adminUrl: string, database: string, login?: TestRole): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (login) {
    url.username = encodeURIComponent(login.user);
    url.password = encodeURIComponent(login.password);
  }
  return url.toString();
}

interface TestRole {
  user: string;
  password: string;
}

/** The run's owner and application roles: names from the template, passwords from the admin URL. */
function testRoles(adminUrl: string, template: string): [owner: TestRole, app: TestRole] {
  const role = (user: string) => ({ user, password: createHmac('sha256', adminUrl).update(user).digest('base64url') });
  return [role(`${template}_owner`), role(`${template}_app`)];
}

/** Nothing when the admin may not create roles (a restricted TEST_DATABASE_URL): see createDatabase. */
async function createRoles(admin: pg.Client, roles: TestRole[]): Promise<void> {
  try {
    for (const { user, password } of roles) {
      await admin.query(`CREATE ROLE ${quoteIdentifier(user)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    process.stderr.write(
      'TEST_DATABASE_URL cannot create roles: tests run as its role, so a missing grant goes unnoticed.\n',
    );
  }
}

/**
 * Creates `name` owned by the run's owner role and open to its application role only, as in
 * production; a copy of the run's template (`run`) when `copy` is set.
 */
async function createDatabase(
  adminUrl: string,
  name: string,
  options: { run: string; copy: boolean },
): Promise<{ url: string; ownerUrl: string }> {
  const [owner, app] = testRoles(adminUrl, options.run);
  return withClient(adminUrl, async (admin) => {
    const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.user]);
    const withRoles = found.rowCount === 1;
    const from = options.copy ? ` TEMPLATE ${quoteIdentifier(options.run)}` : '';
    await admin.query(
      `CREATE DATABASE ${quoteIdentifier(name)}${from}${withRoles ? ` OWNER ${quoteIdentifier(owner.user)}` : ''}`,
    );
    if (!withRoles) return { url: databaseUrl(adminUrl, name), ownerUrl: databaseUrl(adminUrl, name) };
    await restrictDatabaseAccess(admin, name, app.user);
    return { url: databaseUrl(adminUrl, name, app), ownerUrl: databaseUrl(adminUrl, name, owner) };
  });
}

/** A test database whose server has a streaming standby (read-replica tests), and how to stop both. */
export interface ReplicatedTestDatabase {
  database: TestDatabase;
  standby: Standby;
  /** The primary's superuser (a standby's copy has the same roles). */
  primaryAdminUrl: string;
  stop(): Promise<void>;
}

/**
 * A migrated test database on a primary of its own (a standby copies a whole cluster: not the
 * run's shared one, which other test files write to), with a hot standby that has caught up.
 */
export async function startReplicatedTestDatabase(): Promise<ReplicatedTestDatabase> {
  const folder = makeThrowawayFolder(REPLICATED_PREFIX);
  const primary = await startThrowawayCluster(folder);
  const postgres = await startTestPostgres({ adminUrl: primary.adminUrl });
  const database = await createTestDatabase(primary.adminUrl, postgres.template);
  const standby = await startStandby({ adminUrl: primary.adminUrl, dataDir: folder });
  await standby.catchUp();
  return {
    database,
    standby,
    primaryAdminUrl: primary.adminUrl,
    async stop() {
      await standby.remove();
      await database.drop();
      await postgres.stop();
      await primary.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
