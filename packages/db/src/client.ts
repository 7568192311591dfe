import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type * from './generated/prisma/models.ts';

/** The account that owns rows written by the CLI (imports, seeding); created by the first migration. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000001';

export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

/** A client or an interactive transaction: what data-access functions accept. */
export type DbClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export * from './generated/prisma/enums.ts';
