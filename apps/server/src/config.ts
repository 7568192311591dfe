import { type DatabaseConfig, readDatabaseConfig } from '@nmo/db';

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Demo mode seeds a synthetic cohort and demo accounts on first start (embedded default, or NMO_DEMO=1). */
  demo: boolean;
  demoPatients: number;
}

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('PORT must be a port number (0-65535)');
  const database = readDatabaseConfig(env);
  const demoPatients = Number(env.NMO_DEMO_PATIENTS ?? 300);
  if (!Number.isInteger(demoPatients) || demoPatients < 0) throw new Error('NMO_DEMO_PATIENTS must be a whole number');
  const demo = env.NMO_DEMO !== undefined ? env.NMO_DEMO === '1' || env.NMO_DEMO === 'true' : !database.databaseUrl;
  return { port, host: env.HOST ?? '0.0.0.0', database, demo, demoPatients };
}
