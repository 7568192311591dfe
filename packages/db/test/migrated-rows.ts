import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import { applyMigrations, migrationsDir } from '../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** The clinician who wrote the rows a migration test starts from. */
export const CLINICIAN_ID = '00000000-0000-0000-0000-0000000000c1';

/** A database as the release before `migration` left it, for a test of that migration. */
export interface DatabaseBeforeMigration {
  database: TestDatabase;
  /** Connected as the owner role, as migrations run; the clinician CLINICIAN_ID exists. */
  client: pg.Client;
  /** Applies `migration` alone (not the later ones); returns the migrations applied. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh database with every migration before `migration` applied, and the clinician who writes its rows. */
export async function openBeforeMigration(migration: string): Promise<DatabaseBeforeMigration> {
  const database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), { empty: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'nmo-migration-'));
  /** A copy of the migrations folder holding only those `keep` accepts. */
  const migrationsWhere = async (name: string, keep: (entry: string) => boolean) => {
    const dir = path.join(work, name);
    await cp(migrationsDir, dir, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true }))
      if (entry.isDirectory() && !keep(entry.name)) await rm(path.join(dir, entry.name), { recursive: true });
    return dir;
  };
  expect(await applyMigrations(database.ownerUrl, await migrationsWhere('before', (n) => n < migration))).not.toContain(
    migration,
  );
  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  await client.query(
    `INSERT INTO "User" (id, email, "displayName", role, "updatedAt") VALUES ($1, 'c@example.org', 'C', 'clinician', now())`,
    [CLINICIAN_ID],
  );
  return {
    database,
    client,
    migrate: async () => applyMigrations(database.ownerUrl, await migrationsWhere('up-to', (n) => n <= migration)),
    async close() {
      await client.end();
      await database.drop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * A row the migration changed is at version 2, last updated by the system account; a row it left
 * alone is still version 1 by the clinician who wrote it.
 */
export function expectWrittenBy(row: { version: number; updatedById: string } | undefined, changed: boolean): void {
  expect(row?.version).toBe(changed ? 2 : 1);
  expect(row?.updatedById).toBe(changed ? SYSTEM_USER_ID : CLINICIAN_ID);
}

export interface AuditRow {
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  patientId: string;
  details: unknown;
}

/** The audit rows in the database (a migration test starts with none), in the given order. */
export async function auditRows(client: pg.Client, orderBy: 'id' | '"entityId"'): Promise<AuditRow[]> {
  const result = await client.query<AuditRow>(
    `SELECT "actorId", action, "entityType", "entityId", "patientId", details FROM "AuditEvent" ORDER BY ${orderBy}`,
  );
  return result.rows;
}
