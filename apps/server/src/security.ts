import fastifyHelmet from '@fastify/helmet';
import { DATABASE_UNAVAILABLE, INTERNAL_ERROR } from '@nmo/api';
import { isDatabaseUnavailable } from '@nmo/db';
import { unsafeTextErrors } from '@nmo/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors.ts';

/** The header every tRPC mutation must carry; a cross-site form or image cannot send it. */
export const CSRF_HEADER = 'x-nmo-csrf';

/**
 * Security headers on every response (OWASP Secure Headers): a same-origin CSP that forbids
 * framing, nosniff, no referrer, and HSTS when served over https.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Charts set style attributes from script; no inline <style> or script is served.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Sent only over https: browsers ignore it on http, and a local http deployment must keep working.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

const sameOrigin = (request: FastifyRequest, value: string): boolean => {
  try {
    const url = new URL(value);
    return url.host === request.headers.host;
  } catch {
    return false;
  }
};

/**
 * CSRF defence for cookie-authenticated mutations (OWASP CSRF Prevention Cheat Sheet: custom request
 * header, plus Origin verification), on top of the SameSite=Strict session cookie.
 */
export function rejectCrossSiteMutation(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const origin = request.headers.origin ?? request.headers.referer;
  const headerOk = request.headers[CSRF_HEADER] === '1';
  if (headerOk && (origin === undefined || sameOrigin(request, origin))) return false;
  void sendError(
    reply.header('cache-control', 'no-store'),
    403,
    headerOk
      ? 'Cross-site request refused'
      : `Mutations must send the ${CSRF_HEADER}: 1 header (cross-site request protection)`,
  );
  return true;
}

/**
 * Guards for the HTTP routes outside tRPC (tRPC procedures check their own input and hide their
 * own internal errors): a query parameter holding text the database cannot store is a 400 naming
 * it, and any error a route does not answer itself becomes a 500 that says nothing of its cause
 * (the cause goes to the server log).
 */
export function registerInputAndErrorGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/trpc')) return;
    const fieldErrors = unsafeTextErrors(request.query ?? {});
    if (fieldErrors.length === 0) return;
    return sendError(reply.header('cache-control', 'no-store'), 400, 'Some fields are not valid', fieldErrors);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDatabaseUnavailable(error))
      return sendError(reply.header('cache-control', 'no-store'), 503, DATABASE_UNAVAILABLE);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500)
      process.stderr.write(`${request.method} ${request.url.split('?')[0]}: ${error.stack ?? error}\n`);
    return sendError(
      reply.header('cache-control', 'no-store'),
      status,
      status === 500 ? INTERNAL_ERROR : error.message,
    );
  });
}
