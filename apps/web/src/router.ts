import {
  createRootRoute,
  createRoute,
  createRouter,
  type RouterHistory,
  stripSearchParams,
} from '@tanstack/react-router';
import { App } from './App.tsx';
import { NotAvailable } from './layout/NotAvailable.tsx';
import {
  AccountRoute,
  AccountsRoute,
  CareQualityRoute,
  HomeRoute,
  ImportRoute,
  OutcomesRoute,
  PatientRoute,
  SettingsRoute,
  WorklistRoute,
} from './layout/routes.tsx';
import {
  COHORT_DEFAULTS,
  cohortSearchSchema,
  PATIENT_DEFAULTS,
  patientSearchSchema,
  WORKLIST_DEFAULTS,
  worklistSearchSchema,
} from './layout/search-params.ts';

/*
 * The app's pages by URL (TanStack Router, code-based): typed paths, and search parameters validated
 * by the zod schemas of layout/search-params.ts. The root is the app (sign-in, then the shell); each
 * page checks the account's role (layout/sections.ts).
 */
const rootRoute = createRootRoute({ component: App, notFoundComponent: NotAvailable });

/** Search params validated by `schema`, its defaults left out of the URL. */
const searchOf = <Schema, Search extends object>(schema: Schema, defaults: Search) => ({
  validateSearch: schema,
  search: { middlewares: [stripSearchParams<Search>(defaults)] },
});

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  ...searchOf(cohortSearchSchema, COHORT_DEFAULTS),
  component: HomeRoute,
});
const worklistRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/worklist',
  ...searchOf(worklistSearchSchema, WORKLIST_DEFAULTS),
  component: WorklistRoute,
});
const patientRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/patients/$patientId',
  ...searchOf(patientSearchSchema, PATIENT_DEFAULTS),
  component: PatientRoute,
});
const page = <Path extends string>(path: Path, component: () => React.ReactNode) =>
  createRoute({ getParentRoute: () => rootRoute, path, component });

export const routeTree = rootRoute.addChildren([
  homeRoute,
  worklistRoute,
  patientRoute,
  page('/care-quality', CareQualityRoute),
  page('/outcomes', OutcomesRoute),
  page('/import', ImportRoute),
  page('/account', AccountRoute),
  page('/accounts', AccountsRoute),
  page('/settings', SettingsRoute),
]);

/** The app's router; tests give it a memory history at the URL they open. */
export function createAppRouter(history?: RouterHistory) {
  return createRouter({
    routeTree,
    ...(history ? { history } : {}),
    // Back to a list finds it where it was read; a new page starts at the top.
    scrollRestoration: true,
    defaultNotFoundComponent: NotAvailable,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
