import path from 'node:path';

/** Where the database is: an external server (DATABASE_URL) or an embedded cluster in DATA_DIR. */
export interface DatabaseConfig {
  /** Set when an external PostgreSQL server is used (the application's role); nothing embedded is started then. */
  databaseUrl: string | undefined;
  /**
   * The role that owns the schema on an external server (MIGRATION_DATABASE_URL): migrations run as
   * it, then it grants the application's role what it needs. Unset: migrations run through
   * DATABASE_URL, whose role then owns the schema (docs/decisions/0012-database-roles.md).
   */
  migrationUrl?: string | undefined;
  /** Absolute path of the folder holding the embedded cluster and its credentials. */
  dataDir: string;
}

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseConfig {
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  // The embedded cluster makes its own roles, so MIGRATION_DATABASE_URL only means something with DATABASE_URL.
  const migrationUrl = databaseUrl ? postgresUrl(env, 'MIGRATION_DATABASE_URL') : undefined;
  return { databaseUrl, migrationUrl, dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data') };
}

function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const url = env[name]?.trim() || undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new Error(`${name} must be a postgresql:// connection string`);
  return url;
}
