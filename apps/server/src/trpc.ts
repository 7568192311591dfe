import fastifyCookie from '@fastify/cookie';
import { type AppRouter, appRouter, type Context, resolveSession } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { TRPCError } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { rejectCrossSiteMutation } from './security.ts';

export const SESSION_COOKIE = 'nmo_session';

/**
 * Mounts the API at /trpc. The session cookie is HttpOnly and SameSite=Strict, and Secure whenever
 * the request came over https (directly or, with TRUST_PROXY set, through a proxy that says so).
 */
export async function mountTrpc(app: FastifyInstance, database: () => PrismaClient | undefined): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/trpc')) return;
    reply.header('cache-control', 'no-store');
    if (rejectCrossSiteMutation(request, reply)) return reply;
  });
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }): Promise<Context> {
        const db = database();
        if (!db)
          throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is starting; try again shortly' });
        const session = await resolveSession(db, req.cookies[SESSION_COOKIE]);
        return {
          db,
          actor: session?.actor ?? null,
          clientAddress: req.ip,
          ...(session ? { sessionId: session.sessionId } : {}),
          setSessionCookie(token, expiresAt) {
            const options = {
              path: '/',
              httpOnly: true,
              sameSite: 'strict' as const,
              secure: req.protocol === 'https',
            };
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
