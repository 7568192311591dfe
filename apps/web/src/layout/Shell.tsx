import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AccountsPage } from '../admin/AccountsPage.tsx';
import { AuditPage } from '../admin/AuditPage.tsx';
import { CohortPage } from '../cohort/CohortPage.tsx';
import { StatsPage } from '../cohort/StatsPage.tsx';
import { WorklistPage } from '../cohort/WorklistPage.tsx';
import { useRoute } from '../router.ts';
import { useTRPC } from '../trpc.ts';

type Role = 'clinician' | 'researcher' | 'admin';
interface Section {
  path: string;
  label: string;
  page: () => ReactNode;
}

/** What each role may open (DESIGN.md roles); the server enforces the same rules. */
const SECTIONS: Record<Role, Section[]> = {
  clinician: [
    { path: '/', label: 'Cohort', page: () => <CohortPage /> },
    { path: '/worklist', label: 'Worklist', page: () => <WorklistPage /> },
  ],
  researcher: [{ path: '/', label: 'Cohort statistics', page: () => <StatsPage /> }],
  admin: [
    { path: '/', label: 'Audit log', page: () => <AuditPage /> },
    { path: '/accounts', label: 'Accounts', page: () => <AccountsPage /> },
  ],
};

export function Shell({ account }: { account: { email: string; displayName: string; role: Role } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [path, navigate] = useRoute();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => queryClient.resetQueries() }));
  const sections = SECTIONS[account.role];
  const current = sections.find((s) => s.path === path);
  return (
    <div className="shell">
      <header>
        <strong className="brand">NMOSD cohort monitor</strong>
        <nav aria-label="Main">
          {sections.map((section) => (
            <a
              key={section.path}
              href={section.path}
              aria-current={section === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(section.path);
              }}
            >
              {section.label}
            </a>
          ))}
        </nav>
        <span className="account">
          {account.displayName} <span className="muted">({account.role})</span>
        </span>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
          Sign out
        </button>
      </header>
      <main>
        {current ? (
          current.page()
        ) : (
          <section>
            <h1>Not available</h1>
            <p>This page does not exist or is not open to your role.</p>
          </section>
        )}
      </main>
    </div>
  );
}
