import { randomBytes } from 'node:crypto';
import { type DatabaseConfig, readDatabaseConfig } from '@nmo/db';

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Demo mode seeds a synthetic cohort and demo accounts on first start (embedded default, or NMO_DEMO=1). */
  demo: boolean;
  demoPatients: number;
  /**
   * Keys subject IDs and date shifts of de-identified exports (NMO_DEIDENTIFY_KEY). Demo mode makes
   * one up when none is set, so the demo's researcher can export; its IDs change at each start.
   */
  deidentifyKey: string | undefined;
  /** How long a shutdown waits for requests in flight (an export streaming) before cutting them off. */
  shutdownGraceMs: number;
}

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('PORT must be a port number (0-65535)');
  const database = readDatabaseConfig(env);
  const demoPatients = Number(env.NMO_DEMO_PATIENTS ?? 300);
  if (!Number.isInteger(demoPatients) || demoPatients < 0) throw new Error('NMO_DEMO_PATIENTS must be a whole number');
  const demo = env.NMO_DEMO !== undefined ? env.NMO_DEMO === '1' || env.NMO_DEMO === 'true' : !database.databaseUrl;
  const deidentifyKey = env.NMO_DEIDENTIFY_KEY || (demo ? randomBytes(32).toString('hex') : undefined);
  const shutdownGraceMs = Number(env.NMO_SHUTDOWN_GRACE_SECONDS ?? 30) * 1000;
  if (!Number.isFinite(shutdownGraceMs) || shutdownGraceMs < 0)
    throw new Error('NMO_SHUTDOWN_GRACE_SECONDS must be a number of seconds');
  // Loopback by default: the server speaks plain HTTP, so it belongs behind a TLS proxy on the same
  // machine (TRUST_PROXY); HOST=0.0.0.0 exposes it on every interface (containers, trusted networks).
  const host = env.HOST?.trim() || '127.0.0.1';
  return { port, host, database, demo, demoPatients, deidentifyKey, shutdownGraceMs };
}
