import { router } from '../trpc/init.ts';

/** cohort.overview, cohort.worklist, cohort.stats (being built). */
export const cohortRouter = router({});
