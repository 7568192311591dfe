import path from 'node:path';
import { ConfigurationError, type Environment, readEnvironment, variables } from './environment.ts';

/**
 * The db package's environment variables, read here and nowhere else in it (docs/CONFIGURATION.md).
 * The server and the CLI open the database through readDatabaseConfig.
 */
const databaseVariables = {
  /** An external PostgreSQL server, as the application's role. Unset: the embedded cluster in DATA_DIR. */
  DATABASE_URL: variables.postgresUrl().optional(),
  /** Folder of the embedded cluster and its credentials, relative to the working directory. */
  DATA_DIR: variables.text().default('.data'),
};

/** Read only with DATABASE_URL: the embedded cluster makes its own roles. */
const migrationVariables = {
  /** The role that owns the schema on DATABASE_URL's server; unset: DATABASE_URL's role migrates and owns it. */
  MIGRATION_DATABASE_URL: variables.postgresUrl().optional(),
};

const replicaVariables = {
  /**
   * Streaming replicas of DATABASE_URL's server, comma-separated, as the application's role: the
   * reads that tolerate a moment's lag go there (docs/SCALING.md, section 2). Unset: every query on DATABASE_URL.
   */
  DATABASE_REPLICA_URLS: variables.postgresUrlList().optional(),
};

const testVariables = {
  /** The server tests make their databases on (its role needs CREATEDB, CREATEROLE). Unset: a throwaway embedded cluster. */
  TEST_DATABASE_URL: variables.postgresUrl().optional(),
};

const debugVariables = {
  /** Any value: the schema engine's panic messages go to stderr as they happen. */
  NMO_DEBUG_ENGINE: variables.text().optional(),
};

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
  /** Streaming replicas of DATABASE_URL's server (DATABASE_REPLICA_URLS); empty or unset: none. */
  replicaUrls?: string[] | undefined;
}

export function readDatabaseConfig(env: Environment = process.env, cwd = process.cwd()): DatabaseConfig {
  const { DATABASE_URL, DATA_DIR } = readEnvironment(databaseVariables, env);
  const migrationUrl = DATABASE_URL ? readEnvironment(migrationVariables, env).MIGRATION_DATABASE_URL : undefined;
  const replicaUrls = readEnvironment(replicaVariables, env).DATABASE_REPLICA_URLS ?? [];
  // The embedded cluster has no replicas: a list given without DATABASE_URL is a mistake, not a no-op.
  if (replicaUrls.length > 0 && !DATABASE_URL)
    throw new ConfigurationError(['DATABASE_REPLICA_URLS needs DATABASE_URL (the primary the replicas follow)']);
  return { databaseUrl: DATABASE_URL, migrationUrl, dataDir: path.resolve(cwd, DATA_DIR), replicaUrls };
}

/** The server tests use (TEST_DATABASE_URL), never DATABASE_URL; undefined: a throwaway embedded cluster. */
export function readTestDatabaseUrl(env: Environment = process.env): string | undefined {
  return readEnvironment(testVariables, env).TEST_DATABASE_URL;
}

/** Whether the schema engine's panics are printed as they happen (NMO_DEBUG_ENGINE). */
export function schemaEngineDebugging(env: Environment = process.env): boolean {
  return readEnvironment(debugVariables, env).NMO_DEBUG_ENGINE !== undefined;
}

/** This process's environment with `overrides`, for a child process (which inherits the rest). */
export function inheritedEnvironment(overrides: Environment): Environment {
  return { ...process.env, ...overrides };
}
