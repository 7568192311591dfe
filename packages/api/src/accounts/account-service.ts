import { randomBytes } from 'node:crypto';
import type { DbClient } from '@nmo/db';
import { type AuditAction, writeAudit } from '@nmo/storage';
import type { ActingContext } from '../trpc/context.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import { hashPassword } from './passwords.ts';

export type AccountRole = 'clinician' | 'researcher' | 'admin';

type UserRow = Awaited<ReturnType<DbClient['user']['findUniqueOrThrow']>>;

export function presentAccount(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as AccountRole,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
export type AccountView = ReturnType<typeof presentAccount>;

/** One change of an account, in one transaction with its audit row (before and after). */
async function audited<T>(
  ctx: ActingContext,
  action: AuditAction,
  work: (tx: DbClient) => Promise<{ user: UserRow; before: unknown; result: T }>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    const { user, before, result } = await work(tx);
    await writeAudit(tx, {
      actorId: ctx.actor.id,
      action,
      entityType: 'User',
      entityId: user.id,
      clientAddress: ctx.clientAddress,
      details: { before: before ?? null, after: presentAccount(user) } as object,
    });
    return result;
  });
}

async function existing(db: DbClient, id: string): Promise<UserRow> {
  const user = await db.user.findUnique({ where: { id } });
  if (!user || user.role === 'system') throw notFound('The account');
  return user;
}

const invalid = (path: string, message: string) =>
  new AppError('BAD_REQUEST', 'Some fields are not valid', [{ path, message }]);

const temporaryPassword = () => randomBytes(12).toString('base64url');

export async function listAccounts(db: DbClient): Promise<AccountView[]> {
  const users = await db.user.findMany({ where: { role: { not: 'system' } }, orderBy: { email: 'asc' } });
  return users.map(presentAccount);
}

/** Without a password, a temporary one is generated and returned once (only its hash is kept). */
export async function createAccount(
  ctx: ActingContext,
  input: { email: string; displayName: string; role: AccountRole; password?: string | undefined },
): Promise<{ account: AccountView; temporaryPassword: string | null }> {
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
        result: { account: presentAccount(user), temporaryPassword: input.password ? null : password },
      };
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw new AppError('CONFLICT', 'An account with this email exists', [
        { path: 'email', message: 'is already in use' },
      ]);
    throw error;
  }
}

/** A new name or role; a new role takes effect at the next sign-in, so the account's sessions end. */
export function updateAccount(
  ctx: ActingContext,
  input: { id: string; displayName?: string | undefined; role?: AccountRole | undefined },
): Promise<AccountView> {
  return audited(ctx, 'account.update', async (tx) => {
    const before = await existing(tx, input.id);
    if (input.id === ctx.actor.id && input.role && input.role !== 'admin')
      throw invalid('role', 'you cannot take the administrator role from your own account');
    const user = await tx.user.update({
      where: { id: input.id },
      data: {
        ...(input.displayName ? { displayName: input.displayName } : {}),
        ...(input.role ? { role: input.role } : {}),
      },
    });
    if (input.role && input.role !== before.role) await tx.session.deleteMany({ where: { userId: user.id } });
    return { user, before: presentAccount(before), result: presentAccount(user) };
  });
}

/** Disabled accounts cannot sign in and their sessions end at once. */
export function setAccountDisabled(ctx: ActingContext, input: { id: string; disabled: boolean }): Promise<AccountView> {
  return audited(ctx, input.disabled ? 'account.disable' : 'account.enable', async (tx) => {
    const before = await existing(tx, input.id);
    if (input.id === ctx.actor.id && input.disabled) throw invalid('id', 'you cannot disable your own account');
    const user = await tx.user.update({ where: { id: input.id }, data: { disabled: input.disabled } });
    if (input.disabled) await tx.session.deleteMany({ where: { userId: user.id } });
    return { user, before: presentAccount(before), result: presentAccount(user) };
  });
}

/** Sets a new temporary password, returned once; the account's sessions end. */
export async function resetAccountPassword(
  ctx: ActingContext,
  input: { id: string },
): Promise<{ temporaryPassword: string }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return audited(ctx, 'account.password.reset', async (tx) => {
    const before = await existing(tx, input.id);
    const user = await tx.user.update({ where: { id: input.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    return { user, before: presentAccount(before), result: { temporaryPassword: password } };
  });
}
