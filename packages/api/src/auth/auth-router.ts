import { fieldErrors } from '@nmo/domain';
import { ZodError, z } from 'zod';
import { emailSchema, newPasswordSchema } from '../accounts/password-policy.ts';
import { AppError } from '../trpc/errors.ts';
import {
  authedProcedure,
  mappedProcedure,
  middleware,
  publicProcedure,
  refuseUnsafeText,
  router,
} from '../trpc/init.ts';
import { auditMalformedSignIn, changeOwnPassword, signIn, signOut } from './auth-service.ts';

const password = z.string({ error: 'must be text' }).min(1, { error: 'is required' }).max(1000);

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
  if (fields) await auditMalformedSignIn(ctx.db, fields, ctx.clientAddress);
  return result;
});

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
      const { account, session } = await signIn(ctx.db, { ...input, clientAddress: ctx.clientAddress });
      ctx.setSessionCookie?.(session.token, session.expiresAt);
      return account;
    }),

  logout: authedProcedure.output(z.strictObject({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await signOut(ctx);
    ctx.setSessionCookie?.(null);
    return { ok: true as const };
  }),

  /** Changes one's own password; every other session of the account ends. */
  changePassword: authedProcedure
    .input(z.strictObject({ currentPassword: password, newPassword: newPasswordSchema }))
    .output(z.strictObject({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await changeOwnPassword(ctx, input);
      return { ok: true as const };
    }),
});
