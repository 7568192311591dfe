import type { FieldError } from '@nmo/domain';

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
