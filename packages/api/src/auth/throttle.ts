import type { DbClient, PrismaClient } from '@nmo/db';

/**
 * Sign-in throttling (OWASP Authentication Cheat Sheet, "Login Throttling" and "Account Lockout";
 * NIST SP 800-63B 5.2.2 limits consecutive failed attempts on one account).
 *
 * - Per email typed (known account or not, so a lockout never tells which accounts exist): after
 *   `maxFailuresPerEmail` failures within the window, sign-in for that email waits until the oldest
 *   of them leaves the window.
 * - Per client address: a clinic signs in from behind one NAT address, so an address is never
 *   locked out. After `maxFailuresPerAddress` failures within the window, attempts from it are
 *   spaced `addressDelayMs` apart: a person waits seconds, a password-spraying script is slowed to a
 *   crawl (OWASP: lock out by IP "can affect legitimate users behind a shared IP"; progressive delay).
 *
 * Attempts are counted before the password is checked and under a lock per email and per address,
 * so simultaneous attempts cannot all slip through before the first failure is written.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 30,
  addressDelayMs: 5_000,
} as const;

export type AttemptReservation =
  | { allowed: true; attemptId: bigint }
  | { allowed: false; until: Date; reason: 'email' | 'address' };

const lockKey = (kind: string, value: string) => `nmo.login.${kind}:${value}`;

/**
 * Checks the limits and, when sign-in may go ahead, records the attempt as a failure until
 * `settleAttempt` says otherwise. Atomic per email and per address.
 */
export async function reserveLoginAttempt(
  prisma: PrismaClient,
  attempt: { email: string; clientAddress: string | undefined },
  now = new Date(),
): Promise<AttemptReservation> {
  return prisma.$transaction(async (tx) => {
    // Always the email's lock first, then the address's: no two attempts wait on each other in a cycle.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey('email', attempt.email)}, 0))`;
    if (attempt.clientAddress)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey('address', attempt.clientAddress)}, 0))`;
    const refused = await throttledUntil(tx, attempt.email, attempt.clientAddress, now);
    if (refused) return { allowed: false as const, ...refused };
    const row = await tx.loginAttempt.create({
      data: { email: attempt.email, clientAddress: attempt.clientAddress ?? null, success: false, at: now },
      select: { id: true },
    });
    return { allowed: true as const, attemptId: row.id };
  });
}

/** Marks a reserved attempt as successful (it stays a failure otherwise). */
export async function settleAttempt(db: DbClient, attemptId: bigint): Promise<void> {
  await db.loginAttempt.update({ where: { id: attemptId }, data: { success: true } });
}

/** When sign-in is refused for throttling, and why; null when it may go ahead. */
export async function throttledUntil(
  db: DbClient,
  email: string,
  clientAddress: string | undefined,
  now = new Date(),
): Promise<{ until: Date; reason: 'email' | 'address' } | null> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { email, success: true, at: { gte: since } },
    orderBy: { at: 'desc' },
  });
  const byEmail = await db.loginAttempt.findMany({
    where: { email, success: false, at: { gte: lastSuccess?.at ?? since } },
    orderBy: { at: 'desc' },
    take: THROTTLE.maxFailuresPerEmail,
  });
  // Allowed again once the oldest counted failure leaves the window.
  const oldest = byEmail.at(-1);
  if (byEmail.length >= THROTTLE.maxFailuresPerEmail && oldest)
    return { until: new Date(oldest.at.getTime() + THROTTLE.windowMs), reason: 'email' };
  if (!clientAddress) return null;
  const failures = await db.loginAttempt.count({
    where: { clientAddress, success: false, at: { gte: since } },
  });
  if (failures < THROTTLE.maxFailuresPerAddress) return null;
  const last = await db.loginAttempt.findFirst({ where: { clientAddress }, orderBy: { at: 'desc' } });
  const next = (last?.at.getTime() ?? 0) + THROTTLE.addressDelayMs;
  return next > now.getTime() ? { until: new Date(next), reason: 'address' } : null;
}
