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
  it('names long statements by their text, and leaves short ones unnamed', () => {
    const name = preparedStatementName();
    expect(name({ sql: statementOf(PREPARED_STATEMENT_MIN_LENGTH - 1) })).toBeUndefined();
    const long = statementOf(PREPARED_STATEMENT_MIN_LENGTH);
    expect(name({ sql: long })).toMatch(/^nmo_[0-9a-f]{24}$/);
    expect(name({ sql: long })).toBe(name({ sql: long }));
    expect(name({ sql: statementOf(PREPARED_STATEMENT_MIN_LENGTH, 2) })).not.toBe(name({ sql: long }));
  });

  it('prepares at most PREPARED_STATEMENTS_MAX texts, then sends new ones unnamed', () => {
    const name = preparedStatementName();
    const named = Array.from({ length: PREPARED_STATEMENTS_MAX + 5 }, (_, i) =>
      name({ sql: statementOf(PREPARED_STATEMENT_MIN_LENGTH, i) }),
    );
    expect(named.filter(Boolean)).toHaveLength(PREPARED_STATEMENTS_MAX);
    expect(new Set(named.filter(Boolean)).size).toBe(PREPARED_STATEMENTS_MAX);
    // The ones already named keep their names.
    expect(name({ sql: statementOf(PREPARED_STATEMENT_MIN_LENGTH, 0) })).toBe(named[0]);
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

  it('is prepared once on its connection and gives the same rows each time', async () => {
    const long = statementOf(PREPARED_STATEMENT_MIN_LENGTH + 100, 7);
    const prepared = await prisma.$transaction(async (tx) => {
      // One connection for the transaction: the second run reuses the statement the first prepared.
      expect(await tx.$queryRawUnsafe(long)).toEqual([{ n: 7 }]);
      expect(await tx.$queryRawUnsafe(long)).toEqual([{ n: 7 }]);
      return tx.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;
    });
    expect(prepared.filter((row) => row.statement === long).map((row) => row.name)).toEqual([
      preparedStatementName()({ sql: long }),
    ]);
  });
});
