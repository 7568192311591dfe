import { type DbClient, type Prisma, sqlOf } from '@nmo/db';

/**
 * The rows of a page's read (the overview's, the worklist's), on the pg pool where the client has
 * one (sqlOf), planned on every call for its filters' selectivity. Prisma's handling of 50 wide
 * summary rows cost about as much Node CPU again as reading them. The statement must select only
 * types that Prisma and pg read alike: dates as `YYYY-MM-DD` text, no bigint or numeric.
 */
export async function pageRows<Row>(db: DbClient, sql: Prisma.Sql): Promise<Row[]> {
  return (await sqlOf(db, { planEachCall: true })(sql.text, sql.values)) as unknown as Row[];
}
