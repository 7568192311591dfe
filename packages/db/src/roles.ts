import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { PrismaClient } from './client.ts';

/**
 * Two database roles (docs/decisions/0012-database-roles.md): an owner, which owns the schema and
 * runs migrations, and the application's role, which reads and writes rows and no more. Above
 * all, the application cannot change or delete audit rows, nor switch off the trigger that
 * refuses it (ALTER TABLE … DISABLE TRIGGER needs ownership, session_replication_role a superuser).
 */

/** The audit log: the application may add rows and read them, nothing else. */
export const AUDIT_TABLE = 'AuditEvent';
/** Prisma's record of applied migrations: the owner's business only. */
const MIGRATIONS_TABLE = '_prisma_migrations';
/** PostgreSQL 17 added MAINTAIN (ANALYZE, VACUUM… by a non-owner); the import runs ANALYZE. */
const MAINTAIN_SINCE = 170_000;

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function currentRole(client: pg.Client): Promise<string> {
  const result = await client.query<{ role: string }>('SELECT current_user AS role');
  return result.rows[0]?.role as string;
}

/**
 * Run by the owner after every migration run: the application's role gets SELECT, INSERT, UPDATE
 * and DELETE (and MAINTAIN) on every table, USAGE and SELECT on every sequence, then only SELECT
 * and INSERT on the audit log and nothing on `_prisma_migrations`. Default privileges give the same
 * to tables a later migration creates; this step re-applies everything anyway, so the audit log's
 * restriction holds even if a migration recreates it. Nothing to do when both URLs are one role.
 */
export async function grantAppPrivileges(ownerUrl: string, appUrl: string): Promise<void> {
  const appRole = await withClient(appUrl, currentRole);
  await withClient(ownerUrl, async (owner) => {
    if ((await currentRole(owner)) === appRole) return;
    const app = quoteIdentifier(appRole);
    const version = await owner.query<{ server_version_num: string }>('SHOW server_version_num');
    const maintain = Number(version.rows[0]?.server_version_num) >= MAINTAIN_SINCE ? ', MAINTAIN' : '';
    const tables = `SELECT, INSERT, UPDATE, DELETE${maintain}`;
    const existing = await owner.query<{ audit: string | null; migrations: string | null }>(
      `SELECT to_regclass($1) AS audit, to_regclass($2) AS migrations`,
      [`public.${quoteIdentifier(AUDIT_TABLE)}`, `public.${quoteIdentifier(MIGRATIONS_TABLE)}`],
    );
    const { audit, migrations } = existing.rows[0] ?? {};
    const statements = [
      `GRANT USAGE ON SCHEMA public TO ${app}`,
      `GRANT ${tables} ON ALL TABLES IN SCHEMA public TO ${app}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${tables} ON TABLES TO ${app}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
      ...(migrations ? [`REVOKE ALL ON TABLE ${migrations} FROM ${app}`] : []),
      ...(audit
        ? [`REVOKE ALL ON TABLE ${audit} FROM ${app}`, `GRANT SELECT, INSERT ON TABLE ${audit} TO ${app}`]
        : []),
    ];
    // One transaction (the audit log is never briefly open), one process at a time: two concurrent
    // GRANTs on one table fail with "tuple concurrently updated" (several instances starting at once).
    await owner.query('BEGIN');
    try {
      await owner.query(`SELECT pg_advisory_xact_lock(hashtextextended('nmo.grants', 0))`);
      await owner.query(statements.join(';\n'));
      await owner.query('COMMIT');
    } catch (error) {
      await owner.query('ROLLBACK');
      throw error;
    }
  });
}

/**
 * Database-wide rights: only the application's role (besides the owner) may connect, and nobody
 * else may create temporary tables (the application creates none) or schemas.
 */
export async function restrictDatabaseAccess(admin: pg.Client, database: string, appRole: string): Promise<void> {
  const db = quoteIdentifier(database);
  await admin.query(
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC; GRANT CONNECT ON DATABASE ${db} TO ${quoteIdentifier(appRole)}`,
  );
}

const handOverScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../sql/hand-schema-to-owner.sql');

/** Gives every object of schema public to the database's owner (packages/db/sql/hand-schema-to-owner.sql). */
export async function handSchemaToOwner(client: pg.Client): Promise<void> {
  await client.query(await readFile(handOverScript, 'utf8'));
}

/**
 * True when the application's role could switch off the audit log's protection: it owns the table
 * (directly or through a role it belongs to) or is a superuser. That is the case when DATABASE_URL
 * also runs the migrations (no MIGRATION_DATABASE_URL).
 */
export async function canAlterAuditLog(prisma: PrismaClient): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ exposed: boolean | null }[]>`
    SELECT r.rolsuper OR pg_has_role(current_user, c.relowner, 'MEMBER') AS exposed
    FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass(${`public.${quoteIdentifier(AUDIT_TABLE)}`})
    WHERE r.rolname = current_user`;
  return row?.exposed === true;
}
