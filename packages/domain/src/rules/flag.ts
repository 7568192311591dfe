import type { CalendarDate } from '../calendar-date.ts';
import { SOURCES, type SourceId } from './sources.ts';
import type { Flag, FlagCode, Severity } from './types.ts';

/** Builds a flag whose source is one of the cited SOURCES. */
export function makeFlag(
  code: FlagCode,
  severity: Severity,
  date: CalendarDate,
  message: string,
  source: SourceId,
  details: Record<string, unknown> = {},
): Flag {
  return { code, severity, date, message, source: SOURCES[source], details };
}

/** 0 is the most severe; cohort queries sort and filter on this rank. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then most recent, then by code: the order a worklist reads them. */
export function compareFlags(a: Flag, b: Flag): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.date.localeCompare(a.date) ||
    a.code.localeCompare(b.code) ||
    JSON.stringify(a.details).localeCompare(JSON.stringify(b.details))
  );
}
