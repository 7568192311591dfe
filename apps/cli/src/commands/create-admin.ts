import { randomBytes } from 'node:crypto';
import { emailSchema, hashPassword, newPasswordSchema } from '@nmo/api';
import { SYSTEM_USER_ID } from '@nmo/db';
import { writeAudit } from '@nmo/storage';
import { withDatabase } from '../database.ts';
import { UserError } from '../output.ts';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/**
 * Creates an administrator account: how a production install (no demo accounts) gets its first
 * admin. The password is read from stdin with --password-stdin, else generated and printed once.
 */
export async function createAdminCommand(options: { email: string; name?: string; passwordStdin?: boolean }) {
  const email = emailSchema.safeParse(options.email);
  if (!email.success) throw new UserError('--email must be an email address');
  const typed = options.passwordStdin ? await readStdin() : undefined;
  if (typed !== undefined) {
    const check = newPasswordSchema.safeParse(typed);
    if (!check.success) throw new UserError(`the password ${check.error.issues[0]?.message ?? 'is not valid'}`);
  }
  const password = typed ?? randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(password);
  await withDatabase(async ({ prisma }) => {
    if (await prisma.user.findUnique({ where: { email: email.data } }))
      throw new UserError(`an account with the email ${email.data} exists already`);
    await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: email.data, displayName: options.name ?? 'Administrator', role: 'admin', passwordHash },
      });
      await writeAudit(tx, {
        actorId: SYSTEM_USER_ID,
        action: 'account.create',
        entityType: 'User',
        entityId: user.id,
        details: { after: { email: user.email, role: 'admin', via: 'nmo create-admin' } },
      });
    });
  });
  process.stdout.write(
    typed === undefined
      ? `Administrator ${email.data} created. Password (shown once; change it after signing in): ${password}\n`
      : `Administrator ${email.data} created.\n`,
  );
}
