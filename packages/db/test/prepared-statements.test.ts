import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPrismaClient,
  PREPARED_STATEMENT_MIN_LENGTH,
  PREPARED_STATEMENTS_MAX,
  type PrismaClient,
  preparedStatementName,
} from '../src/client.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** A statement of at least the given length: a select with a comment that pads it. */
const statementOf = (length: number, value = 1) => {
  const head = `SELECT ${value}::int AS n /* `;
  return `${head}${'x'.repeat(Math.max(0, length - head.length - 3))} */`;
};

describe('which statements are prepared by name', () => {
  it('names a long statement from its second use, by its text, and leaves short ones unnamed', () => {
    const name = preparedStatementName();
    const short = statementOf(PREPARED_STATEMENT_MIN_LENGTH - 1);
    expect([name({ sql: short }), name({ sql: short })]).toEqual([undefined, undefined]);
    const long = statementOf(PREPARED_STATEMENT_MIN_LENGTH);
    // The first use goes unnamed: a one-off text (an export page's) is never kept prepared.
    expect(name({ sql: long })).toBeUndefined();
    expect(name({ sql: long })).toMatch(/^nmo_[0-9a-f]{24}$/);
    expect(name({ sql: long })).toBe(name({ sql: long }));
    const other = statementOf(PREPARED_STATEMENT_MIN_LENGTH, 2);
    name({ sql: other });
    expect(name({ sql: other })).not.toBe(name({ sql: long }));
  });

  it('prepares at most PREPARED_STATEMENTS_MAX texts, then sends new ones unnamed', () => {
    const name = preparedStatementName();
    const texts = Array.from({ length: PREPARED_STATEMENTS_MAX + 5 }, (_, i) =>
      statementOf(PREPARED_STATEMENT_MIN_LENGTH, i),
    );
    for (const sql of texts) name({ sql });
    const named = texts.map((sql) => name({ sql }));
    expect(named.filter(Boolean)).toHaveLength(PREPARED_STATEMENTS_MAX);
    expect(new Set(named.filter(Boolean)).size).toBe(PREPARED_STATEMENTS_MAX);
    // The ones already named keep their names.
    expect(name({ sql: texts[0] as string })).toBe(named[0]);
  });

  it('forgets the oldest texts seen once, so one-off texts do not pile up', () => {
    const name = preparedStatementName();
    const first = statementOf(PREPARED_STATEMENT_MIN_LENGTH, -1);
    name({ sql: first });
    for (let i = 0; i < 300; i++) name({ sql: statementOf(PREPARED_STATEMENT_MIN_LENGTH, i) });
    // Seen once, but so long ago that its second use counts as a first.
    expect(name({ sql: first })).toBeUndefined();
    expect(name({ sql: first })).toMatch(/^nmo_/);
  });
});

describe('a long statement through the Prisma client', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    prisma = createPrismaClient(database.url);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('is prepared once on its connection from its second use, and gives the same rows each time', async () => {
    const long = statementOf(PREPARED_STATEMENT_MIN_LENGTH + 100, 7);
    const prepared = await prisma.$transaction(async (tx) => {
      // One connection for the transaction: the second run prepares it, the third reuses it.
      for (let run = 0; run < 3; run++) expect(await tx.$queryRawUnsafe(long)).toEqual([{ n: 7 }]);
      return tx.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;
    });
    const naming = preparedStatementName();
    naming({ sql: long });
    expect(prepared.filter((row) => row.statement === long).map((row) => row.name)).toEqual([naming({ sql: long })]);
  });
});
