import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMigration, startThrowawayCluster } from '@nmo/db';
import { withDatabase } from '../database.ts';
import { progress } from '../output.ts';

export async function migrateCommand(): Promise<void> {
  await withDatabase(async (database) => {
    progress(database.appliedMigrations.length === 0 ? 'Database is up to date.' : 'Migrations applied.');
  });
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/ from the change to prisma/schema.prisma. The schema
 * engine needs a database to start, so a throwaway one is used; nothing is read from it.
 */
export async function createMigrationCommand(name: string): Promise<void> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'nmo-migration-'));
  const cluster = await startThrowawayCluster(directory);
  try {
    const created = await createMigration(cluster.adminUrl, name);
    if (!created) progress('No schema changes since the last migration: nothing written.');
    else progress(`Created prisma/migrations/${created.name}/migration.sql. Review it, then run: pnpm nmo migrate`);
  } finally {
    await cluster.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
