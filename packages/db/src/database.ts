import { createPrismaClient, type PrismaClient } from './client.ts';
import { type DatabaseConfig, readDatabaseConfig } from './config.ts';
import { type EmbeddedCluster, openEmbeddedCluster } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { ReadReplicas } from './replicas.ts';
import { canAlterAuditLog, grantAppPrivileges } from './roles.ts';

export interface Database {
  /** The application's connection string (its role: rows, not schema). */
  url: string;
  prisma: PrismaClient;
  /** The streaming replicas of DATABASE_REPLICA_URLS, for the reads that tolerate lag; undefined: none. */
  replicas: ReadReplicas | undefined;
  /** Set when the database lives in an embedded cluster (no DATABASE_URL). */
  embedded: EmbeddedCluster | undefined;
  /** Names of the migrations applied while opening. */
  appliedMigrations: string[];
  /**
   * True when the application's role owns the audit log or is a superuser, so that it could switch
   * off its protection: DATABASE_URL without MIGRATION_DATABASE_URL (docs/decisions/0012).
   */
  auditLogAlterable: boolean;
  close(): Promise<void>;
}

/**
 * Opens the product's database per DESIGN.md contract 2: DATABASE_URL when set, else the embedded
 * cluster in DATA_DIR (attached to if the server already runs it, started otherwise).
 * Pending migrations are applied as the owner role unless `migrate` is false, then the
 * application's role is granted what it needs; the returned client connects as the application.
 */
export async function openDatabase(options: { config?: DatabaseConfig; migrate?: boolean } = {}): Promise<Database> {
  const config = options.config ?? readDatabaseConfig();
  const embedded = config.databaseUrl ? undefined : await openEmbeddedCluster(config.dataDir);
  const url = config.databaseUrl ?? (embedded as EmbeddedCluster).url;
  const ownerUrl = embedded?.ownerUrl ?? config.migrationUrl ?? url;
  let prisma: PrismaClient | undefined;
  try {
    const appliedMigrations = options.migrate === false ? [] : await migrate(ownerUrl, url);
    prisma = createPrismaClient(url);
    const auditLogAlterable = await canAlterAuditLog(prisma);
    const replicaUrls = config.replicaUrls ?? [];
    const replicas = replicaUrls.length > 0 ? new ReadReplicas(replicaUrls) : undefined;
    let closed = false;
    return {
      url,
      prisma,
      replicas,
      embedded,
      appliedMigrations,
      auditLogAlterable,
      async close() {
        if (closed) return;
        closed = true;
        await prisma?.$disconnect();
        await replicas?.close();
        if (embedded?.owned) await embedded.stop();
      },
    };
  } catch (error) {
    await prisma?.$disconnect();
    if (embedded?.owned) await embedded.stop();
    throw error;
  }
}

async function migrate(ownerUrl: string, url: string): Promise<string[]> {
  try {
    const applied = await applyMigrations(ownerUrl);
    if (ownerUrl !== url) await grantAppPrivileges(ownerUrl, url);
    return applied;
  } catch (error) {
    const message = (error as Error).message;
    // A restricted DATABASE_URL given the migrations too: say which variable is missing.
    if (ownerUrl === url && /permission denied|must be owner/.test(message)) {
      throw new Error(
        `${message} (DATABASE_URL's role may not change the schema: set MIGRATION_DATABASE_URL to the role that owns it)`,
      );
    }
    throw error;
  }
}
