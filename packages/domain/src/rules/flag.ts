import { addDays, type CalendarDate, laterDate } from '../calendar-date.ts';
import { SOURCES, type SourceId } from './sources.ts';
import type { Flag, FlagCode, FlagStatus, Severity } from './types.ts';

/** Builds an open flag whose source is one of the cited SOURCES (see `settle` for its status). */
export function makeFlag(
  code: FlagCode,
  severity: Severity,
  date: CalendarDate,
  message: string,
  source: SourceId,
  details: Record<string, unknown> = {},
): Flag {
  return { code, severity, date, message, source: SOURCES[source], details, status: 'open' };
}

/** What ends a flag: the record that addressed it, and the last day it can still be acted on. */
export interface FlagEnd {
  /** The day and plain words of the record that addressed it (on or before the as-of date). */
  resolvedBy?: { on: CalendarDate; resolution: string } | null;
  /** The last day something can still be done; from the next day it is expired. */
  actionableUntil?: CalendarDate | null;
}

/**
 * The flag's status as of `asOf`: resolved when a record addressed it, else expired once the last
 * actionable day has passed (`details.expiredOn` is the day after it), else open. A resolution wins
 * over expiry: the record is what happened.
 */
export function settle(settled: Flag, asOf: CalendarDate, end: FlagEnd): Flag {
  // Settled afresh: whatever status it had before is replaced, never mixed with the new one. The
  // fields are named rather than copied with a rest pattern, which was a twentieth of the rules' time.
  const { code, severity, date, message, source, details } = settled;
  const flag = { code, severity, date, message, source };
  const resolved = end.resolvedBy && end.resolvedBy.on <= asOf ? end.resolvedBy : null;
  // A record made before the day the flag refers to (a vaccine given too late, but before the first
  // dose) resolves it on that day: a flag is never resolved before it existed.
  if (resolved)
    return {
      ...flag,
      details,
      status: 'resolved',
      resolvedOn: laterDate(resolved.on, date),
      resolution: resolved.resolution,
    };
  if (end.actionableUntil && asOf > end.actionableUntil)
    return { ...flag, details: { ...details, expiredOn: addDays(end.actionableUntil, 1) }, status: 'expired' };
  return { ...flag, details, status: 'open' };
}

/** Open flags first, then resolved, then expired: what a worklist and a history read in turn. */
export const STATUS_RANK: Record<FlagStatus, number> = { open: 0, resolved: 1, expired: 2 };

export const isOpen = (flag: Pick<Flag, 'status'>): boolean => flag.status === 'open';

/** 0 is the most severe; cohort queries sort and filter on this rank. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Open before resolved before expired; then most severe first, most recent, by code: the order a worklist reads them. */
export function compareFlags(a: Flag, b: Flag): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.date.localeCompare(a.date) ||
    a.code.localeCompare(b.code) ||
    JSON.stringify(a.details).localeCompare(JSON.stringify(b.details))
  );
}
