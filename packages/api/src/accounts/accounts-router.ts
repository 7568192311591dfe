import { z } from 'zod';
import { uuid } from '../records/record-router.ts';
import { adminProcedure, router } from '../trpc/init.ts';
import {
  createAccount,
  listAccounts,
  resetAccountPassword,
  setAccountDisabled,
  updateAccount,
} from './account-service.ts';
import { emailSchema, newPasswordSchema } from './password-policy.ts';

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

/** Accounts, for administrators: create, change role or name, disable and enable, reset a password. */
export const accountsRouter = router({
  list: adminProcedure.output(z.array(accountOutput)).query(({ ctx }) => listAccounts(ctx.db)),

  /** Without a password, a temporary one is generated and returned once (only its hash is kept). */
  create: adminProcedure
    .input(z.strictObject({ email: emailSchema, displayName, role, password: newPasswordSchema.optional() }))
    .output(z.strictObject({ account: accountOutput, temporaryPassword: z.string().nullable() }))
    .mutation(({ ctx, input }) => createAccount(ctx, input)),

  update: adminProcedure
    .input(z.strictObject({ id: uuid, displayName: displayName.optional(), role: role.optional() }))
    .output(accountOutput)
    .mutation(({ ctx, input }) => updateAccount(ctx, input)),

  /** Disabled accounts cannot sign in and their sessions end at once. */
  setDisabled: adminProcedure
    .input(z.strictObject({ id: uuid, disabled: z.boolean({ error: 'must be true or false' }) }))
    .output(accountOutput)
    .mutation(({ ctx, input }) => setAccountDisabled(ctx, input)),

  /** Sets a new temporary password, returned once; the account's sessions end. */
  resetPassword: adminProcedure
    .input(z.strictObject({ id: uuid }))
    .output(z.strictObject({ temporaryPassword: z.string() }))
    .mutation(({ ctx, input }) => resetAccountPassword(ctx, input)),
});
