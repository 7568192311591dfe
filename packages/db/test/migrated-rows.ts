import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { expect } from 'vitest';
import { SYSTEM_USER_ID } from '../src/client.ts';
import { migrationsDir } from '../src/migrate.ts';

/** A copy of the migrations folder under `work/name` holding only the migrations `keep` accepts. */
export async function migrationsWhere(work: string, name: string, keep: (entry: string) => boolean): Promise<string> {
  const dir = path.join(work, name);
  await cp(migrationsDir, dir, { recursive: true });
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isDirectory() && !keep(entry.name)) await rm(path.join(dir, entry.name), { recursive: true });
  return dir;
}

/** The clinician who wrote the rows a migration test starts from. */
export const CLINICIAN_ID = '00000000-0000-0000-0000-0000000000c1';

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
