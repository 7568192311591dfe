import { type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { type CalendarDate, DEFAULT_RULE_SETTINGS, fieldErrors } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, inject } from 'vitest';
import { ZodError } from 'zod';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { appRouter } from '../src/root.ts';
import { createCallerFactory } from '../src/trpc/init.ts';

export type Role = 'clinician' | 'researcher' | 'admin';
const createCaller = createCallerFactory(appRouter);

export const openTestDatabase = (): Promise<TestDatabase> =>
  createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));

/** An account of the role (created on first use) and a server-side caller acting as it. */
export async function callerAs(db: PrismaClient, role: Role, email = `${role}@test.example`) {
  const user = await db.user.upsert({
    where: { email },
    update: {},
    create: { email, displayName: `Test ${role}`, role },
  });
  return createCaller({ db, actor: { id: user.id, email, role }, clientAddress: '192.0.2.10' });
}

export type Caller = Awaited<ReturnType<typeof callerAs>>;

/**
 * For the whole test file: a test database holding `cohort` with its flags computed as of `asOf`
 * (default settings); `opened` then sets up the file's callers. Dropped after the file.
 */
export function useCohortDatabase(
  cohort: Parameters<typeof importTimelineFile>[1],
  asOf: CalendarDate,
  opened: (database: TestDatabase) => Promise<void>,
): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase();
    await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
    await recomputeFlags(database.prisma, { asOf, settings: DEFAULT_RULE_SETTINGS });
    await opened(database);
  }, 120_000);
  afterAll(() => database?.drop());
}

export const anonymousCaller = (db: PrismaClient) => createCaller({ db, actor: null });

/** Rows in every table an API write may touch: "nothing was written" compares two of these. */
export async function rowCounts(db: PrismaClient) {
  const tables = await db.$queryRaw<{ table: string; rows: number }[]>`
    SELECT relname AS table, n_live_tup::int AS rows FROM pg_stat_user_tables ORDER BY relname`;
  const counts: Record<string, number> = {};
  for (const { table } of tables) {
    if (table.startsWith('_')) continue;
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

/** The tRPC error code and field paths of a failed call. */
export async function failure(call: Promise<unknown>): Promise<{ code: string; fields: string[]; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: string; message: string; cause?: { fieldErrors?: { path: string }[] } };
    const fields = e.cause instanceof ZodError ? fieldErrors(e.cause) : (e.cause?.fieldErrors ?? []);
    return { code: e.code ?? 'UNKNOWN', fields: fields.map((f) => f.path), message: e.message };
  }
  throw new Error('expected the call to fail');
}

/** Every page of a keyset-paged read, following its cursors (at most `maxPages`). */
export async function everyPage<Page extends { nextCursor: string | null }>(
  read: (cursor?: string) => Promise<Page>,
  maxPages = 200,
): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < maxPages);
  return pages;
}
