import { randomBytes } from 'node:crypto';
import os from 'node:os';
import {
  type DatabaseConfig,
  type Environment,
  type Role,
  readDatabaseConfig,
  readEnvironment,
  variables,
} from '@nmo/db';

/**
 * The server's environment variables, read here and nowhere else (docs/CONFIGURATION.md); the
 * database's (DATABASE_URL, MIGRATION_DATABASE_URL, DATA_DIR) through @nmo/db's readDatabaseConfig.
 */
const serverVariables = {
  /** HTTP port of the dashboard and API; 0 takes any free port. */
  PORT: variables.wholeNumber({ min: 0, max: 65_535 }).default(3000),
  /**
   * Address to listen on. Loopback by default: the server speaks plain HTTP, so it belongs behind a
   * TLS proxy on the same machine (TRUST_PROXY); 0.0.0.0 listens on every interface (containers).
   */
  HOST: variables.text().default('127.0.0.1'),
  /** Seed a synthetic cohort and demo accounts on first start. Unset: on with the embedded cluster, off with DATABASE_URL. */
  NMO_DEMO: variables.switch().optional(),
  /** Size of the demo cohort. */
  NMO_DEMO_PATIENTS: variables.wholeNumber({ min: 0 }).default(300),
  /** The demo accounts' password (scripted demos, browser tests). Unset: a random one, printed once. */
  NMO_DEMO_PASSWORD: variables.secret().optional(),
  /** Keys subject IDs and date shifts of de-identified exports. Unset: refused, except in demo mode (a new key each start). */
  NMO_DEIDENTIFY_KEY: variables.secret().optional(),
  /** Largest file a clinician may upload to /api/import; other roles may not upload. */
  NMO_IMPORT_MAX_MB: variables.number('a positive number of megabytes', (megabytes) => megabytes > 0).default(100),
  /** How long a shutdown waits for requests in flight (an export streaming) before cutting them off. */
  NMO_SHUTDOWN_GRACE_SECONDS: variables.number('a number of seconds, 0 or more', (seconds) => seconds >= 0).default(30),
  /**
   * HTTP worker processes (node:cluster), one per core by default; 1 serves from a single process.
   * The database, migrations, demo seeding and the scheduled flag refresh stay once per instance.
   */
  WEB_CONCURRENCY: variables.wholeNumber({ min: 1, max: 256 }).default(os.availableParallelism()),
  /**
   * Each cluster worker's V8 semi-space, in MiB (`node --max-semi-space-size`; 0 leaves V8's own,
   * 16 MiB on 64-bit with a 2 GiB heap limit or more). A request's objects are short-lived, and a
   * larger young generation collects them in fewer scavenges "at the cost of more memory"
   * (Node.js documentation, Command-line API, --max-semi-space-size; nodejs/node#42511). 32 took
   * 5–8% less worker CPU per request under the bench's load for about 40 MB more resident memory
   * per worker (docs/PERFORMANCE.md).
   */
  NMO_WORKER_SEMI_SPACE_MB: variables.wholeNumber({ min: 0, max: 1024 }).default(32),
  /** Behind a TLS-terminating proxy: client addresses and https come from its X-Forwarded-* headers. */
  TRUST_PROXY: variables.switch().default(false),
};

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Demo mode seeds a synthetic cohort and demo accounts on first start (embedded default, or NMO_DEMO=1). */
  demo: boolean;
  demoPatients: number;
  /** The demo accounts' password; undefined: a random one. */
  demoPassword: string | undefined;
  /**
   * Keys subject IDs and date shifts of de-identified exports (NMO_DEIDENTIFY_KEY). Demo mode makes
   * one up when none is set, so the demo's researcher can export; its IDs change at each start.
   */
  deidentifyKey: string | undefined;
  /** The largest upload each role may send to /api/import, in bytes. */
  importLimits: Record<Role, number>;
  /** How long a shutdown waits for requests in flight (an export streaming) before cutting them off. */
  shutdownGraceMs: number;
  trustProxy: boolean;
  /** HTTP worker processes (WEB_CONCURRENCY); 1: no cluster, the process serves itself. */
  workers: number;
  /** Each cluster worker's V8 semi-space in MiB (NMO_WORKER_SEMI_SPACE_MB); 0: V8's own. */
  workerSemiSpaceMb: number;
}

export function readServerConfig(env: Environment = process.env): ServerConfig {
  const database = readDatabaseConfig(env);
  const read = readEnvironment(serverVariables, env);
  const demo = read.NMO_DEMO ?? !database.databaseUrl;
  return {
    port: read.PORT,
    host: read.HOST,
    database,
    demo,
    demoPatients: read.NMO_DEMO_PATIENTS,
    demoPassword: read.NMO_DEMO_PASSWORD,
    deidentifyKey: read.NMO_DEIDENTIFY_KEY ?? (demo ? randomBytes(32).toString('hex') : undefined),
    importLimits: importLimits(read.NMO_IMPORT_MAX_MB),
    shutdownGraceMs: read.NMO_SHUTDOWN_GRACE_SECONDS * 1000,
    trustProxy: read.TRUST_PROXY,
    workers: read.WEB_CONCURRENCY,
    workerSemiSpaceMb: read.NMO_WORKER_SEMI_SPACE_MB,
  };
}

/**
 * The largest file each role may upload. Imports write clinical records, so only clinicians may,
 * up to a registry's spreadsheet (NMO_IMPORT_MAX_MB); other roles are refused before a byte of the
 * body is read.
 */
export function importLimits(megabytes: number): Record<Role, number> {
  return { clinician: Math.round(megabytes * 1024 * 1024), researcher: 0, admin: 0, system: 0 };
}

/** The documented defaults, read from no environment at all: what buildApp assumes when not told. */
export const SERVER_DEFAULTS = readEnvironment(serverVariables, {});
