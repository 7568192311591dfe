import type { AppRouter } from '@nmo/api';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ReactNode } from 'react';
import { TRPCProvider } from '../trpc.ts';

/** Answers by procedure path ('exports.run'); a thrown error reaches the component as the server's error. */
export type ApiHandlers = Record<string, (input: unknown) => unknown>;

/** A tRPC client that calls the handlers instead of the server (no network in component tests). */
function stubLink(handlers: ApiHandlers, calls: { path: string; input: unknown }[]): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        Promise.resolve()
          .then(() => {
            const handler = handlers[op.path];
            if (!handler) throw new Error(`no stub for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error) => observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error)),
          );
      });
}

/** Renders with the query and tRPC providers of the app, the API answered by `handlers`. */
export function renderWithApi(ui: ReactNode, handlers: ApiHandlers = {}) {
  const calls: { path: string; input: unknown }[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [stubLink(handlers, calls)] });
  // A wrapper, so that rerender() keeps the providers.
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
  const view = render(ui, { wrapper });
  return { ...view, calls, queryClient };
}
