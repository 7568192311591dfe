import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export type * from './generated/prisma/models.ts';

/** The account that owns rows written by the CLI (imports, seeding); created by the first migration. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000001';

/**
 * Every connection's session time zone and date style, whatever the server's own settings.
 * - Prisma's pg adapter writes a DateTime as UTC wall time without an offset and reads a
 *   timestamptz by relabelling its offset as +00:00 (prisma/orm#26786, #28629; fix pending in
 *   prisma/orm#29481): on a server whose TimeZone is not UTC, every timestamp it writes is stored
 *   shifted and every one PostgreSQL fills in (`now()` defaults) is read shifted.
 * - It parses the ISO output style only: under `DateStyle = 'SQL, DMY'` a timestamp reads as an
 *   invalid Date.
 */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO,MDY';

/**
 * A client on the pg pool. Writes to one patient queue behind each other (each recomputes the
 * patient's flags); a burst of them, such as a batch of saves from the dashboard, waits for a pooled
 * connection for up to 15 s instead of Prisma's 2 s default, rather than failing with a 500.
 */
export function createPrismaClient(url: string, pool: { connectionTimeoutMillis?: number } = {}): PrismaClient {
  const statementNameGenerator = preparedStatementName();
  // allowExitOnIdle: a process that read only through the pool (queryTextColumn) and never through
  // Prisma, whose $disconnect then has no adapter to end it with, still exits once its work is done.
  const connections = new pg.Pool({ connectionString: url, options: SESSION_OPTIONS, allowExitOnIdle: true, ...pool });
  // An idle connection that breaks (the server restarted) is dropped by the pool and the next query
  // opens another; without a listener its 'error' event would end the process. Prisma's adapter adds
  // its own listener only once it first connects.
  connections.on('error', () => {});
  // Lent connections by backend process id: an interactive transaction's own connection can then be
  // found (connectionOfTransaction) for what Prisma has no call for, such as COPY.
  const lent = new Map<number, pg.PoolClient>();
  connections.on('acquire', (connection) => {
    const { processID } = connection as pg.PoolClient & { processID: number | null };
    if (processID !== null) lent.set(processID, connection);
  });
  connections.on('release', (_error: Error | undefined, connection: pg.PoolClient) => {
    const { processID } = connection as pg.PoolClient & { processID: number | null };
    if (processID !== null && lent.get(processID) === connection) lent.delete(processID);
  });
  const client = new PrismaClient({
    adapter: new PrismaPg(connections, { statementNameGenerator, disposeExternalPool: true }),
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
    // Without it, every call captures a stack trace (new Error()) to quote the calling line in a
    // failure's message: about 1% of a patient page's CPU. Failures keep their code and message.
    errorFormat: 'minimal',
  });
  poolsOfClients.set(client, { connections, statementNameGenerator, lent });
  return client;
}

/** The pg pool under each client createPrismaClient made (its adapter's pool), and how it names statements. */
const poolsOfClients = new WeakMap<
  object,
  {
    connections: pg.Pool;
    statementNameGenerator: (query: { sql: string }) => string;
    lent: Map<number, pg.PoolClient>;
  }
>();

/** One SQL statement with positional parameters, returning its rows: through Prisma or on a pg connection. */
export type SqlRunner = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;
export const sqlThroughPrisma =
  (db: DbClient): SqlRunner =>
  (text, values) =>
    db.$queryRawUnsafe(text, ...values);
export const sqlOnConnection =
  (connection: pg.ClientBase): SqlRunner =>
  async (text, values) =>
    (await connection.query(text, values)).rows;

/**
 * The pg pool under a client from createPrismaClient, for work Prisma has no call for (COPY, a
 * transaction of its own around it), or undefined for any other client: an interactive
 * transaction's, or one routed to replicas.
 */
export function poolOf(db: DbClient): pg.Pool | undefined {
  return poolsOfClients.get(db)?.connections;
}

/**
 * The pg connection an interactive transaction `tx` of `client` runs on, for statements Prisma has
 * no call for (COPY) in that same transaction; undefined when `client` is not one from
 * createPrismaClient (one routed to replicas). The caller must not use it while a Prisma call on
 * `tx` is in flight, nor after the transaction ends.
 */
export async function connectionOfTransaction(client: DbClient, tx: DbClient): Promise<pg.ClientBase | undefined> {
  const lent = poolsOfClients.get(client)?.lent;
  if (!lent) return undefined;
  const [row] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS "pid"');
  return row ? lent.get(Number(row.pid)) : undefined;
}

/**
 * Runs `work` in a transaction on one connection of `pool`: committed when it resolves, rolled back
 * when it throws (and the connection discarded if even the rollback fails).
 */
export async function inPooledTransaction<T>(
  pool: pg.Pool,
  work: (connection: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query('BEGIN');
    const result = await work(connection);
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    connection.release(broken);
  }
}

/**
 * A SqlRunner for `db`: straight on its pg pool for a client from createPrismaClient (for small
 * reads on every request, where Prisma's own handling is most of the cost), else through Prisma (a
 * transaction's client sees its own writes; a replica-routed one keeps its routing).
 */
export function sqlOf(db: DbClient, options: { planEachCall?: boolean } = {}): SqlRunner {
  const direct = poolsOfClients.get(db);
  if (!direct) return sqlThroughPrisma(db);
  // planEachCall: never prepared on the pool, whatever its length (a filter's selectivity decides
  // the plan). Through Prisma, its adapter's own naming applies (statements of 2,000 characters or
  // more are prepared from their second use).
  const nameOf = (text: string) => (options.planEachCall ? undefined : direct.statementNameGenerator({ sql: text }));
  return async (text, values) => (await direct.connections.query({ name: nameOf(text), text, values })).rows;
}

/**
 * The first column of each row, as text: for the reads where PostgreSQL builds JSON documents
 * (a patient's page, a batch of timelines). On a client from createPrismaClient the statement goes
 * straight to its pg pool, with the same session settings and statement names: Prisma's handling of
 * a raw result cost about half again PostgreSQL's own time on those megabytes of text
 * (docs/decisions/0039-json-reads-on-the-pool.md). Anything else (an interactive transaction's client)
 * goes through Prisma, so the read sees the transaction's writes.
 */
export async function queryTextColumn(db: DbClient, sql: string, values: unknown[]): Promise<string[]> {
  return (await sqlOf(db)(sql, values)).map((row) => Object.values(row)[0] as string);
}

/** Statements at least this long are prepared once per connection (see preparedStatementName). */
export const PREPARED_STATEMENT_MIN_LENGTH = 2000;
/** At most this many distinct statements are prepared; later ones are sent unnamed, as before. */
export const PREPARED_STATEMENTS_MAX = 32;
/** How many long texts seen once are remembered (by hash) while waiting for a second use. */
const SEEN_ONCE_MAX = 256;

/**
 * Names long statements that repeat, so that pg prepares each once per connection and PostgreSQL
 * can keep its plan. The patient page's one-statement read (decisions 0029, 0036) is a long text:
 * planning its earlier relation-join form took about 9 ms on every call, longer than running it
 * (decision 0035).
 * - Short statements, the overview's and the worklist's among them, stay unnamed: planned for their
 *   parameters each time, which a flag filter's selectivity needs.
 * - A text is named from its second use: one-off texts (an export page with its ids in the text)
 *   are never kept prepared on a connection.
 * - The name is a hash of the text, so two texts never share one, and at most
 *   PREPARED_STATEMENTS_MAX are named, so varying texts cannot fill a connection's memory.
 */
export function preparedStatementName(): (query: { sql: string }) => string {
  const named = new Set<string>();
  const seenOnce = new Set<string>();
  return (query) => {
    if (query.sql.length < PREPARED_STATEMENT_MIN_LENGTH) return undefined as unknown as string;
    const hash = createHash('sha1').update(query.sql).digest('hex').slice(0, 24);
    if (!named.has(hash) && named.size < PREPARED_STATEMENTS_MAX) {
      if (seenOnce.delete(hash)) named.add(hash);
      else {
        seenOnce.add(hash);
        // Sets iterate in insertion order: the oldest text seen once is forgotten first.
        if (seenOnce.size > SEEN_ONCE_MAX) seenOnce.delete(seenOnce.values().next().value as string);
      }
    }
    // pg sends the statement unnamed when the name is undefined (the adapter's type says string).
    return (named.has(hash) ? `nmo_${hash}` : undefined) as string;
  };
}

/** A client or an interactive transaction: what data-access functions accept. */
export type DbClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export * from './generated/prisma/enums.ts';
