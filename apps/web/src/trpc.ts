import type { AppRouter } from '@nmo/api';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Authorization and validation answers do not change on retry.
        retry: (count, error) =>
          count < 2 && !(error instanceof TRPCClientError && [400, 401, 403, 404].includes(error.data?.httpStatus)),
      },
    },
  });
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      // The server refuses a sign-in batched with other calls: it goes alone.
      splitLink({
        condition: (operation) => operation.path === 'auth.login',
        // The server refuses mutations without the header (cross-site request protection).
        true: httpLink({ url: '/trpc', headers: { 'x-nmo-csrf': '1' } }),
        false: httpBatchLink({ url: '/trpc', headers: { 'x-nmo-csrf': '1' } }),
      }),
    ],
  });
}

/** The message to show for a failed call; field errors are shown on their fields. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return 'The server could not be reached; check the connection and try again';
}

/** Field errors by path, or the message under `form` when the failure names no field. */
export function formErrorsOf(error: unknown, path: (path: string) => string = (p) => p): Record<string, string> {
  const fields = Object.fromEntries(Object.entries(fieldErrorsOf(error)).map(([key, message]) => [path(key), message]));
  return Object.keys(fields).length ? fields : { form: errorMessage(error) };
}

export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const list = (error.data as { fieldErrors?: { path: string; message: string }[] } | undefined)?.fieldErrors ?? [];
  return Object.fromEntries(list.map((f) => [f.path, f.message]));
}

/**
 * Someone else saved the record after it was loaded (versioned update). A CONFLICT that names a
 * field (a duplicate MRN) is not that: it is shown on its field like any field error.
 */
export function isConflict(error: unknown): boolean {
  return (
    error instanceof TRPCClientError &&
    (error.data as { code?: string } | undefined)?.code === 'CONFLICT' &&
    Object.keys(fieldErrorsOf(error)).length === 0
  );
}
