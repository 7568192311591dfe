import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { setClinicDateLocale } from '../format.ts';
import { useTRPC } from '../trpc.ts';
import { Loading, preloadPatientPage } from './routes.tsx';
import { type Account, SECTIONS } from './sections.ts';

// A section is current on its own path whatever its filters; `/` is not current under `/worklist`.
const CURRENT_WHEN = { exact: true, includeSearch: false } as const;

export function Shell({ account }: { account: Account }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Every date on every page follows the clinic's locale; on error the default (en-GB) stands.
  const display = useQuery(trpc.settings.display.queryOptions());
  if (display.data) setClinicDateLocale(display.data.dateLocale);
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => queryClient.resetQueries() }));
  useEffect(() => {
    if (account.role === 'clinician') preloadPatientPage();
  }, [account.role]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header no-print">
        <strong className="brand">NMOSD cohort monitor</strong>
        <nav aria-label="Main">
          {/* Links set aria-current="page" on the current section. */}
          {SECTIONS[account.role].map((section) => (
            <Link key={section.path} to={section.path} activeOptions={CURRENT_WHEN}>
              {section.label}
            </Link>
          ))}
        </nav>
        <Link className="account" to="/account" activeOptions={CURRENT_WHEN}>
          {account.displayName} <span className="muted">({account.role})</span>
        </Link>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {!display.data && (display.isPending || display.isFetching) ? <Loading /> : <Outlet />}
      </main>
    </div>
  );
}
