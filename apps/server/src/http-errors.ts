import { errorCodeOf, errorShape } from '@nmo/api';
import type { FieldError } from '@nmo/domain';
import type { FastifyReply } from 'fastify';

/**
 * Answers an HTTP route's request with an error in the API's one error shape (docs/API.md,
 * errors), the shape tRPC procedures answer with: `{ error: { message, code, data: { code,
 * httpStatus, path, fieldErrors } } }`, `path` being the route.
 */
export function sendError(reply: FastifyReply, status: number, message: string, fieldErrors: FieldError[] = []) {
  const path = reply.request.url.split('?')[0];
  return reply.code(status).send({ error: errorShape(errorCodeOf(status), message, { fieldErrors, path }) });
}
