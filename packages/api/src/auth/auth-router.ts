import { randomBytes } from 'node:crypto';
import { SYSTEM_USER_ID } from '@nmo/db';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../accounts/passwords.ts';
import { AppError } from '../trpc/errors.ts';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { createSession, endSession } from './sessions.ts';

const email = z.string({ error: 'must be text' }).trim().toLowerCase().email({ error: 'must be an email address' });
const password = z.string({ error: 'must be text' }).min(1, { error: 'is required' }).max(1000);

/** One message for every failure, so that the answer never tells whether an account exists. */
const LOGIN_FAILED = 'The email or password is not correct, or the account is disabled';

/** Checked against when the account does not exist, so that both failures take as long. */
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
};

const account = z.strictObject({ id: z.uuid(), email: z.string(), displayName: z.string(), role: z.string() });

export const authRouter = router({
  /** The signed-in account, or null. */
  me: publicProcedure.output(account.nullable()).query(async ({ ctx }) => {
    if (!ctx.actor) return null;
    const user = await ctx.db.user.findUnique({ where: { id: ctx.actor.id } });
    return user ? { id: user.id, email: user.email, displayName: user.displayName, role: user.role } : null;
  }),

  login: publicProcedure
    .input(z.strictObject({ email, password }))
    .output(account)
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { email: input.email } });
      const matches = await verifyPassword(user?.passwordHash ?? (await decoy()), input.password);
      const ok = matches && user !== null && !user.disabled && user.role !== 'system' && user.passwordHash !== null;
      await ctx.db.auditEvent.create({
        data: {
          actorId: user?.id ?? SYSTEM_USER_ID,
          action: 'auth.login',
          entityType: 'User',
          entityId: user?.id ?? null,
          clientAddress: ctx.clientAddress ?? null,
          success: ok,
          details: ok ? {} : { email: input.email },
        },
      });
      if (!ok || !user) throw new AppError('UNAUTHORIZED', LOGIN_FAILED);
      const session = await createSession(ctx.db, user.id, { clientAddress: ctx.clientAddress });
      await ctx.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      ctx.setSessionCookie?.(session.token, session.expiresAt);
      return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
    }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionId) await endSession(ctx.db, ctx.sessionId);
    await ctx.db.auditEvent.create({
      data: { actorId: ctx.actor.id, action: 'auth.logout', clientAddress: ctx.clientAddress ?? null },
    });
    ctx.setSessionCookie?.(null);
    return { ok: true };
  }),
});
