import { usePrefetchQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { AuditPage } from '../admin/AuditPage.tsx';
import { CohortPage } from '../cohort/CohortPage.tsx';
import { WorklistPage } from '../cohort/WorklistPage.tsx';
import { useTRPC } from '../trpc.ts';
import { NotAvailable } from './NotAvailable.tsx';
import { mayOpen, type SectionPath, useAccount } from './sections.ts';

// The patient page carries the charts (recharts); loaded when first opened, so sign-in stays light.
let patientPageModule: typeof import('../patient/PatientPage.tsx') | undefined;
const loadPatientPage = () =>
  import('../patient/PatientPage.tsx').then((module) => {
    patientPageModule = module;
    return module;
  });
const PatientPage = lazy(loadPatientPage);
const StatsPage = lazy(() => import('../cohort/StatsPage.tsx'));
const CareQualityPage = lazy(() => import('../quality/CareQualityPage.tsx'));
const ImportPage = lazy(() => import('../imports/ImportPage.tsx'));
const OutcomesPage = lazy(() => import('../statistics/OutcomesPage.tsx'));
// Opened now and then (an administrator's accounts and settings, one's own password): kept out of the first load.
const AccountsPage = lazy(() =>
  import('../admin/AccountsPage.tsx').then((module) => ({ default: module.AccountsPage })),
);
const SettingsPage = lazy(() =>
  import('../admin/SettingsPage.tsx').then((module) => ({ default: module.SettingsPage })),
);
const AccountPage = lazy(() =>
  import('../account/AccountPage.tsx').then((module) => ({ default: module.AccountPage })),
);

export const Loading = () => (
  <p role="status" className="loading">
    Loading…
  </p>
);

/** A page loaded on first use (React.lazy), with a loading line until it arrives. */
const whenLoaded = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

/** The page if the account's role may open it, else "not available" (the server refuses it too). */
function ForRole({ path, children }: { path: SectionPath | '/patients' | '/account'; children: ReactNode }) {
  return mayOpen(useAccount().role, path) ? children : <NotAvailable />;
}

/** `/`: each role's home: a clinician's cohort, a researcher's statistics, an admin's audit log. */
export function HomeRoute() {
  const { role } = useAccount();
  if (role === 'clinician') return <CohortPage />;
  if (role === 'researcher') return whenLoaded(<StatsPage />);
  return <AuditPage />;
}

export const WorklistRoute = () => (
  <ForRole path="/worklist">
    <WorklistPage />
  </ForRole>
);
export const CareQualityRoute = () => <ForRole path="/care-quality">{whenLoaded(<CareQualityPage />)}</ForRole>;
export const OutcomesRoute = () => <ForRole path="/outcomes">{whenLoaded(<OutcomesPage />)}</ForRole>;
export const ImportRoute = () => <ForRole path="/import">{whenLoaded(<ImportPage />)}</ForRole>;
export const AccountsRoute = () => <ForRole path="/accounts">{whenLoaded(<AccountsPage />)}</ForRole>;
export const SettingsRoute = () => <ForRole path="/settings">{whenLoaded(<SettingsPage />)}</ForRole>;
export function AccountRoute() {
  return whenLoaded(<AccountPage account={useAccount()} />);
}

const patientRoute = getRouteApi('/patients/$patientId');
const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function PatientRoute() {
  const { patientId } = patientRoute.useParams();
  if (!PATIENT_ID.test(patientId)) return <NotAvailable />;
  return (
    <ForRole path="/patients">
      <PatientWithData key={patientId} patientId={patientId} />
    </ForRole>
  );
}

/**
 * A patient's link opened in a new tab (the common way in: a worklist, an e-mail, a bookmark): the
 * page's code and the patient's record are asked for at once, alongside the sign-in check, instead of
 * after it. Signed out, or for a role that may not read records, the server refuses the record as it
 * would later, and the page asks again once it opens.
 */
export function startPatientPageEarly(pathname: string, prefetchTimeline: (patientId: string) => void) {
  const patientId = /^\/patients\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (!patientId || !PATIENT_ID.test(patientId)) return;
  void loadPatientPage();
  prefetchTimeline(patientId);
}

/** The patient's record is asked for while the page's code (charts) loads, not after. */
function PatientWithData({ patientId }: { patientId: string }) {
  usePrefetchQuery(useTRPC().patients.timeline.queryOptions({ id: patientId }));
  // Once its code is here, the page is rendered directly: through React.lazy it would suspend for a
  // tick, and React holds back revealing a suspended page for 300 ms after its fallback was shown.
  // Chosen once per patient opened, so the page is never remounted (a form being typed in kept).
  const [Loaded] = useState(() => patientPageModule?.default);
  return Loaded ? <Loaded patientId={patientId} /> : whenLoaded(<PatientPage patientId={patientId} />);
}

/** A clinician will open patients: their page's code is fetched once the browser is idle. */
export function preloadPatientPage() {
  const load = () => void loadPatientPage();
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 5000 });
  else setTimeout(load, 2000);
}
