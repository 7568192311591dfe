import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlStateOf } from '../src/availability.ts';
import { createPrismaClient, type PrismaClient } from '../src/client.ts';
import { onPrimary, ReadReplicas, writePosition } from '../src/replicas.ts';
import { withClient } from '../src/roles.ts';
import {
  type ReplicatedTestDatabase,
  type Standby,
  startReplicatedTestDatabase,
  type TestDatabase,
} from '../src/testing.ts';

/**
 * DATABASE_REPLICA_URLS against a real streaming-replication standby (docs/SCALING.md section 2):
 * a primary of its own, migrated as in production, and a hot standby made from it with a
 * low-level base backup.
 */
let replicated: ReplicatedTestDatabase;
let database: TestDatabase;
let standby: Standby;
let replicas: ReadReplicas;
let onStandby: PrismaClient;
const logged: string[] = [];
const RETRY_AFTER_MS = 300;
/** initdb's and the build's defaults, which the embedded cluster keeps. */
const SEGMENT_BYTES = 16n * 1024n * 1024n;
const PAGE_BYTES = 8192n;

beforeAll(async () => {
  replicated = await startReplicatedTestDatabase();
  database = replicated.database;
  standby = replicated.standby;
  const replicaUrl = standby.replicaOf(database.url);
  replicas = new ReadReplicas([replicaUrl], { retryAfterMs: RETRY_AFTER_MS, log: (message) => logged.push(message) });
  onStandby = createPrismaClient(replicaUrl);
});
afterAll(async () => {
  await replicas?.close();
  await onStandby?.$disconnect();
  await replicated?.stop();
});

const inRecovery = async (db: PrismaClient) =>
  (await db.$queryRaw<{ standby: boolean }[]>`SELECT pg_is_in_recovery() AS standby`)[0]?.standby;
const newAccount = (db: PrismaClient, email: string) =>
  db.user.create({ data: { email, displayName: email, role: 'clinician' } });

describe('read replicas on a streaming standby', () => {
  it('serves reads from the standby, which refuses writes: those go to the primary', async () => {
    const reader = await replicas.readerFor(database.prisma);
    const before = replicas.counts.replica;
    expect(await inRecovery(reader)).toBe(true);
    expect(await reader.user.count()).toBeGreaterThan(0);
    expect(replicas.counts.replica).toBe(before + 2);

    const refused = await onStandby.$executeRaw`UPDATE "User" SET "displayName" = 'x' WHERE false`.catch((e) => e);
    expect(sqlStateOf(refused)).toBe('25006');

    // A write through the routed client runs on the primary, and so does the rest of the request.
    const account = await newAccount(reader, 'routed-write@clinic.test');
    expect(await inRecovery(reader)).toBe(false);
    expect(await reader.user.findUnique({ where: { id: account.id } })).not.toBeNull();
  });

  it('runs a raw query that writes on the primary after the standby refuses it', async () => {
    const reader = await replicas.readerFor(database.prisma);
    const fallbacks = replicas.counts.fallback;
    const rows = await reader.$queryRaw<{ email: string }[]>`
      INSERT INTO "User" (id, email, "displayName", role, "updatedAt")
      VALUES (gen_random_uuid(), 'raw-write@clinic.test', 'raw', 'clinician', now()) RETURNING email`;
    expect(rows).toEqual([{ email: 'raw-write@clinic.test' }]);
    expect(replicas.counts.fallback).toBe(fallbacks + 1);
    expect(await inRecovery(reader)).toBe(false);
  });

  it('keeps work that reads in order to write on the primary (onPrimary)', async () => {
    const reader = await replicas.readerFor(database.prisma);
    expect(onPrimary(reader)).toBe(database.prisma);
    expect(await inRecovery(reader)).toBe(false);
    expect(onPrimary(database.prisma)).toBe(database.prisma);
  });

  it('lets a writer read their write while the standby lags, and others read the standby', async () => {
    await standby.pauseReplay();
    try {
      const account = await newAccount(database.prisma, 'lagging@clinic.test');
      const writtenAt = await writePosition(database.prisma);
      const someoneElse = await replicas.readerFor(database.prisma);
      expect(await someoneElse.user.findUnique({ where: { id: account.id } })).toBeNull();
      const writer = await replicas.readerFor(database.prisma, writtenAt);
      expect(writer).toBe(database.prisma);
      expect(await writer.user.findUnique({ where: { id: account.id } })).not.toBeNull();
      await standby.resumeReplay();
      await standby.catchUp();
      const caughtUp = await replicas.readerFor(database.prisma, writtenAt);
      expect(caughtUp).not.toBe(database.prisma);
      expect(await inRecovery(caughtUp)).toBe(true);
      expect(await caughtUp.user.findUnique({ where: { id: account.id } })).not.toBeNull();
    } finally {
      await standby.resumeReplay();
    }
  });

  it('takes a write position that the standby reaches without waiting for later WAL, even after a segment switch', async () => {
    await withClient(replicated.primaryAdminUrl, (admin) => admin.query('SELECT pg_switch_wal()'));
    // The insert position is now just past the new segment's page header, where no record ends:
    // pointing there would hold a writer on the primary, and catchUp() waiting, until something else was written.
    const position = lsnBytes(await writePosition(database.prisma));
    expect(position % SEGMENT_BYTES).not.toBe(40n);
    expect(position % PAGE_BYTES).not.toBe(24n);
    await standby.catchUp(3000);
    expect(await replicas.readerFor(database.prisma, await writePosition(database.prisma))).not.toBe(database.prisma);
  });

  it('reads from the primary without an error while the standby is gone, and from it again once back', async () => {
    const reader = await replicas.readerFor(database.prisma);
    const users = await database.prisma.user.count();
    await standby.stop();
    try {
      expect(await reader.user.count()).toBe(users);
      expect(logged.at(-1)).toMatch(
        /^Read replica 127\.0\.0\.1:\d+ is not answering \(.*\); its reads go to the primary/,
      );
      expect(logged.at(-1)).not.toContain(new URL(database.url).password);
      // Left out for a while: the next requests do not even try it.
      expect(await replicas.readerFor(database.prisma)).toBe(database.prisma);
    } finally {
      await standby.start();
    }
    await standby.catchUp();
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    const again = await replicas.readerFor(database.prisma);
    expect(again).not.toBe(database.prisma);
    expect(await inRecovery(again)).toBe(true);
  });
});

/** A pg_lsn's text ("16/B374D848") as a byte position. */
function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split('/') as [string, string];
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
