import { expect } from 'vitest';
import type { Flag, FlagStatus } from '../../../src/rules/types.ts';
import { codes } from '../helpers.ts';

/** Where a flag stands: its date, status, and how it ended (resolvedOn and resolution, or expiredOn). */
export interface Lifecycle {
  date: string;
  status: FlagStatus;
  resolvedOn: string | null;
  resolution: string | null;
  expiredOn: string | null;
}

export function lifecycleOf(flag: Flag): Lifecycle {
  const expiredOn = flag.details.expiredOn;
  return {
    date: flag.date,
    status: flag.status,
    resolvedOn: flag.resolvedOn ?? null,
    resolution: flag.resolution ?? null,
    expiredOn: typeof expiredOn === 'string' ? expiredOn : null,
  };
}

export const lifecycles = (flags: Flag[]): Lifecycle[] => flags.map(lifecycleOf);

/** An open flag's lifecycle. */
export const opened = (date: string): Lifecycle => ({
  date,
  status: 'open',
  resolvedOn: null,
  resolution: null,
  expiredOn: null,
});

/** A resolved flag's lifecycle. */
export const resolved = (date: string, resolvedOn: string, resolution: string): Lifecycle => ({
  date,
  status: 'resolved',
  resolvedOn,
  resolution,
  expiredOn: null,
});

/** An expired flag's lifecycle. */
export const expired = (date: string, expiredOn: string): Lifecycle => ({
  date,
  status: 'expired',
  resolvedOn: null,
  resolution: null,
  expiredOn,
});

export const statuses = (flags: Flag[]): FlagStatus[] => flags.map((flag) => flag.status);

/** When `flagged`, the rule raised `code` once, open; otherwise nothing. */
export function expectOpenWhen(flags: Flag[], flagged: boolean, code: readonly string[]): void {
  expect(codes(flags)).toEqual(flagged ? code : []);
  expect(statuses(flags)).toEqual(flagged ? ['open'] : []);
}
