import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, type Context, DATABASE_UNAVAILABLE, resolveSession } from '@nmo/api';
import { isDatabaseUnavailable, type PrismaClient, type ReadReplicas, WAL_POSITION } from '@nmo/db';
import { TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from './http-errors.ts';
import { rejectCrossSiteMutation } from './security.ts';

export const SESSION_COOKIE = 'nmo_session';
/** With read replicas: the WAL position of this browser's last write, so that its next reads include it. */
export const WRITE_COOKIE = 'nmo_wrote';
/** Longer than any replica should lag; after it the browser's reads may go to any replica again. */
const WRITE_COOKIE_SECONDS = 300;

/** Procedures that must arrive one per HTTP request: each sign-in attempt is throttled on its own. */
const UNBATCHABLE = new Set(['auth.login']);

/**
 * A tRPC batch names its procedures in the path (`/trpc/auth.login,auth.login?batch=1`). Thirty
 * sign-ins in one request would be thirty guesses behind one connection, so a batch holding a
 * sign-in with anything else is refused before any of it runs.
 */
function rejectBatchedSignIn(url: string, reply: FastifyReply): boolean {
  let procedures: string[];
  try {
    procedures = decodeURIComponent(url.slice('/trpc/'.length).split('?')[0] ?? '').split(',');
  } catch {
    return false;
  }
  if (procedures.length < 2 || !procedures.some((name) => UNBATCHABLE.has(name))) return false;
  void sendError(reply, 400, 'Sign in with one request at a time (auth.login cannot be batched)');
  return true;
}

/**
 * Mounts the API at /trpc. The session cookie is HttpOnly and SameSite=Strict, and Secure whenever
 * the request came over https (directly or, with TRUST_PROXY set, through a proxy that says so).
 */
export async function mountTrpc(
  app: FastifyInstance,
  database: () => PrismaClient | undefined,
  replicas: () => ReadReplicas | undefined = () => undefined,
): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/trpc')) return;
    reply.header('cache-control', 'no-store');
    if (rejectCrossSiteMutation(request, reply)) return reply;
    if (rejectBatchedSignIn(request.url, reply)) return reply;
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }): Promise<Context> {
        const db = database();
        if (!db)
          throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is starting; try again shortly' });
        const session = await resolveSession(db, req.cookies[SESSION_COOKIE]).catch((error: unknown) => {
          // The session lives in the database: while it is down, the request may succeed later.
          if (isDatabaseUnavailable(error))
            throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: error });
          throw error;
        });
        const options = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https' };
        const lastWrite = req.cookies[WRITE_COOKIE];
        return {
          db,
          actor: session?.actor ?? null,
          clientAddress: req.ip,
          ...(session ? { sessionId: session.sessionId } : {}),
          replicas: replicas(),
          ...(lastWrite && WAL_POSITION.test(lastWrite) ? { lastWrite } : {}),
          rememberWrite(position) {
            res.setCookie(WRITE_COOKIE, position, { ...options, maxAge: WRITE_COOKIE_SECONDS });
          },
          setSessionCookie(token, expiresAt) {
            if (token)
              res.setCookie(SESSION_COOKIE, token, { ...options, ...(expiresAt ? { expires: expiresAt } : {}) });
            else res.clearCookie(SESSION_COOKIE, options);
          },
        };
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          process.stderr.write(`tRPC ${path ?? '?'}: ${error.cause?.stack ?? error.stack}\n`);
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
