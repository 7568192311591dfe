import { createHash, randomBytes } from 'node:crypto';
import { type DbClient, sqlOf } from '@nmo/db';
import type { Actor } from '../trpc/context.ts';

/**
 * Session lifetimes (OWASP Session Management Cheat Sheet: idle 15–30 min for sensitive data,
 * absolute a working day). A session seen within the idle window stays alive until the absolute end.
 */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;

/** Only the SHA-256 of a token is stored: a copy of the Session table cannot be replayed. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: DbClient,
  userId: string,
  meta: { clientAddress?: string | undefined; userAgent?: string | undefined },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await db.session.create({
    data: {
      id: sessionIdOf(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      clientAddress: meta.clientAddress ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token, expiresAt };
}

/** The account behind a session token, or null when unknown, expired, idle too long or disabled. */
export async function resolveSession(
  db: DbClient,
  token: string | undefined,
  now = new Date(),
): Promise<{ actor: Actor; sessionId: string } | null> {
  if (!token) return null;
  const id = sessionIdOf(token);
  // One plain statement on every request: Prisma's findUnique with its include cost about 0.5 ms of
  // CPU per call under load (docs/PERFORMANCE.md).
  const [session] = (await sqlOf(db)(SESSION_WITH_USER, [id])) as SessionWithUser[];
  if (!session) return null;
  const idle = now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idle || session.expiresAt <= now || session.disabled) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
    await db.session.update({ where: { id }, data: { lastSeenAt: now } });
  return { actor: { id: session.userId, email: session.email, role: session.role }, sessionId: id };
}

type SessionWithUser = Pick<Actor, 'email' | 'role'> & {
  userId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  disabled: boolean;
};
const SESSION_WITH_USER = `SELECT s."lastSeenAt", s."expiresAt", u."id" AS "userId", u."email", u."role"::text AS "role", u."disabled"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = $1`;

export async function endSession(db: DbClient, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}
