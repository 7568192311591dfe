import { type CalendarDate, compareEvents, eventIdentity, fromDayNumber, type TimelineEvent } from '@nmo/domain';
import type { Day } from './model.ts';

/** Calendar date of a day number. */
export function dateOf(day: Day): CalendarDate {
  return fromDayNumber(day);
}

/**
 * Collects one patient's events the way the importer will see them: only dates within life and not
 * after the as-of date, no two events with the same identity (the first one written wins: attack
 * records are written before routine ones), and the export's canonical order at the end.
 */
export class TimelineBuilder {
  private readonly events: TimelineEvent[] = [];
  private readonly identities = new Set<string>();

  constructor(
    readonly firstDay: Day,
    readonly lastDay: Day,
  ) {}

  includes(day: Day): boolean {
    return day >= this.firstDay && day <= this.lastDay;
  }

  /** Adds an event dated `day`; returns whether it was kept. */
  add(day: Day, event: TimelineEvent): boolean {
    if (!this.includes(day)) return false;
    const identity = eventIdentity(event);
    if (this.identities.has(identity)) return false;
    this.identities.add(identity);
    this.events.push(event);
    return true;
  }

  /** The events written so far of one type (later writers read what earlier ones wrote). */
  ofType<T extends TimelineEvent['type']>(type: T): Extract<TimelineEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<TimelineEvent, { type: T }> => event.type === type);
  }

  sorted(): TimelineEvent[] {
    return [...this.events].sort(compareEvents);
  }
}
