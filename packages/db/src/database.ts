import { createPrismaClient, type PrismaClient } from './client.ts';
import { type DatabaseConfig, readDatabaseConfig } from './config.ts';
import { type EmbeddedCluster, openEmbeddedCluster } from './embedded.ts';
import { applyMigrations } from './migrate.ts';

export interface Database {
  url: string;
  prisma: PrismaClient;
  /** Set when the database lives in an embedded cluster (no DATABASE_URL). */
  embedded: EmbeddedCluster | undefined;
  /** Names of the migrations applied while opening. */
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * Opens the product's database per DESIGN.md contract 2: DATABASE_URL when set, else the embedded
 * cluster in DATA_DIR (attached to if the server already runs it, started otherwise).
 * Pending migrations are applied unless `migrate` is false.
 */
export async function openDatabase(options: { config?: DatabaseConfig; migrate?: boolean } = {}): Promise<Database> {
  const config = options.config ?? readDatabaseConfig();
  const embedded = config.databaseUrl ? undefined : await openEmbeddedCluster(config.dataDir);
  const url = config.databaseUrl ?? (embedded as EmbeddedCluster).url;
  try {
    const appliedMigrations = options.migrate === false ? [] : await applyMigrations(url);
    const prisma = createPrismaClient(url);
    let closed = false;
    return {
      url,
      prisma,
      embedded,
      appliedMigrations,
      async close() {
        if (closed) return;
        closed = true;
        await prisma.$disconnect();
        if (embedded?.owned) await embedded.stop();
      },
    };
  } catch (error) {
    if (embedded?.owned) await embedded.stop();
    throw error;
  }
}

/** True when the database answers a trivial query (for /healthz). */
export async function isDatabaseReachable(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
