/** A field at fault, as the server names it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The message and field errors of an HTTP route's refusal (/api/import, /api/export/…), sent in the
 * API's one error shape (docs/API.md, errors): `{ error: { message, code, data: { fieldErrors } } }`.
 */
export function refusalOf(body: unknown, fallback: string): { message: string; fieldErrors: FieldError[] } {
  const error = (body as { error?: { message?: unknown; data?: { fieldErrors?: FieldError[] } } } | undefined)?.error;
  return {
    message: typeof error?.message === 'string' ? error.message : fallback,
    fieldErrors: error?.data?.fieldErrors ?? [],
  };
}
