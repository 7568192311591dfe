import { randomBytes } from 'node:crypto';
import type { DbClient } from '@nmo/db';
import { z } from 'zod';
import { uuid } from '../records/record-router.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import { adminProcedure, router } from '../trpc/init.ts';
import { emailSchema, newPasswordSchema } from './password-policy.ts';
import { hashPassword } from './passwords.ts';

const role = z.enum(['clinician', 'researcher', 'admin'], { error: 'must be clinician, researcher or admin' });
const displayName = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'is required' })
  .max(100, { error: 'must be at most 100 characters' });

const accountOutput = z.strictObject({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
});

type UserRow = Awaited<ReturnType<DbClient['user']['findUniqueOrThrow']>>;
function present(user: UserRow): z.infer<typeof accountOutput> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as z.infer<typeof role>,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

async function audited<T>(
  ctx: { db: import('@nmo/db').PrismaClient; actor: { id: string }; clientAddress?: string },
  action: string,
  work: (tx: DbClient) => Promise<{ user: UserRow; before: unknown; result: T }>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    const { user, before, result } = await work(tx);
    await tx.auditEvent.create({
      data: {
        actorId: ctx.actor.id,
        action,
        entityType: 'User',
        entityId: user.id,
        clientAddress: ctx.clientAddress ?? null,
        details: { before: before ?? null, after: present(user) } as object,
      },
    });
    return result;
  });
}

async function existing(db: DbClient, id: string): Promise<UserRow> {
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.role === 'system') throw notFound('The account');
  return user;
}

const temporaryPassword = () => randomBytes(12).toString('base64url');

/** Accounts, for administrators: create, change role or name, disable and enable, reset a password. */
export const accountsRouter = router({
  list: adminProcedure.output(z.array(accountOutput)).query(async ({ ctx }) => {
    const users = await ctx.db.user.findMany({ where: { role: { not: 'system' } }, orderBy: { email: 'asc' } });
    return users.map(present);
  }),

  /** Without a password, a temporary one is generated and returned once (only its hash is kept). */
  create: adminProcedure
    .input(z.strictObject({ email: emailSchema, displayName, role, password: newPasswordSchema.optional() }))
    .output(z.strictObject({ account: accountOutput, temporaryPassword: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const password = input.password ?? temporaryPassword();
      const passwordHash = await hashPassword(password);
      try {
        return await audited(ctx, 'account.create', async (tx) => {
          const user = await tx.user.create({
            data: { email: input.email, displayName: input.displayName, role: input.role, passwordHash },
          });
          return {
            user,
            before: null,
            result: { account: present(user), temporaryPassword: input.password ? null : password },
          };
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002')
          throw new AppError('CONFLICT', 'An account with this email exists', [
            { path: 'email', message: 'is already in use' },
          ]);
        throw error;
      }
    }),

  update: adminProcedure
    .input(z.strictObject({ id: uuid, displayName: displayName.optional(), role: role.optional() }))
    .output(accountOutput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'account.update', async (tx) => {
        const before = await existing(tx, input.id);
        if (input.id === ctx.actor.id && input.role && input.role !== 'admin')
          throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
            { path: 'role', message: 'you cannot take the administrator role from your own account' },
          ]);
        const user = await tx.user.update({
          where: { id: input.id },
          data: {
            ...(input.displayName ? { displayName: input.displayName } : {}),
            ...(input.role ? { role: input.role } : {}),
          },
        });
        // A new role takes effect at the next sign-in: end the account's sessions now.
        if (input.role && input.role !== before.role) await tx.session.deleteMany({ where: { userId: user.id } });
        return { user, before: present(before), result: present(user) };
      }),
    ),

  /** Disabled accounts cannot sign in and their sessions end at once. */
  setDisabled: adminProcedure
    .input(z.strictObject({ id: uuid, disabled: z.boolean({ error: 'must be true or false' }) }))
    .output(accountOutput)
    .mutation(({ ctx, input }) =>
      audited(ctx, input.disabled ? 'account.disable' : 'account.enable', async (tx) => {
        const before = await existing(tx, input.id);
        if (input.id === ctx.actor.id && input.disabled)
          throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
            { path: 'id', message: 'you cannot disable your own account' },
          ]);
        const user = await tx.user.update({ where: { id: input.id }, data: { disabled: input.disabled } });
        if (input.disabled) await tx.session.deleteMany({ where: { userId: user.id } });
        return { user, before: present(before), result: present(user) };
      }),
    ),

  /** Sets a new temporary password, returned once; the account's sessions end. */
  resetPassword: adminProcedure
    .input(z.strictObject({ id: uuid }))
    .output(z.strictObject({ temporaryPassword: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      return audited(ctx, 'account.password.reset', async (tx) => {
        const before = await existing(tx, input.id);
        const user = await tx.user.update({ where: { id: input.id }, data: { passwordHash } });
        await tx.session.deleteMany({ where: { userId: user.id } });
        return { user, before: present(before), result: { temporaryPassword: password } };
      });
    }),
});
