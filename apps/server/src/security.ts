import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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
  void reply
    .code(403)
    .header('cache-control', 'no-store')
    .send({
      error: {
        message: headerOk
          ? 'Cross-site request refused'
          : `Mutations must send the ${CSRF_HEADER}: 1 header (cross-site request protection)`,
        code: -32003,
        data: { code: 'FORBIDDEN', httpStatus: 403 },
      },
    });
  return true;
}
