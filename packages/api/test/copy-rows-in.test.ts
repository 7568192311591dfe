import { connectionOfTransaction, poolOf, withClient } from '@nmo/db';
import { copyRowsIn, copyText, prepareCopy } from '@nmo/storage';
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
      await connection.query(
        `CREATE TABLE copied (s text, n numeric, b boolean, d date, ts timestamptz, j jsonb, a text[], k int DEFAULT 7)`,
      );
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
        a: ['plain', tricky, 'with "quotes", a comma, {braces} and \\ one backslash', '', 'NULL', null],
      },
      { s: '', n: 0, b: false, d: '1999-12-31', ts: null, j: {}, a: [] },
      { s: null, n: null, b: null, d: null, ts: undefined, j: null, a: null },
    ];
    const read = await withCopiedTable(async (c) => {
      await copyRowsIn(c, 'copied', rows);
      return (await c.query(`SELECT s, n::float8 AS n, b, d::text, ts, j, a FROM copied ORDER BY n NULLS LAST`)).rows;
    });
    // Read back as written; an undefined value is written as NULL.
    expect(read).toEqual(rows.map((row) => ({ ...row, ts: row.ts ?? null })));
  });

  it('with columnsOfAnyRow, a column some rows lack is NULL there; a column no row has keeps its default', async () => {
    const read = await withCopiedTable(async (c) => {
      await copyRowsIn(c, 'copied', [{ s: 'a' }, { s: 'b', n: 2 }, { n: 3 }], { columnsOfAnyRow: true });
      return (await c.query('SELECT s, n::float8 AS n, k FROM copied ORDER BY n NULLS FIRST')).rows;
    });
    expect(read).toEqual([
      { s: 'a', n: null, k: 7 },
      { s: 'b', n: 2, k: 7 },
      { s: null, n: 3, k: 7 },
    ]);
  });

  it('refuses nested arrays and rows with other columns, naming the column, and writes nothing', async () => {
    expect(() => copyText([['a']], 'copied.a')).toThrow('copied.a: only arrays of plain values are written by COPY');
    expect(() => copyText([{ a: 1 }], 'copied.a')).toThrow('copied.a: only arrays of plain values');
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

  it('with defaults, a row without a value (undefined) gets the default; a null stays NULL', async () => {
    const read = await withCopiedTable(async (c) => {
      await copyRowsIn(c, 'copied', [{ s: 'a' }, { s: 'b', b: false }, { s: 'c', b: null }], {
        columns: ['s', 'b'],
        defaults: { b: true, d: '2024-02-29' },
      });
      return (await c.query('SELECT s, b, d::text, k FROM copied ORDER BY s')).rows;
    });
    expect(read).toEqual([
      { s: 'a', b: true, d: '2024-02-29', k: 7 },
      { s: 'b', b: false, d: '2024-02-29', k: 7 },
      { s: 'c', b: null, d: '2024-02-29', k: 7 },
    ]);
  });

  it('formats no value before the connection asks for its chunk (an import plans on meanwhile)', () => {
    const reads: string[] = [];
    const row = (index: number) =>
      new Proxy({ s: `row ${index}` } as Record<string, unknown>, {
        get: (target, key: string) => {
          reads.push(`${index}.${key}`);
          return target[key];
        },
      });
    const copy = prepareCopy(
      'copied',
      Array.from({ length: 1200 }, (_, index) => row(index)),
      { columnsOfAnyRow: true },
    );
    expect(reads).toEqual([]);
    const chunks = copy?.chunks[Symbol.iterator]();
    expect(chunks?.next().value?.split('\n')[0]).toBe('row 0');
    // One chunk formatted: its rows and no others.
    expect(reads).toContain('499.s');
    expect(reads).not.toContain('500.s');
    // Read again, the text is formatted again from the first row.
    expect(copy?.chunks[Symbol.iterator]().next().value?.split('\n')[0]).toBe('row 0');
  });

  it('a value it cannot write deep into a COPY cancels the COPY, names the column, and leaves the connection usable', async () => {
    // Rows of about 200 bytes: each chunk of 500 is larger than the COPY stream's 16 kB buffer, so
    // the first chunks go out to PostgreSQL before the third is formatted.
    const rows = Array.from({ length: 1500 }, (_, index) => ({
      s: `row ${index} ${'x'.repeat(200)}`,
      a: index === 1200 ? [['nested']] : ['x'],
    }));
    const written = await withCopiedTable(async (c) => {
      await c.query('SAVEPOINT before_copy');
      await expect(copyRowsIn(c, 'copied', rows)).rejects.toThrow('copied.a: only arrays of plain values');
      await c.query('ROLLBACK TO SAVEPOINT before_copy');
      return (await c.query('SELECT count(*)::int AS n FROM copied')).rows[0];
    });
    // The chunks before the bad row had reached PostgreSQL; the cancelled COPY wrote none of them.
    expect(written).toEqual({ n: 0 });
  });

  it('is not offered for a transaction client: poolOf knows only the clients createPrismaClient made', async () => {
    expect(poolOf(database.prisma)).toBeDefined();
    await database.prisma.$transaction(async (tx) => {
      expect(poolOf(tx)).toBeUndefined();
    });
  });

  it("finds an interactive transaction's own connection: a COPY on it is part of that transaction", async () => {
    const prisma = database.prisma;
    const mrn = 'COPY-IN-TX-1';
    const failure = await prisma
      .$transaction(async (tx) => {
        const connection = await connectionOfTransaction(prisma, tx);
        if (!connection) throw new Error('no connection found');
        const { id: actor } = await tx.user.findFirstOrThrow({ select: { id: true } });
        await copyRowsIn(connection, 'AuditEvent', [{ actorId: actor, action: 'test.copy', entityId: mrn }]);
        // The transaction sees the copied row before it commits…
        expect(await tx.auditEvent.count({ where: { entityId: mrn } })).toBe(1);
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    // …and the rollback takes it away.
    expect(failure).toBe('roll back');
    expect(await prisma.auditEvent.count({ where: { entityId: mrn } })).toBe(0);
    // A client not made by createPrismaClient (here, an extended one) has none to offer.
    const extended = prisma.$extends({}) as unknown as typeof prisma;
    await extended.$transaction(async (tx) => {
      expect(await connectionOfTransaction(extended, tx)).toBeUndefined();
    });
  });
});
