import { z } from 'zod';
import type { CalendarDate } from '../calendar-date.ts';
import { descriptorOf, EVENT_SCHEMAS, EVENT_TYPES, identityOf } from './registry.ts';

/** Any event of the interchange format, told apart by `type` (one schema per event type, registry.ts). */
export const timelineEventSchema = z.discriminatedUnion('type', EVENT_SCHEMAS, {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be an event object'),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** The date an event is placed at on the timeline: its type's date field (registry.ts). */
export function eventDate(event: TimelineEvent): CalendarDate {
  return (event as unknown as Record<string, CalendarDate>)[descriptorOf(event.type).dateField] as CalendarDate;
}

/**
 * The identity of an event within one patient (docs/decisions/0004-event-identity.md): two events
 * with the same identity are the same clinical fact, so re-importing updates instead of duplicating.
 * The database enforces the same keys with unique indexes on live rows. "antibody 2024-03-01 AQP4 cba_live".
 */
export function eventIdentity(event: TimelineEvent): string {
  return `${event.type} ${identityOf(event.type, event)}`;
}

/** Deterministic order: by date, then event type, then identity. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  const byDate = eventDate(a).localeCompare(eventDate(b));
  if (byDate !== 0) return byDate;
  const byType = EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type);
  if (byType !== 0) return byType;
  const ka = eventIdentity(a);
  const kb = eventIdentity(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
