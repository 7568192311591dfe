import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { AccountPage } from '../account/AccountPage.tsx';
import { AccountsPage } from '../admin/AccountsPage.tsx';
import { AuditPage } from '../admin/AuditPage.tsx';
import { SettingsPage } from '../admin/SettingsPage.tsx';
import { CohortPage } from '../cohort/CohortPage.tsx';
import { WorklistPage } from '../cohort/WorklistPage.tsx';
import { setClinicDateLocale } from '../format.ts';
import { linkHandler, patientIdOf, useRoute } from '../router.ts';
import { useTRPC } from '../trpc.ts';

// The patient page carries the charts (recharts); loaded when first opened, so sign-in stays light.
const PatientPage = lazy(() => import('../patient/PatientPage.tsx'));
const StatsPage = lazy(() => import('../cohort/StatsPage.tsx'));
const CareQualityPage = lazy(() => import('../quality/CareQualityPage.tsx'));
const ImportPage = lazy(() => import('../imports/ImportPage.tsx'));

type Role = 'clinician' | 'researcher' | 'admin';
type Navigate = (path: string) => void;
interface Section {
  path: string;
  label: string;
  page: (navigate: Navigate) => ReactNode;
}

/** What each role may open (DESIGN.md roles); the server enforces the same rules. */
const SECTIONS: Record<Role, Section[]> = {
  clinician: [
    { path: '/', label: 'Cohort', page: (navigate) => <CohortPage navigate={navigate} /> },
    { path: '/worklist', label: 'Worklist', page: (navigate) => <WorklistPage navigate={navigate} /> },
    {
      path: '/care-quality',
      label: 'Care quality',
      page: (navigate) => whenLoaded(<CareQualityPage navigate={navigate} />),
    },
    {
      path: '/import',
      label: 'Import',
      page: (navigate) => whenLoaded(<ImportPage navigate={navigate} />),
    },
  ],
  researcher: [
    {
      path: '/',
      label: 'Cohort statistics',
      page: () => whenLoaded(<StatsPage />),
    },
  ],
  admin: [
    { path: '/', label: 'Audit log', page: () => <AuditPage /> },
    { path: '/accounts', label: 'Accounts', page: () => <AccountsPage /> },
    { path: '/settings', label: 'Rule settings', page: () => <SettingsPage /> },
  ],
};

const Loading = () => (
  <p role="status" className="loading">
    Loading…
  </p>
);

/** A page loaded on first use (React.lazy), with a loading line until it arrives. */
const whenLoaded = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

export function Shell({ account }: { account: { email: string; displayName: string; role: Role } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [path, navigate] = useRoute();
  // Every date on every page follows the clinic's locale; on error the default (en-GB) stands.
  const display = useQuery(trpc.settings.display.queryOptions());
  if (display.data) setClinicDateLocale(display.data.dateLocale);
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => queryClient.resetQueries() }));
  const sections = SECTIONS[account.role];
  const current = sections.find((s) => s.path === path);
  const patientId = account.role === 'clinician' ? patientIdOf(path) : null;

  let page: ReactNode;
  if (display.isPending) page = <Loading />;
  else if (current) page = current.page(navigate);
  else if (patientId)
    page = (
      <Suspense fallback={<Loading />}>
        <PatientPage key={patientId} patientId={patientId} />
      </Suspense>
    );
  else if (path === '/account') page = <AccountPage account={account} />;
  else
    page = (
      <section>
        <h1>Not available</h1>
        <p>This page does not exist or is not open to your role.</p>
      </section>
    );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header no-print">
        <strong className="brand">NMOSD cohort monitor</strong>
        <nav aria-label="Main">
          {sections.map((section) => (
            <a
              key={section.path}
              href={section.path}
              aria-current={section === current ? 'page' : undefined}
              onClick={linkHandler(navigate, section.path)}
            >
              {section.label}
            </a>
          ))}
        </nav>
        <a
          className="account"
          href="/account"
          aria-current={path === '/account' ? 'page' : undefined}
          onClick={linkHandler(navigate, '/account')}
        >
          {account.displayName} <span className="muted">({account.role})</span>
        </a>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
