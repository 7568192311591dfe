import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient, PREPARED_STATEMENT_MIN_LENGTH, queryTextColumn, sqlOf } from '../src/client.ts';
import { withClient } from '../src/roles.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** Reads of JSON text built by PostgreSQL (decision 0039): on the client's pool, or in a transaction through Prisma. */
describe('queryTextColumn', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reads on the pool with the session settings every connection gets (UTC, ISO dates)', async () => {
    const settings = await queryTextColumn(
      database.prisma,
      `SELECT current_setting('TimeZone') UNION ALL SELECT current_setting('DateStyle') UNION ALL SELECT '2024-02-29 10:00+05'::timestamptz::text`,
      [],
    );
    expect(settings).toEqual(['UTC', 'ISO, MDY', '2024-02-29 05:00:00+00']);
  });

  it('binds parameters as the product passes them (a uuid array, a text)', async () => {
    const ids = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000ff'];
    const found = await queryTextColumn(
      database.prisma,
      `SELECT json_build_object('id', id, 'email', email)::text FROM "User" WHERE id = ANY($1::uuid[]) AND email <> $2::text`,
      [ids, 'nobody@example.org'],
    );
    expect(found.map((text) => JSON.parse(text).id)).toEqual([ids[0]]);
  });

  it('runs a long statement again and again (prepared by name from its second use) with the same answer', async () => {
    const sql = `SELECT $1::text /* ${'x'.repeat(PREPARED_STATEMENT_MIN_LENGTH)} */`;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await queryTextColumn(database.prisma, sql, [`call ${i}`]));
    expect(answers).toEqual([0, 1, 2, 3, 4].map((i) => [`call ${i}`]));
  });

  it("inside a transaction, reads on the transaction's connection and sees its uncommitted writes", async () => {
    const email = 'pool-read@example.org';
    const sql = `SELECT email FROM "User" WHERE email = $1::text`;
    await database.prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email, displayName: 'Pool Read', role: 'clinician' } });
        expect(await queryTextColumn(tx, sql, [email])).toEqual([email]);
        // The client's own pool is another connection: the write is not committed yet.
        expect(await queryTextColumn(database.prisma, sql, [email])).toEqual([]);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await queryTextColumn(database.prisma, sql, [email])).toEqual([]);
  });

  it('survives its idle connections being ended by the server, and reads again on new ones', async () => {
    // A client that has read only through its pool: Prisma's adapter, which would listen for the
    // pool's errors, has not connected yet.
    const client = createPrismaClient(database.url);
    try {
      expect(await queryTextColumn(client, 'SELECT 1::text', [])).toEqual(['1']);
      // The server ends every connection of the test database (an administrator, a restart).
      await withClient(inject('pgAdminUrl'), (admin) =>
        admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await queryTextColumn(client, 'SELECT 2::text', [])).toEqual(['2']);
      expect(await client.user.count()).toBeGreaterThan(0);
    } finally {
      await client.$disconnect();
    }
  });

  it('sqlOf: rows with typed values on the pool; in a transaction through Prisma, seeing its own writes', async () => {
    const sql = `SELECT "email", "disabled", "createdAt" FROM "User" WHERE "email" = $1`;
    const [system] = await sqlOf(database.prisma)(sql.replace('"email" = $1', '"id" = $1::uuid'), [
      '00000000-0000-0000-0000-000000000001',
    ]);
    expect(system).toMatchObject({ disabled: false, createdAt: expect.any(Date) });
    const email = 'sqlof-in-transaction@example.org';
    const seen = await database.prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email, displayName: 'In transaction', role: 'clinician' } });
        const rows = await sqlOf(tx)(sql, [email]);
        throw Object.assign(new Error('roll back'), { rows });
      })
      .catch((error: { rows: unknown[] }) => error.rows);
    expect(seen).toEqual([{ email, disabled: false, createdAt: expect.any(Date) }]);
    expect(await sqlOf(database.prisma)(sql, [email])).toEqual([]);
  });
});
