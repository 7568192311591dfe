import type { CalendarDate } from '@nmo/domain';

/** A stored acknowledgement as far as "is this flag open?" is concerned. */
export interface AcknowledgementKey {
  patientId: string;
  code: string;
  flagDate: CalendarDate;
  /** Null: acknowledged for good; else snoozed until that day (the flag is open again on it). */
  until: CalendarDate | null;
  superseded: boolean;
}

/**
 * Whether an acknowledgement hides a flag on `asOf`: same patient, code and flag date (a flag the
 * rules raise again for another date is new and shows), not superseded, and not past its snooze.
 */
export function hidesFlag(
  ack: AcknowledgementKey,
  flag: { patientId: string; code: string; date: CalendarDate },
  asOf: CalendarDate,
): boolean {
  return (
    !ack.superseded &&
    ack.patientId === flag.patientId &&
    ack.code === flag.code &&
    ack.flagDate === flag.date &&
    (ack.until === null || asOf < ack.until)
  );
}
