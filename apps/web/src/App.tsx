import { usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { LoginPage } from './auth/LoginPage.tsx';
import { Shell } from './layout/Shell.tsx';
import { AccountContext } from './layout/sections.ts';
import { errorMessage, useTRPC } from './trpc.ts';

/**
 * The router's root. Signed out: the login page, at whatever URL was opened (after signing in, that
 * page opens: a shared link keeps its filters). Signed in: the shell with the page of the URL.
 */
export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  // The clinic's date format, asked in the same request as the account (the shell waits for it);
  // signed out it is refused, and asked again once signed in.
  usePrefetchQuery(trpc.settings.display.queryOptions());
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
  if (!me.data) return <LoginPage />;
  return (
    <AccountContext value={me.data}>
      <Shell account={me.data} />
    </AccountContext>
  );
}
