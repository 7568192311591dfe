import { type Database, openDatabase } from '@nmo/db';
import { progress } from './output.ts';

/** Opens the database per contract 3 (same rules as the server) and closes it after `work`. */
export async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  if (database.embedded?.owned) progress(`Started the embedded PostgreSQL (port ${database.embedded.port}).`);
  if (database.appliedMigrations.length > 0) progress(`Applied migrations: ${database.appliedMigrations.join(', ')}`);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
