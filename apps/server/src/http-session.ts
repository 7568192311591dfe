import { type Actor, resolveSession, type Tier, tierAllows } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './trpc.ts';

/**
 * What every HTTP endpoint outside tRPC checks first: no caching, a ready database, a signed-in
 * user and, with `tier`, one allowed there (the same table as the procedures). Undefined when a
 * refusal was already sent.
 */
export async function signedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  database: () => PrismaClient | undefined,
  access?: { tier: Tier; refusal: string },
): Promise<{ db: PrismaClient; actor: Actor } | undefined> {
  reply.header('cache-control', 'no-store');
  const db = database();
  if (!db) {
    await reply.code(503).send({ error: 'The database is starting; try again shortly' });
    return undefined;
  }
  const session = await resolveSession(db, request.cookies[SESSION_COOKIE]);
  if (!session) {
    await reply.code(401).send({ error: 'Sign in first' });
    return undefined;
  }
  if (access && !tierAllows(access.tier, session.actor.role)) {
    await reply.code(403).send({ error: access.refusal });
    return undefined;
  }
  return { db, actor: session.actor };
}
