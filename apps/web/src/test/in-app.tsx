import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { createAppRouter } from '../router.ts';
import { type ApiHandlers, renderWithApi } from './api-stub.tsx';

/**
 * The whole app opened at `url` (a memory history: the test's own address bar), signed in with
 * `role`, the API answered by `handlers`. Returns the router too, to read or change the URL.
 */
export function renderAt(
  url: string,
  handlers: ApiHandlers = {},
  role: 'clinician' | 'researcher' | 'admin' = 'clinician',
) {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [url] }));
  const view = renderWithApi(<RouterProvider router={router} />, {
    'auth.me': () => ({ email: `${role}@example.org`, displayName: `Test ${role}`, role }),
    'settings.display': () => ({ dateLocale: 'en-GB' }),
    ...handlers,
  });
  return { ...view, router };
}
