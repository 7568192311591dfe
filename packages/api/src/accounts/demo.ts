import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@nmo/db';
import { hashPassword } from './passwords.ts';

/** DESIGN.md contract 6: the demo accounts, one per role. */
export const DEMO_ACCOUNTS = [
  { email: 'clinician@example.org', displayName: 'Demo Clinician', role: 'clinician' },
  { email: 'researcher@example.org', displayName: 'Demo Researcher', role: 'researcher' },
  { email: 'admin@example.org', displayName: 'Demo Administrator', role: 'admin' },
] as const;

/**
 * Creates the demo accounts with one fresh random password (or `chosen`, NMO_DEMO_PASSWORD: for
 * scripted demos and browser tests), in demo mode only. Returns the
 * password when the accounts were just created (so it can be printed once), else undefined:
 * only its hash is stored, so it can never be shown again.
 */
export async function ensureDemoAccounts(prisma: PrismaClient, chosen?: string): Promise<string | undefined> {
  const existing = await prisma.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } });
  if (existing > 0) return undefined;
  const password = chosen ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await prisma.user.createMany({
    data: DEMO_ACCOUNTS.map((account) => ({ ...account, passwordHash })),
    skipDuplicates: true,
  });
  return password;
}
