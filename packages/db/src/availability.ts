import pg from 'pg';
import type { PrismaClient } from './client.ts';

/** PostgreSQL error classes that mean "the server is not taking work now", not "this query is wrong". */
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-4]|53300)/;
/** Prisma's codes for an unreachable server, a lost connection, a timed-out or exhausted pool. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionAlreadyClosed',
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
/** node-postgres reports a connection lost under a query with plain errors, without a code. */
const UNAVAILABLE_PG_MESSAGES =
  /^(Client has encountered a connection error and is not queryable|Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect)$/;

/**
 * Whether an error means the database is down, restarting or refusing connections (so the
 * request may succeed later: 503), as opposed to a fault of the request or the code (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const e = current as {
      code?: unknown;
      name?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
      cause?: unknown;
    };
    if (e.name === 'PrismaClientInitializationError') return true;
    if (current instanceof Error && UNAVAILABLE_PG_MESSAGES.test(current.message)) return true;
    if (typeof e.code === 'string') {
      if (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code)) return true;
      if (/^[0-9A-Z]{5}$/.test(e.code) && UNAVAILABLE_SQLSTATES.test(e.code)) return true;
    }
    const adapter = e.meta?.driverAdapterError?.cause;
    if (adapter) {
      if (typeof adapter.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(adapter.kind)) return true;
      const sqlState = adapter.originalCode ?? adapter.code;
      if (typeof sqlState === 'string' && UNAVAILABLE_SQLSTATES.test(sqlState)) return true;
    }
    current = e.cause;
  }
  return false;
}

/**
 * The SQLSTATE of a PostgreSQL error however it arrives: from pg directly, or wrapped by Prisma's
 * driver adapter (which keeps it as `originalCode`), possibly as the cause of another error.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const e = current as {
      code?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
      cause?: unknown;
    };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !/^P[1-9]/.test(e.code)) return e.code;
    const original = e.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === 'string') return original;
    current = e.cause;
  }
  return undefined;
}

/**
 * Whether the database takes work now: a query on the pool's connections, and a new connection
 * (during a shutdown the pool's open connections still answer while new ones are refused, so
 * the pool alone would report healthy while requests fail). At most `timeoutMs` each.
 */
export async function databaseTakesWork(
  prisma: PrismaClient,
  url: string | undefined,
  timeoutMs = 2000,
): Promise<boolean> {
  const pooled = prisma.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  const fresh = url ? newConnectionWorks(url, timeoutMs) : Promise.resolve(true);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const [a, b] = await Promise.all([Promise.race([pooled, timeout]), fresh]);
  return a && b;
}

async function newConnectionWorks(url: string, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
