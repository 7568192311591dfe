import type { TestDatabase } from '@nmo/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/accounts/passwords.ts';
import { createSession, resolveSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../src/auth/sessions.ts';
import { THROTTLE } from '../src/auth/throttle.ts';
import { appRouter } from '../src/root.ts';
import { createCallerFactory } from '../src/trpc/init.ts';
import { callerAs, failure, openTestDatabase } from './support.ts';

let database: TestDatabase;
let userId: string;
const PASSWORD = 'a long enough passphrase';
beforeAll(async () => {
  database = await openTestDatabase();
  const user = await database.prisma.user.create({
    data: {
      email: 'doc@clinic.test',
      displayName: 'Doc',
      role: 'clinician',
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  userId = user.id;
});
afterAll(() => database.drop());

/** A caller as an anonymous browser from one address, remembering the cookie it is given. */
function browser(address: string) {
  const jar: { token: string | null } = { token: null };
  const caller = createCallerFactory(appRouter)({
    db: database.prisma,
    actor: null,
    clientAddress: address,
    setSessionCookie: (token) => {
      jar.token = token;
    },
  });
  return { caller, jar };
}

describe('sessions', () => {
  it('end after 30 minutes idle, and after 12 hours even when in use', async () => {
    const start = new Date('2026-01-01T08:00:00Z');
    const { token } = await createSession(database.prisma, userId, {}, start);
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(await resolveSession(database.prisma, token, at(SESSION_IDLE_MS - 1000))).not.toBeNull();
    // Used every 20 minutes it stays alive…
    for (let t = 20; t * 60_000 < SESSION_ABSOLUTE_MS; t += 20)
      expect(await resolveSession(database.prisma, token, at(t * 60_000)), `${t} min`).not.toBeNull();
    // …until the absolute limit.
    expect(await resolveSession(database.prisma, token, at(SESSION_ABSOLUTE_MS + 1))).toBeNull();
    expect(await database.prisma.session.count({ where: { userId } })).toBe(0);

    const idle = await createSession(database.prisma, userId, {}, start);
    expect(await resolveSession(database.prisma, idle.token, at(SESSION_IDLE_MS + 1000))).toBeNull();
    expect(await resolveSession(database.prisma, 'not-a-token')).toBeNull();
  });

  it('end when the account is disabled, and on logout', async () => {
    const { token } = await createSession(database.prisma, userId, {});
    const session = await resolveSession(database.prisma, token);
    expect(session?.actor.email).toBe('doc@clinic.test');
    const caller = createCallerFactory(appRouter)({
      db: database.prisma,
      actor: session?.actor ?? null,
      sessionId: session?.sessionId,
    });
    await caller.auth.logout();
    expect(await resolveSession(database.prisma, token)).toBeNull();
    expect(await database.prisma.auditEvent.count({ where: { action: 'auth.logout', actorId: userId } })).toBe(1);

    const second = await createSession(database.prisma, userId, {});
    await database.prisma.user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await resolveSession(database.prisma, second.token)).toBeNull();
    await database.prisma.user.update({ where: { id: userId }, data: { disabled: false } });
  });
});

describe('sign-in', () => {
  it('audits success and failure, with one message for wrong password and unknown account', async () => {
    const { caller, jar } = browser('198.51.100.1');
    const wrong = await failure(caller.auth.login({ email: 'doc@clinic.test', password: 'wrong password' }));
    const unknown = await failure(caller.auth.login({ email: 'ghost@clinic.test', password: 'wrong password' }));
    expect(wrong).toEqual(unknown);
    expect(wrong.code).toBe('UNAUTHORIZED');
    await caller.auth.login({ email: 'doc@clinic.test', password: PASSWORD });
    expect(jar.token).toMatch(/^[\w-]{43}$/);
    const rows = await database.prisma.auditEvent.findMany({ where: { action: 'auth.login' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.success)).toEqual([false, false, true]);
    expect(rows.every((r) => r.clientAddress === '198.51.100.1')).toBe(true);
  });

  it('locks an email after 5 failures in 15 minutes, known account or not, then lets it in again', async () => {
    for (const email of ['doc@clinic.test', 'nobody@clinic.test']) {
      const { caller } = browser('198.51.100.2');
      for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++)
        expect((await failure(caller.auth.login({ email, password: `guess ${i}` }))).code).toBe('UNAUTHORIZED');
      const locked = await failure(caller.auth.login({ email, password: PASSWORD }));
      expect(locked.code).toBe('TOO_MANY_REQUESTS');
      expect(locked.message).toMatch(/try again in 15 minutes/);
    }
    // The window passes (attempts age out): the right password works again.
    await database.prisma.loginAttempt.updateMany({ data: { at: new Date(Date.now() - THROTTLE.windowMs - 1000) } });
    const { caller } = browser('198.51.100.2');
    expect((await caller.auth.login({ email: 'doc@clinic.test', password: PASSWORD })).email).toBe('doc@clinic.test');
    expect(
      await database.prisma.auditEvent.count({
        where: { action: 'auth.login', success: false, details: { path: ['reason'], equals: 'throttled' } },
      }),
    ).toBe(2);
  });

  it('checks at most 5 of 30 simultaneous wrong passwords for one account', async () => {
    const email = 'doc@clinic.test';
    await database.prisma.loginAttempt.deleteMany({});
    const { caller } = browser('198.51.100.30');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => failure(caller.auth.login({ email, password: `guess ${i}` }))),
    );
    const codes = results.map((result) => result.code);
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(THROTTLE.maxFailuresPerEmail);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(30 - THROTTLE.maxFailuresPerEmail);
    expect(await database.prisma.loginAttempt.count({ where: { email } })).toBe(THROTTLE.maxFailuresPerEmail);
    await database.prisma.loginAttempt.deleteMany({});
  });

  it('slows an address that fails too often without locking out the clinic behind it', async () => {
    await database.prisma.loginAttempt.deleteMany({});
    const { caller } = browser('203.0.113.9');
    for (let i = 0; i < THROTTLE.maxFailuresPerAddress; i++)
      await failure(caller.auth.login({ email: `user${i}@clinic.test`, password: 'guess' }));
    // Straight after the 30th failure: wait a few seconds, not 15 minutes.
    const slowed = await failure(caller.auth.login({ email: 'doc@clinic.test', password: PASSWORD }));
    expect(slowed.code).toBe('TOO_MANY_REQUESTS');
    expect(slowed.message).toMatch(/from your network; try again in [1-5] seconds?$/);
    // A colleague behind the same address, once the delay has passed, signs in.
    await database.prisma
      .$executeRaw`UPDATE "LoginAttempt" SET at = at - ${`${THROTTLE.addressDelayMs + 1000} milliseconds`}::interval`;
    expect((await caller.auth.login({ email: 'doc@clinic.test', password: PASSWORD })).role).toBe('clinician');
    // …and the next attempt from that address is spaced again.
    expect((await failure(caller.auth.login({ email: 'x@clinic.test', password: 'guess' }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    const elsewhere = browser('203.0.113.10');
    expect((await elsewhere.caller.auth.login({ email: 'doc@clinic.test', password: PASSWORD })).role).toBe(
      'clinician',
    );
    await database.prisma.loginAttempt.deleteMany({});
  });

  it('answers over-long or malformed sign-in input with a 400 naming the field, and audits it', async () => {
    const { caller } = browser('198.51.100.40');
    const before = await database.prisma.auditEvent.count({ where: { action: 'auth.login', success: false } });
    const long = await failure(caller.auth.login({ email: `${'a'.repeat(2700)}@clinic.test`, password: 'x' }));
    expect(long).toMatchObject({ code: 'BAD_REQUEST', fields: ['email'] });
    const wrongType = await failure(caller.auth.login({ email: 'doc@clinic.test', password: 12 } as never));
    expect(wrongType.fields).toEqual(['password']);
    const rows = await database.prisma.auditEvent.findMany({
      where: { action: 'auth.login', success: false },
      orderBy: { id: 'asc' },
      skip: before,
    });
    expect(rows.map((row) => row.details)).toEqual([
      { reason: 'malformed input', fields: ['email'] },
      { reason: 'malformed input', fields: ['password'] },
    ]);
    expect(rows.every((row) => row.clientAddress === '198.51.100.40')).toBe(true);
  });

  it('changes a password: checks the current one, ends other sessions, audits', async () => {
    const other = await createSession(database.prisma, userId, {});
    const current = await createSession(database.prisma, userId, {});
    const session = await resolveSession(database.prisma, current.token);
    const caller = createCallerFactory(appRouter)({
      db: database.prisma,
      actor: session?.actor ?? null,
      sessionId: session?.sessionId,
    });
    expect(
      (await failure(caller.auth.changePassword({ currentPassword: 'nope', newPassword: 'another long passphrase' })))
        .fields,
    ).toEqual(['currentPassword']);
    expect(
      (await failure(caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'short' }))).fields,
    ).toEqual(['newPassword']);
    await caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'another long passphrase' });
    expect(await resolveSession(database.prisma, other.token)).toBeNull();
    expect(await resolveSession(database.prisma, current.token)).not.toBeNull();
    expect(await database.prisma.auditEvent.count({ where: { action: 'account.password.change' } })).toBe(1);
  });
});

describe('accounts (admin)', () => {
  it('creates, changes role, disables and re-enables accounts, each audited', async () => {
    const admin = await callerAs(database.prisma, 'admin');
    const created = await admin.accounts.create({
      email: 'New.Nurse@Clinic.test',
      displayName: 'New Nurse',
      role: 'clinician',
    });
    expect(created.account.email).toBe('new.nurse@clinic.test');
    expect(created.temporaryPassword).toMatch(/^[\w-]{16}$/);
    expect(
      (await failure(admin.accounts.create({ email: 'new.nurse@clinic.test', displayName: 'X', role: 'admin' }))).code,
    ).toBe('CONFLICT');
    const { caller } = browser('198.51.100.50');
    await caller.auth.login({ email: 'new.nurse@clinic.test', password: created.temporaryPassword ?? '' });

    expect((await admin.accounts.update({ id: created.account.id, role: 'researcher' })).role).toBe('researcher');
    expect((await admin.accounts.setDisabled({ id: created.account.id, disabled: true })).disabled).toBe(true);
    expect(
      (
        await failure(
          browser('198.51.100.51').caller.auth.login({
            email: 'new.nurse@clinic.test',
            password: created.temporaryPassword ?? '',
          }),
        )
      ).code,
    ).toBe('UNAUTHORIZED');
    await admin.accounts.setDisabled({ id: created.account.id, disabled: false });
    const reset = await admin.accounts.resetPassword({ id: created.account.id });
    expect(
      (
        await browser('198.51.100.52').caller.auth.login({
          email: 'new.nurse@clinic.test',
          password: reset.temporaryPassword,
        })
      ).role,
    ).toBe('researcher');

    const actions = (await admin.audit.list({ action: 'account.' })).items
      .filter((i) => i.entityId === created.account.id)
      .map((i) => i.action)
      .reverse();
    expect(actions).toEqual([
      'account.create',
      'account.update',
      'account.disable',
      'account.enable',
      'account.password.reset',
    ]);
    const me = await database.prisma.user.findUniqueOrThrow({ where: { email: 'admin@test.example' } });
    expect((await failure(admin.accounts.setDisabled({ id: me.id, disabled: true }))).fields).toEqual(['id']);
    expect((await admin.accounts.list()).map((a) => a.email)).toContain('new.nurse@clinic.test');
  });

  it('settings changes are audited with before and after; invalid ones save nothing', async () => {
    const admin = await callerAs(database.prisma, 'admin');
    const bad = await failure(admin.settings.update({ overrides: { acute: { delayedAfterDays: -3 } } }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fields[0]).toMatch(/^overrides\.acute\.delayedAfterDays/);
    expect(await database.prisma.clinicSetting.count()).toBe(0);
    await admin.settings.update({ overrides: { acute: { delayedAfterDays: 10 } } });
    expect((await admin.settings.get()).inForce.acute.delayedAfterDays).toBe(10);
    const rows = await admin.audit.list({ action: 'settings.update' });
    expect(rows.items).toHaveLength(1);
    expect(rows.items[0]?.details).toEqual({ before: null, after: { acute: { delayedAfterDays: 10 } } });
  });
});
