import type { CalendarDate } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { AcuteTreatment, RelapseEvent } from '../../../src/records/relapse.ts';
import type { TherapyEvent } from '../../../src/records/therapy.ts';

/** An attack (optic neuritis, moderate unless said otherwise). */
export function attack(
  onsetDate: CalendarDate,
  acuteTreatments?: AcuteTreatment[],
  fields: Partial<Pick<RelapseEvent, 'phenotype' | 'severity'>> = {},
): RelapseEvent {
  return {
    type: 'relapse',
    onsetDate,
    phenotype: 'optic_neuritis',
    severity: 'moderate',
    ...fields,
    ...(acuteTreatments ? { acuteTreatments } : {}),
  };
}

export const severe = (onsetDate: CalendarDate, acuteTreatments?: AcuteTreatment[]): RelapseEvent =>
  attack(onsetDate, acuteTreatments, { severity: 'severe', phenotype: 'transverse_myelitis' });

export function therapy(agent: TherapyAgent, startDate: CalendarDate, stopDate?: CalendarDate): TherapyEvent {
  return { type: 'therapy', agent, startDate, ...(stopDate ? { stopDate } : {}) };
}

export const ivmp = (startDate: CalendarDate, days?: number, dailyDoseMg?: number): AcuteTreatment => ({
  type: 'ivmp',
  startDate,
  ...(days === undefined ? {} : { days }),
  ...(dailyDoseMg === undefined ? {} : { dailyDoseMg }),
});

export const plex = (startDate: CalendarDate, sessions = 5): AcuteTreatment => ({ type: 'plex', startDate, sessions });

/** An oral steroid taper (14 days): not acute attack treatment. */
export const taper = (startDate: CalendarDate, days = 14): AcuteTreatment => ({
  type: 'oral_steroid_taper',
  startDate,
  days,
});
