import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startPatientPageEarly } from './layout/routes.tsx';
import { createAppRouter } from './router.ts';
import './styles.css';
import { makeQueryClient, makeTrpcClient, TRPCProvider } from './trpc.ts';

const router = createAppRouter();
// One of each for the page's life (a full reload makes new ones).
const queryClient = makeQueryClient();
const trpcClient = makeTrpcClient();

startPatientPageEarly(window.location.pathname, (patientId) => {
  const trpc = createTRPCOptionsProxy({ client: trpcClient, queryClient });
  // In one request with the sign-in check and the date format (the app's first questions), sent
  // before the page's code is run, which would otherwise hold them back.
  void queryClient.prefetchQuery(trpc.auth.me.queryOptions());
  void queryClient.prefetchQuery(trpc.settings.display.queryOptions());
  void queryClient.prefetchQuery(trpc.patients.timeline.queryOptions({ id: patientId }));
});

function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
