import { router } from '../trpc/init.ts';

/** Flag acknowledgement and snooze (being built). */
export const flagsRouter = router({});
