import path from 'node:path';

/** Where the database is: an external server (DATABASE_URL) or an embedded cluster in DATA_DIR. */
export interface DatabaseConfig {
  /** Set when an external PostgreSQL server is used; nothing embedded is started then. */
  databaseUrl: string | undefined;
  /** Absolute path of the folder holding the embedded cluster and its credentials. */
  dataDir: string;
}

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgresql:// connection string');
  }
  return { databaseUrl, dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || '.data') };
}
