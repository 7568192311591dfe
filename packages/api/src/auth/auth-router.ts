import { randomBytes } from 'node:crypto';
import { SYSTEM_USER_ID } from '@nmo/db';
import { fieldErrors } from '@nmo/domain';
import { ZodError, z } from 'zod';
import { emailSchema, newPasswordSchema } from '../accounts/password-policy.ts';
import { hashPassword, verifyPassword } from '../accounts/passwords.ts';
import { AppError } from '../trpc/errors.ts';
import {
  authedProcedure,
  mappedProcedure,
  middleware,
  publicProcedure,
  refuseUnsafeText,
  router,
} from '../trpc/init.ts';
import { createSession, endSession } from './sessions.ts';
import { reserveLoginAttempt, settleAttempt } from './throttle.ts';

const password = z.string({ error: 'must be text' }).min(1, { error: 'is required' }).max(1000);

/** One message for every failure, so that the answer never tells whether an account exists. */
const LOGIN_FAILED = 'The email or password is not correct, or the account is disabled';

/** Checked against when the account does not exist, so that both failures take as long. */
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
};

export const accountSchema = z.strictObject({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['clinician', 'researcher', 'admin']),
});

/**
 * Sign-in input the schema refuses (a 2.7 KB "email", a number for a password) is answered with a
 * 400 naming the fields and audited like any failed sign-in, without the values themselves.
 */
const auditMalformedLogin = middleware(async ({ ctx, next }) => {
  const result = await next();
  const cause = result.ok ? undefined : result.error.cause;
  const fields =
    cause instanceof ZodError
      ? fieldErrors(cause)
      : cause instanceof AppError && cause.code === 'BAD_REQUEST'
        ? cause.fieldErrors
        : undefined;
  if (fields) {
    await ctx.db.auditEvent.create({
      data: {
        actorId: SYSTEM_USER_ID,
        action: 'auth.login',
        entityType: 'User',
        clientAddress: ctx.clientAddress ?? null,
        success: false,
        details: { reason: 'malformed input', fields: fields.map((error) => error.path) },
      },
    });
  }
  return result;
});

const waitText = (until: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};

export const authRouter = router({
  /** The signed-in account, or null. */
  me: publicProcedure.output(accountSchema.nullable()).query(async ({ ctx }) => {
    if (!ctx.actor) return null;
    const user = await ctx.db.user.findUnique({ where: { id: ctx.actor.id } });
    if (!user || user.role === 'system') return null;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
  }),

  login: mappedProcedure
    .use(auditMalformedLogin)
    .use(refuseUnsafeText)
    .input(z.strictObject({ email: emailSchema, password }))
    .output(accountSchema)
    .mutation(async ({ ctx, input }) => {
      const address = ctx.clientAddress;
      const audit = (success: boolean, userId: string | undefined, reason?: string) =>
        ctx.db.auditEvent.create({
          data: {
            actorId: userId ?? SYSTEM_USER_ID,
            action: 'auth.login',
            entityType: 'User',
            entityId: userId ?? null,
            clientAddress: address ?? null,
            success,
            details: success ? {} : { email: input.email, reason: reason ?? 'bad credentials' },
          },
        });
      const reservation = await reserveLoginAttempt(ctx.db, { email: input.email, clientAddress: address });
      const user = await ctx.db.user.findUnique({ where: { email: input.email } });
      if (!reservation.allowed) {
        await audit(false, user?.id, reservation.reason === 'email' ? 'throttled' : 'throttled address');
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
        await audit(false, user?.id, user?.disabled ? 'disabled' : undefined);
        throw new AppError('UNAUTHORIZED', LOGIN_FAILED);
      }
      const session = await ctx.db.$transaction(async (tx) => {
        await settleAttempt(tx, reservation.attemptId);
        const created = await createSession(tx, user.id, { clientAddress: address });
        await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        await tx.auditEvent.create({
          data: {
            actorId: user.id,
            action: 'auth.login',
            entityType: 'User',
            entityId: user.id,
            clientAddress: address ?? null,
          },
        });
        return created;
      });
      ctx.setSessionCookie?.(session.token, session.expiresAt);
      return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
    }),

  logout: authedProcedure.output(z.strictObject({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await ctx.db.$transaction(async (tx) => {
      if (ctx.sessionId) await endSession(tx, ctx.sessionId);
      await tx.auditEvent.create({
        data: { actorId: ctx.actor.id, action: 'auth.logout', clientAddress: ctx.clientAddress ?? null },
      });
    });
    ctx.setSessionCookie?.(null);
    return { ok: true as const };
  }),

  /** Changes one's own password; every other session of the account ends. */
  changePassword: authedProcedure
    .input(z.strictObject({ currentPassword: password, newPassword: newPasswordSchema }))
    .output(z.strictObject({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { id: ctx.actor.id } });
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
          { path: 'currentPassword', message: 'is not your current password' },
        ]);
      }
      if (input.newPassword === input.currentPassword) {
        throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
          { path: 'newPassword', message: 'must differ from the current password' },
        ]);
      }
      const passwordHash = await hashPassword(input.newPassword);
      await ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await tx.session.deleteMany({
          where: { userId: user.id, ...(ctx.sessionId ? { id: { not: ctx.sessionId } } : {}) },
        });
        await tx.auditEvent.create({
          data: {
            actorId: user.id,
            action: 'account.password.change',
            entityType: 'User',
            entityId: user.id,
            clientAddress: ctx.clientAddress ?? null,
          },
        });
      });
      return { ok: true as const };
    }),
});
