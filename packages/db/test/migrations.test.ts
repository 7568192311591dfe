import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, createMigration, migrationsDir, schemaPath } from '../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const adminUrl = inject('pgAdminUrl');
const template = inject('pgTemplate');

async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase(adminUrl, template, { empty: true });
  });
  afterAll(() => empty.drop());

  it('apply to an empty database, once', async () => {
    // As the owner, which runs migrations (the application's role may not change the schema).
    expect(await tableNames(empty.ownerUrl)).toEqual([]);
    const folders = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(await applyMigrations(empty.ownerUrl)).toEqual(folders.sort());
    expect(await applyMigrations(empty.ownerUrl)).toEqual([]);
    expect(await tableNames(empty.ownerUrl)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'AcuteTreatment',
        'AntibodyTest',
        'AuditEvent',
        'ClinicSetting',
        'EdssAssessment',
        'LabResult',
        'MriExam',
        'Patient',
        'Relapse',
        'Session',
        'Therapy',
        'TherapyAdministration',
        'User',
        'Vaccination',
        'VisualExam',
      ]),
    );
  });

  it('the committed migrations match prisma/schema.prisma (no pending change)', async () => {
    expect(await createMigration(adminUrl, 'should_be_empty', { dir: migrationsDir })).toBeUndefined();
  });
});

describe('creating a migration from a schema change', () => {
  let work: string;
  let target: TestDatabase;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'nmo-migration-test-'));
    await cp(migrationsDir, path.join(work, 'migrations'), { recursive: true });
    target = await createTestDatabase(adminUrl, template, { empty: true });
  });
  afterAll(async () => {
    await target.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('writes Prisma-format SQL for the change only, which then applies', async () => {
    const changed = (await readFile(schemaPath, 'utf8')).replace(
      '  date    DateTime @db.Date\n  vaccine Vaccine\n',
      '  date    DateTime @db.Date\n  vaccine Vaccine\n  lotNumber String?\n',
    );
    expect(changed).toContain('lotNumber');
    const schemaFile = path.join(work, 'schema.prisma');
    await writeFile(schemaFile, changed);
    const dir = path.join(work, 'migrations');
    const created = await createMigration(adminUrl, 'add_lot_number', {
      dir,
      schemaFile,
      now: new Date('2099-01-01T00:00:00Z'),
    });
    expect(created?.name).toBe('20990101000000_add_lot_number');
    expect(created?.sql).toMatch(/ALTER TABLE "Vaccination" ADD COLUMN\s+"lotNumber" TEXT/);
    expect(created?.sql).not.toMatch(/CREATE TABLE/);
    expect(await readFile(path.join(dir, '20990101000000_add_lot_number', 'migration.sql'), 'utf8')).toBe(created?.sql);

    const applied = await applyMigrations(target.ownerUrl, dir);
    expect(applied.at(-1)).toBe('20990101000000_add_lot_number');
    expect(await createMigration(adminUrl, 'nothing', { dir, schemaFile })).toBeUndefined();
  });

  it('rejects a name that is not lower_snake_case', async () => {
    await expect(createMigration(adminUrl, 'Bad Name', { dir: path.join(work, 'migrations') })).rejects.toThrow(
      /migration name/,
    );
  });
});
