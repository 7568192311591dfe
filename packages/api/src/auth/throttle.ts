import type { DbClient } from '@nmo/db';

/**
 * Sign-in throttling (OWASP Authentication Cheat Sheet, "Login Throttling"; NIST SP 800-63B 5.2.2
 * limits failed attempts per account). Counted by the email typed, whether or not an account has
 * it, so that a lockout never tells which accounts exist; and by client address, against one
 * machine trying many accounts.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 30,
} as const;

/** When sign-in is refused for throttling: the time it is allowed again, else null. */
export async function throttledUntil(
  db: DbClient,
  email: string,
  clientAddress: string | undefined,
  now = new Date(),
): Promise<Date | null> {
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
  const limits: Date[] = [];
  if (byEmail.length >= THROTTLE.maxFailuresPerEmail) limits.push(byEmail.at(-1)?.at ?? now);
  if (clientAddress) {
    const byAddress = await db.loginAttempt.findMany({
      where: { clientAddress, success: false, at: { gte: since } },
      orderBy: { at: 'desc' },
      take: THROTTLE.maxFailuresPerAddress,
    });
    if (byAddress.length >= THROTTLE.maxFailuresPerAddress) limits.push(byAddress.at(-1)?.at ?? now);
  }
  if (limits.length === 0) return null;
  // Allowed again once the oldest counted failure leaves the window.
  return new Date(Math.max(...limits.map((at) => at.getTime())) + THROTTLE.windowMs);
}

export async function recordLoginAttempt(
  db: DbClient,
  attempt: { email: string; clientAddress?: string | undefined; success: boolean },
): Promise<void> {
  await db.loginAttempt.create({
    data: { email: attempt.email, clientAddress: attempt.clientAddress ?? null, success: attempt.success },
  });
}
