import { isDatabaseUnavailable, sqlStateOf } from './availability.ts';
import { createPrismaClient, type DbClient, type PrismaClient } from './client.ts';

/**
 * Read replicas (DATABASE_REPLICA_URLS, docs/SCALING.md section 2, docs/decisions/0030-read-replicas.md).
 * A request that may read from a replica gets `readerFor(primary)`: a client whose plain reads
 * (model finds and counts, `$queryRaw`) go to a replica, and whose writes, transactions and every
 * read after them go to the primary. A replica that fails is left out for a while and the read is
 * answered by the primary instead, so a replica going away costs no request an error.
 */

/** Prisma's model methods that only read. Every other model method writes. */
const READ_METHODS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
/** Raw queries are usually reads; one that writes is refused by the replica and run again on the primary. */
const RAW_QUERIES = new Set(['$queryRaw', '$queryRawUnsafe', '$queryRawTyped']);
/**
 * What a standby answers that the primary would not: a write refused (read-only transaction), or
 * a read cancelled because replay needed the rows it read (conflict with recovery).
 */
const STANDBY_REFUSALS = new Set(['25006', '40001']);

/** A WAL position as PostgreSQL prints it (`16/B374D848`). */
export const WAL_POSITION = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;
/** A position no replica reaches: a writer's reads stay on the primary when their write's position is unknown. */
export const UNKNOWN_WRITE_POSITION = 'FFFFFFFF/FFFFFFFF';

interface Replica {
  /** Host and port only, for messages (the URL carries a password). */
  name: string;
  client: PrismaClient;
  /** Left out until then after a failure (milliseconds since the epoch). */
  downUntil: number;
}

export interface ReadReplicaOptions {
  /** How long a replica that failed is left out before it is tried again. */
  retryAfterMs?: number;
  /** How long to wait for a connection to a replica before reading from the primary instead. */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

/** Queries answered by a replica, and replica reads answered by the primary after a failure (tests, diagnostics). */
export interface ReplicaCounts {
  replica: number;
  fallback: number;
}

export class ReadReplicas {
  readonly #replicas: Replica[];
  readonly #retryAfterMs: number;
  readonly #log: (message: string) => void;
  #turn = 0;
  readonly counts: ReplicaCounts = { replica: 0, fallback: 0 };

  constructor(urls: readonly string[], options: ReadReplicaOptions = {}) {
    const connectionTimeoutMillis = options.connectTimeoutMs ?? 2000;
    this.#replicas = urls.map((url) => ({
      name: new URL(url).host,
      client: createPrismaClient(url, { connectionTimeoutMillis }),
      downUntil: 0,
    }));
    this.#retryAfterMs = options.retryAfterMs ?? 10_000;
    this.#log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /**
   * The client for one request's reads: a replica's (taken in turn) routed as above, or the primary
   * when none is up. `writtenAt`, the WAL position of the session's last write, asks for a replica
   * that has replayed it: the writer then reads their own write, from the primary if no replica has it yet.
   */
  async readerFor(primary: PrismaClient, writtenAt?: string): Promise<PrismaClient> {
    const replica = await this.#pick(writtenAt);
    return replica ? routedReads(primary, replica, this) : primary;
  }

  async #pick(writtenAt: string | undefined): Promise<Replica | undefined> {
    const count = this.#replicas.length;
    const start = this.#turn++;
    for (let i = 0; i < count; i++) {
      const replica = this.#replicas[(start + i) % count] as Replica;
      if (!this.isUp(replica)) continue;
      if (!writtenAt || (await this.#hasReplayed(replica, writtenAt))) return replica;
    }
    return undefined;
  }

  async #hasReplayed(replica: Replica, position: string): Promise<boolean> {
    try {
      const [row] = await replica.client.$queryRaw<{ replayed: boolean | null }[]>`
        SELECT pg_last_wal_replay_lsn() >= ${position}::pg_lsn AS replayed`;
      // NULL: not a standby (promoted, or a misconfigured URL): it cannot say, so it is not used for this writer.
      return row?.replayed === true;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.markDown(replica, error);
      return false;
    }
  }

  isUp(replica: Replica): boolean {
    return replica.downUntil <= Date.now();
  }

  markDown(replica: Replica, error: unknown): void {
    if (this.isUp(replica)) {
      const reason = (error as Error).message?.split('\n').at(-1)?.trim() || 'no answer';
      this.#log(
        `Read replica ${replica.name} is not answering (${reason}); its reads go to the primary, and it is tried again in ${this.#retryAfterMs / 1000} s.`,
      );
    }
    replica.downUntil = Date.now() + this.#retryAfterMs;
  }

  async close(): Promise<void> {
    await Promise.all(this.#replicas.map((replica) => replica.client.$disconnect()));
  }
}

/**
 * The primary's WAL position now, just after a write committed: a replica that has replayed it
 * holds the write. The insert position, not the flushed one: with synchronous_commit off the commit
 * record may not be flushed yet, but it is inserted.
 */
export async function writePosition(primary: DbClient): Promise<string> {
  const [row] = await primary.$queryRawUnsafe<{ position: string }[]>(WRITE_POSITION_SQL);
  return row?.position ?? UNKNOWN_WRITE_POSITION;
}

/**
 * `pg_current_wal_insert_lsn()` as the end of the last record inserted. When nothing is on the
 * current WAL page yet (always so right after a segment switch, which pg_backup_stop makes), the
 * insert position points past the page's header, where no record can end: a standby's
 * `pg_last_wal_replay_lsn()` (the end of the last record it replayed) would then reach it only once
 * some later record is written, seconds or minutes on. The header is 40 bytes on a segment's first
 * page and 24 on the others (XLogLongPageHeaderData and XLogPageHeaderData, MAXALIGNed; PostgreSQL
 * src/include/access/xlog_internal.h).
 */
export const WRITE_POSITION_SQL = `
  SELECT (at.lsn - CASE
      WHEN wal.file_offset = 40 THEN 40
      WHEN wal.file_offset % current_setting('wal_block_size')::int = 24 THEN 24
      ELSE 0 END)::text AS position
  FROM (SELECT pg_current_wal_insert_lsn() AS lsn) AS at, pg_walfile_name_offset(at.lsn) AS wal`;

/** What `onPrimary` needs of a routed client: its primary, and a way to keep the rest of the request there. */
const routedClients = new WeakMap<object, { primary: PrismaClient; stay: () => void }>();

/**
 * The primary behind a routed client (the client itself otherwise), and every later read of the
 * request goes there too: for work that reads in order to write (recomputing flags), which must
 * not compute from a lagging copy.
 */
export function onPrimary<Client extends DbClient>(db: Client): Client {
  const routed = routedClients.get(db);
  if (!routed) return db;
  routed.stay();
  return routed.primary as unknown as Client;
}

type AnyFunction = (...args: unknown[]) => Promise<unknown>;

function routedReads(primary: PrismaClient, replica: Replica, replicas: ReadReplicas): PrismaClient {
  let primaryFromNowOn = false;
  const stay = () => {
    primaryFromNowOn = true;
  };
  const read = async (query: (client: PrismaClient) => Promise<unknown>) => {
    if (primaryFromNowOn || !replicas.isUp(replica)) return query(primary);
    try {
      const result = await query(replica.client);
      replicas.counts.replica++;
      return result;
    } catch (error) {
      const refused = STANDBY_REFUSALS.has(sqlStateOf(error) ?? '');
      if (!refused && !isDatabaseUnavailable(error)) throw error;
      // A write refused by the standby ran nothing: it runs on the primary, and the request's later reads follow it.
      if (refused) stay();
      else replicas.markDown(replica, error);
      replicas.counts.fallback++;
      return query(primary);
    }
  };
  const call = (owner: unknown, method: string, args: unknown[]) =>
    ((owner as Record<string, AnyFunction>)[method] as AnyFunction).apply(owner, args);
  const delegateOf = (client: PrismaClient, model: string) => (client as unknown as Record<string, unknown>)[model];
  const modelProxy = (model: string, delegate: object) =>
    new Proxy(delegate, {
      get(target, method, receiver) {
        const value = Reflect.get(target, method, receiver);
        if (typeof method !== 'string' || typeof value !== 'function') return value;
        if (READ_METHODS.has(method))
          return (...args: unknown[]) => read((client) => call(delegateOf(client, model), method, args));
        return (...args: unknown[]) => {
          stay();
          return (value as AnyFunction).apply(target, args);
        };
      },
    });
  const models = new Map<string, object>();
  const routed = new Proxy(primary, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof property !== 'string') return value;
      if (RAW_QUERIES.has(property)) {
        return (...args: unknown[]) => read((client) => call(client, property, args));
      }
      if (property.startsWith('$')) {
        if (typeof value !== 'function') return value;
        // $transaction, $executeRaw…: the primary, and the request's reads after them too.
        return (...args: unknown[]) => {
          stay();
          return (value as AnyFunction).apply(target, args);
        };
      }
      if (typeof value !== 'object' || value === null) return value;
      let model = models.get(property);
      if (!model) {
        model = modelProxy(property, value);
        models.set(property, model);
      }
      return model;
    },
  });
  routedClients.set(routed, { primary, stay });
  return routed;
}
