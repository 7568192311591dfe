import { type Actor, resolveSession, type Tier, tierAllows } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors.ts';
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
    await sendError(reply, 503, 'The database is starting; try again shortly');
    return undefined;
  }
  const session = await resolveSession(db, request.cookies[SESSION_COOKIE]);
  if (!session) {
    await sendError(reply, 401, 'Sign in first');
    return undefined;
  }
  if (access && !tierAllows(access.tier, session.actor.role)) {
    await sendError(reply, 403, access.refusal);
    return undefined;
  }
  return { db, actor: session.actor };
}
