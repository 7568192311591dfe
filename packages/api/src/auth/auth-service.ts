import { randomBytes } from 'node:crypto';
import { type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import type { FieldError } from '@nmo/domain';
import { writeAudit } from '@nmo/storage';
import { hashPassword, verifyPassword } from '../accounts/passwords.ts';
import type { ActingContext } from '../trpc/context.ts';
import { AppError } from '../trpc/errors.ts';
import { createSession, endSession } from './sessions.ts';
import { reserveLoginAttempt, settleAttempt } from './throttle.ts';

/** One message for every failure, so that the answer never tells whether an account exists. */
const LOGIN_FAILED = 'The email or password is not correct, or the account is disabled';

/** Checked against when the account does not exist, so that both failures take as long. */
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
};

const waitText = (until: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};

export interface SignedInAccount {
  id: string;
  email: string;
  displayName: string;
  role: 'clinician' | 'researcher' | 'admin';
}

/**
 * Checks an email and password (throttled per email and per network), and on success opens a
 * session. Every attempt is audited; every failure says the same thing (LOGIN_FAILED) unless the
 * attempt was throttled.
 */
export async function signIn(
  db: PrismaClient,
  input: { email: string; password: string; clientAddress?: string | undefined },
): Promise<{ account: SignedInAccount; session: { token: string; expiresAt: Date } }> {
  const { email, clientAddress } = input;
  const auditFailure = (userId: string | undefined, reason: string) =>
    writeAudit(db, {
      actorId: userId ?? SYSTEM_USER_ID,
      action: 'auth.login',
      entityType: 'User',
      entityId: userId,
      clientAddress,
      success: false,
      details: { email, reason },
    });
  const reservation = await reserveLoginAttempt(db, { email, clientAddress });
  const user = await db.user.findUnique({ where: { email } });
  if (!reservation.allowed) {
    await auditFailure(user?.id, reservation.reason === 'email' ? 'throttled' : 'throttled address');
    throw new AppError(
      'TOO_MANY_REQUESTS',
      reservation.reason === 'email'
        ? `Too many failed sign-ins; try again in ${waitText(reservation.until)}`
        : `Too many failed sign-ins from your network; try again in ${waitText(reservation.until)}`,
    );
  }
  const matches = await verifyPassword(user?.passwordHash ?? (await decoy()), input.password);
  const ok = matches && user !== null && !user.disabled && user.role !== 'system' && user.passwordHash !== null;
  if (!ok || !user || user.role === 'system') {
    await auditFailure(user?.id, user?.disabled ? 'disabled' : 'bad credentials');
    throw new AppError('UNAUTHORIZED', LOGIN_FAILED);
  }
  const session = await db.$transaction(async (tx) => {
    await settleAttempt(tx, reservation.attemptId);
    const created = await createSession(tx, user.id, { clientAddress });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await writeAudit(tx, {
      actorId: user.id,
      action: 'auth.login',
      entityType: 'User',
      entityId: user.id,
      clientAddress,
    });
    return created;
  });
  return {
    account: { id: user.id, email: user.email, displayName: user.displayName, role: user.role },
    session,
  };
}

/** A sign-in whose input the schema refused: audited like any failed sign-in, naming the fields but not their values. */
export async function auditMalformedSignIn(
  db: PrismaClient,
  fields: FieldError[],
  clientAddress: string | undefined,
): Promise<void> {
  await writeAudit(db, {
    actorId: SYSTEM_USER_ID,
    action: 'auth.login',
    entityType: 'User',
    clientAddress,
    success: false,
    details: { reason: 'malformed input', fields: fields.map((error) => error.path) },
  });
}

/** Ends the session (when there is one) and records the sign-out. */
export async function signOut(ctx: ActingContext & { sessionId?: string | undefined }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    if (ctx.sessionId) await endSession(tx, ctx.sessionId);
    await writeAudit(tx, { actorId: ctx.actor.id, action: 'auth.logout', clientAddress: ctx.clientAddress });
  });
}

const invalid = (path: string, message: string) =>
  new AppError('BAD_REQUEST', 'Some fields are not valid', [{ path, message }]);

/** Changes one's own password; every other session of the account ends. */
export async function changeOwnPassword(
  ctx: ActingContext & { sessionId?: string | undefined },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await ctx.db.user.findUnique({ where: { id: ctx.actor.id } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw invalid('currentPassword', 'is not your current password');
  if (input.newPassword === input.currentPassword)
    throw invalid('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({
      where: { userId: user.id, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
    });
    await writeAudit(tx, {
      actorId: user.id,
      action: 'account.password.change',
      entityType: 'User',
      entityId: user.id,
      clientAddress: ctx.clientAddress,
    });
  });
}
