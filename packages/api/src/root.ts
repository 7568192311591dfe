import { accountsRouter } from './accounts/accounts-router.ts';
import { auditRouter } from './audit/audit-router.ts';
import { authRouter } from './auth/auth-router.ts';
import { cohortRouter } from './cohort/cohort-router.ts';
import { exportsRouter } from './exports/exports-router.ts';
import { flagsRouter } from './flags/flags-router.ts';
import { patientsRouter } from './patients/patients-router.ts';
import { recordRouters } from './records/routers.ts';
import { settingsRouter } from './settings/settings-router.ts';
import { router } from './trpc/init.ts';
import { visitsRouter } from './visits/visits-router.ts';

/** The whole API, mounted at /trpc. */
export const appRouter = router({
  auth: authRouter,
  patients: patientsRouter,
  ...recordRouters,
  cohort: cohortRouter,
  exports: exportsRouter,
  flags: flagsRouter,
  accounts: accountsRouter,
  audit: auditRouter,
  settings: settingsRouter,
  visits: visitsRouter,
});

export type AppRouter = typeof appRouter;
