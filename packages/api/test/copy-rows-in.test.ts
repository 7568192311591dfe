import { poolOf, withClient } from '@nmo/db';
import { copyRowsIn, copyText } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './support.ts';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.drop());

/** A table of every kind of column the product writes by COPY, made by the owner (the application may not make tables) and dropped again. */
async function withCopiedTable<T>(work: (connection: Parameters<typeof copyRowsIn>[0]) => Promise<T>): Promise<T> {
  return withClient(database.ownerUrl, async (connection) => {
    await connection.query('BEGIN');
    try {
      await connection.query(`CREATE TABLE copied (s text, n numeric, b boolean, d date, ts timestamptz, j jsonb)`);
      return await work(connection);
    } finally {
      await connection.query('ROLLBACK');
    }
  });
}

describe('copyRowsIn (COPY FROM STDIN, text format)', () => {
  it('writes every kind of value back as it was, escapes included', async () => {
    const tricky = 'tab\there, new\nline, cr\r, back\\slash \\N, quote " and émoji 🧠';
    const rows = [
      {
        s: tricky,
        n: -0.3,
        b: true,
        d: '2024-02-29',
        ts: new Date('2024-02-29T23:59:59.123Z'),
        j: { note: tricky, list: [1, 2] },
      },
      { s: '', n: 0, b: false, d: '1999-12-31', ts: null, j: {} },
      { s: null, n: null, b: null, d: null, ts: undefined, j: null },
    ];
    const read = await withCopiedTable(async (c) => {
      await copyRowsIn(c, 'copied', rows);
      return (await c.query(`SELECT s, n::float8 AS n, b, d::text, ts, j FROM copied ORDER BY n NULLS LAST`)).rows;
    });
    // Read back as written; an undefined value is written as NULL.
    expect(read).toEqual(rows.map((row) => ({ ...row, ts: row.ts ?? null })));
  });

  it('refuses arrays and rows with other columns, naming the column, and writes nothing', async () => {
    expect(() => copyText(['a'], 'copied.s')).toThrow('copied.s: arrays are not written by COPY here');
    const written = await withCopiedTable(async (c) => {
      await c.query('SAVEPOINT before_copy');
      await expect(copyRowsIn(c, 'copied', [{ s: 'a', n: 1 }, { s: 'b' }])).rejects.toThrow(
        'copied: every row written by COPY needs the columns s, n',
      );
      // The COPY was cancelled, so its transaction is in error until rolled back to before it.
      await c.query('ROLLBACK TO SAVEPOINT before_copy');
      return (await c.query('SELECT count(*)::int AS n FROM copied')).rows[0];
    });
    expect(written).toEqual({ n: 0 });
  });

  it('is not offered for a transaction client: poolOf knows only the clients createPrismaClient made', async () => {
    expect(poolOf(database.prisma)).toBeDefined();
    await database.prisma.$transaction(async (tx) => {
      expect(poolOf(tx)).toBeUndefined();
    });
  });
});
