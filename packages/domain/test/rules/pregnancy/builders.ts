import type { TimelineEvent } from '../../../src/records/event.ts';

type PregnancyFields = {
  expectedEndDate?: string;
  endDate?: string | null;
  outcome?: 'live_birth' | 'stillbirth' | 'miscarriage' | 'termination' | 'ectopic' | 'unknown';
  breastfeedingUntil?: string | null;
};

/** A pregnancy from `startDate` (first day of the last menstrual period). */
export function pregnancy(startDate: string, fields: PregnancyFields = {}): TimelineEvent {
  return { type: 'pregnancy', startDate, ...fields } as TimelineEvent;
}

export function referral(date: string, specialty: 'obstetrics' | 'hepatology' = 'obstetrics'): TimelineEvent {
  return { type: 'referral', date, specialty } as TimelineEvent;
}
