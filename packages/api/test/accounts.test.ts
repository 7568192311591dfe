import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNTS, ensureDemoAccounts } from '../src/accounts/demo.ts';
import { hashPassword, verifyPassword } from '../src/accounts/passwords.ts';

describe('passwords', () => {
  it('are stored as argon2id hashes that verify only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
  });
});

describe('demo accounts', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(() => database.drop());

  it('are created once, one per role, with a password that is returned only the first time', async () => {
    const password = await ensureDemoAccounts(database.prisma);
    expect(password).toMatch(/^\S{16}$/);
    const users = await database.prisma.user.findMany({
      where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
      orderBy: { email: 'asc' },
    });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['admin@example.org', 'admin'],
      ['clinician@example.org', 'clinician'],
      ['researcher@example.org', 'researcher'],
    ]);
    expect(await verifyPassword(users[0]?.passwordHash ?? '', password ?? '')).toBe(true);
    expect(await ensureDemoAccounts(database.prisma)).toBeUndefined();
  });
});
