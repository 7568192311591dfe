import { z } from 'zod';
import type { CalendarDate } from '../calendar-date.ts';
import { antibodyEventSchema } from './antibody.ts';
import { edssEventSchema } from './edss.ts';
import { labEventSchema } from './lab.ts';
import { mriEventSchema } from './mri.ts';
import { relapseEventSchema } from './relapse.ts';
import { therapyEventSchema } from './therapy.ts';
import { vaccinationEventSchema } from './vaccination.ts';
import { visualEventSchema } from './visual.ts';

/** Event types in the order an export lists events that fall on the same date. */
export const EVENT_TYPES = ['edss', 'antibody', 'mri', 'visual', 'relapse', 'therapy', 'lab', 'vaccination'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const timelineEventSchema = z.discriminatedUnion(
  'type',
  [
    edssEventSchema,
    antibodyEventSchema,
    mriEventSchema,
    visualEventSchema,
    relapseEventSchema,
    therapyEventSchema,
    labEventSchema,
    vaccinationEventSchema,
  ],
  { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an event object') },
);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** The date an event is placed at on the timeline. */
export function eventDate(event: TimelineEvent): CalendarDate {
  switch (event.type) {
    case 'relapse':
      return event.onsetDate;
    case 'therapy':
      return event.startDate;
    default:
      return event.date;
  }
}

/**
 * The identity of an event within one patient (docs/decisions/0004-event-identity.md): two events
 * with the same identity are the same clinical fact, so re-importing updates instead of duplicating.
 * The database enforces the same keys with unique indexes on live rows.
 */
export function eventIdentity(event: TimelineEvent): string {
  switch (event.type) {
    case 'edss':
      return `edss ${event.date}`;
    case 'antibody':
      return `antibody ${event.date} ${event.antibody} ${event.assay}`;
    case 'mri':
      return `mri ${event.date} ${event.region}`;
    case 'visual':
      return `visual ${event.date} ${event.eye}`;
    case 'relapse':
      return `relapse ${event.onsetDate}`;
    case 'therapy':
      return `therapy ${event.agent} ${event.startDate}`;
    case 'lab':
      return `lab ${event.date} ${event.test}`;
    case 'vaccination':
      return `vaccination ${event.date} ${event.vaccine}`;
  }
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
