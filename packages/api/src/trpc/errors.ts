import type { FieldError } from '@nmo/domain';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/** The API's error kinds; each maps to one tRPC code (and so one HTTP status). */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS';

/**
 * An error a client can act on: its message is shown as is and `fieldErrors` name the fields.
 * Anything else that escapes a procedure is reported as an internal error without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);

/** The record was changed (or deleted) by someone else since the version the client read. */
export const staleVersion = (what: string, current: number) =>
  new AppError(
    'CONFLICT',
    `${what} was changed by someone else since you opened it (now version ${current}); reload it and apply your change again`,
  );

/** Every error code a response may carry: tRPC's, which name the HTTP statuses. */
export type ErrorCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

/**
 * The one error shape of the API (docs/API.md, errors): tRPC procedures and the HTTP routes outside
 * tRPC (/api/import, /api/export/…, /api/audit/export) all answer `{ error: ErrorShape }`. `code` is
 * tRPC's JSON-RPC number, `data.code` its name; `data.path` is the procedure or the route.
 */
export interface ErrorShape {
  message: string;
  code: number;
  data: { code: ErrorCode; httpStatus: number; path: string | undefined; fieldErrors: FieldError[] };
}

export const httpStatusOf = (code: ErrorCode): number => getHTTPStatusCodeFromError(new TRPCError({ code }));

/** The code of an HTTP status (a 4xx without a name of its own is a BAD_REQUEST, a 5xx an INTERNAL_SERVER_ERROR). */
export function errorCodeOf(status: number): ErrorCode {
  if (status === 400) return 'BAD_REQUEST';
  const named = (Object.keys(TRPC_ERROR_CODES_BY_KEY) as ErrorCode[]).find((code) => httpStatusOf(code) === status);
  return named ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
}

/** Builds the error shape: what tRPC's error formatter returns and what the HTTP routes send under `error`. */
export function errorShape(
  code: ErrorCode,
  message: string,
  details: { fieldErrors?: FieldError[] | undefined; path?: string | undefined } = {},
): ErrorShape {
  return {
    message,
    code: TRPC_ERROR_CODES_BY_KEY[code],
    data: { code, httpStatus: httpStatusOf(code), path: details.path, fieldErrors: details.fieldErrors ?? [] },
  };
}

/** What a client is told of a failure on the server's side: never its cause, stack or file paths. */
export const INTERNAL_ERROR = 'Internal error; the server log has the details';
