import type { CalendarDate } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { AcuteTreatment, RelapseEvent } from '../../../src/records/relapse.ts';
import type { TherapyEvent } from '../../../src/records/therapy.ts';
import type { Flag, FlagCode } from '../../../src/rules/types.ts';

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

/** A therapy with recorded doses (each of doseMg when given). */
export const dosed = (
  agent: TherapyAgent,
  startDate: CalendarDate,
  doses: CalendarDate[],
  stopDate?: CalendarDate,
  doseMg?: number,
): TherapyEvent => ({
  ...therapy(agent, startDate, stopDate),
  administrations: doses.map((date) => (doseMg === undefined ? { date } : { date, doseMg })),
});

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

/** Each flag's code and status, with what ended it (resolvedOn and resolution, or expiredOn). */
export const lifecycle = (flags: Flag[]) =>
  flags.map((f) => ({
    code: f.code,
    status: f.status,
    ...(f.resolvedOn ? { resolvedOn: f.resolvedOn, resolution: f.resolution } : {}),
    ...(f.status === 'expired' ? { expiredOn: f.details.expiredOn } : {}),
  }));

/** The lifecycle entry of a flag resolved on a day by a record. */
export const resolved = (code: FlagCode, resolvedOn: CalendarDate, resolution: string) => ({
  code,
  status: 'resolved' as const,
  resolvedOn,
  resolution,
});

/** The lifecycle entry of a flag expired on a day. */
export const expired = (code: FlagCode, expiredOn: CalendarDate) => ({ code, status: 'expired' as const, expiredOn });
