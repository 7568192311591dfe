import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type * from './generated/prisma/models.ts';

/** The account that owns rows written by the CLI (imports, seeding); created by the first migration. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000001';

/**
 * A client on the pg pool. Writes to one patient queue behind each other (each recomputes the
 * patient's flags); a burst of them, such as a batch of saves from the dashboard, waits for a pooled
 * connection for up to 15 s instead of Prisma's 2 s default, rather than failing with a 500.
 */
export function createPrismaClient(url: string, pool: { connectionTimeoutMillis?: number } = {}): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, ...pool }),
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
  });
}

/** A client or an interactive transaction: what data-access functions accept. */
export type DbClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export * from './generated/prisma/enums.ts';
