import { useQuery } from '@tanstack/react-query';
import { LoginPage } from './auth/LoginPage.tsx';
import { Shell } from './layout/Shell.tsx';
import { errorMessage, useTRPC } from './trpc.ts';

/** Signed out: the login page. Signed in: the pages of the account's role. */
export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending)
    return (
      <p className="centered" role="status">
        Loading…
      </p>
    );
  if (me.isError)
    return (
      <p className="centered error" role="alert">
        {errorMessage(me.error)}
      </p>
    );
  return me.data ? <Shell account={me.data} /> : <LoginPage />;
}
