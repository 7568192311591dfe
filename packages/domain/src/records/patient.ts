import { z } from 'zod';
import { type CalendarDate, todayInClinic } from '../calendar-date.ts';
import { eventIdentity, type TimelineEvent, timelineEventSchema } from './event.ts';
import { expected } from './fields.ts';
import { patientFieldsSchema } from './patient-fields.ts';

export type TimelineIssue = { path: (string | number)[]; message: string };
type Issue = TimelineIssue;
/** The patient fields the consistency checks read. */
export type TimelineAnchor = Pick<
  z.infer<typeof patientFieldsSchema>,
  'birthDate' | 'diagnosisDate' | 'firstAttackDate' | 'comorbidities'
>;
/** An event with its position in the file's events list (positions survive skipped invalid events). */
export type IndexedEvent = { index: number; event: TimelineEvent };

/** A patient with every event of the timeline, checked for consistency across fields. */
export const patientTimelineSchema = patientFieldsSchema
  .extend({ events: z.array(timelineEventSchema, { error: expected('must be a list') }) })
  .superRefine((patient, context) => {
    const events = patient.events.map((event, index) => ({ index, event }));
    for (const issue of timelineConsistencyIssues(patient, events, todayInClinic())) {
      context.addIssue({ code: 'custom', ...issue });
    }
  });
export type PatientTimeline = z.infer<typeof patientTimelineSchema>;

/**
 * Checks that need more than one field: dates within life and not in the future, stop after start,
 * treatments after onset, no event twice. Runs on whatever events parsed, so that a file's report
 * lists these errors next to the field-level ones.
 */
export function timelineConsistencyIssues(
  patient: TimelineAnchor,
  events: IndexedEvent[],
  today: CalendarDate,
): Issue[] {
  const issues: Issue[] = [];
  const birth = patient.birthDate;
  const checkDate = (path: Issue['path'], date: CalendarDate | null | undefined) => {
    if (!date) return;
    if (date < birth) issues.push({ path, message: `must not be before the birth date (${birth})` });
    else if (date > today) issues.push({ path, message: `must not be in the future (today is ${today})` });
  };
  if (birth > today) issues.push({ path: ['birthDate'], message: `must not be in the future (today is ${today})` });
  if (birth < '1900-01-01') issues.push({ path: ['birthDate'], message: 'must be 1900-01-01 or later' });
  checkDate(['diagnosisDate'], patient.diagnosisDate);
  checkDate(['firstAttackDate'], patient.firstAttackDate);
  const comorbidities = patient.comorbidities ?? [];
  comorbidities.forEach((code, index) => {
    if (comorbidities.indexOf(code) !== index)
      issues.push({ path: ['comorbidities', index], message: `repeats ${code}` });
  });

  const seen = new Map<string, number>();
  for (const { index, event } of events) {
    const at = (...rest: (string | number)[]) => ['events', index, ...rest];
    const identity = eventIdentity(event);
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, index);
    else issues.push({ path: at(), message: `repeats events[${first}] (same ${identity})` });

    switch (event.type) {
      case 'relapse': {
        checkDate(at('onsetDate'), event.onsetDate);
        const treatments = new Map<string, number>();
        (event.acuteTreatments ?? []).forEach((treatment, t) => {
          const path = at('acuteTreatments', t, 'startDate');
          if (treatment.startDate < event.onsetDate) {
            issues.push({ path, message: `must not be before the attack's onset (${event.onsetDate})` });
          } else checkDate(path, treatment.startDate);
          const key = `${treatment.type} ${treatment.startDate}`;
          const firstTreatment = treatments.get(key);
          if (firstTreatment === undefined) treatments.set(key, t);
          else
            issues.push({
              path: at('acuteTreatments', t),
              message: `repeats acuteTreatments[${firstTreatment}] (same ${key})`,
            });
        });
        break;
      }
      case 'therapy': {
        checkDate(at('startDate'), event.startDate);
        if (event.stopDate) {
          if (event.stopDate < event.startDate)
            issues.push({ path: at('stopDate'), message: `must not be before startDate (${event.startDate})` });
          else checkDate(at('stopDate'), event.stopDate);
        } else if (event.stopReason) {
          issues.push({ path: at('stopReason'), message: 'needs a stopDate' });
        }
        const dates = new Map<string, number>();
        (event.administrations ?? []).forEach((administration, a) => {
          const path = at('administrations', a, 'date');
          if (administration.date < event.startDate) {
            issues.push({ path, message: `must not be before the therapy's startDate (${event.startDate})` });
          } else if (event.stopDate && administration.date > event.stopDate) {
            issues.push({ path, message: `must not be after the therapy's stopDate (${event.stopDate})` });
          } else if (!administration.planned) checkDate(path, administration.date);
          // A planned dose may lie in the future (that is its point), but not before birth.
          else if (administration.date < birth)
            issues.push({ path, message: `must not be before the birth date (${birth})` });
          const firstAdministration = dates.get(administration.date);
          if (firstAdministration === undefined) dates.set(administration.date, a);
          else
            issues.push({
              path: at('administrations', a),
              message: `repeats administrations[${firstAdministration}] (same date)`,
            });
        });
        break;
      }
      case 'pregnancy':
        checkDate(at('startDate'), event.startDate);
        checkDate(at('endDate'), event.endDate);
        break;
      case 'prophylaxis':
        checkDate(at('startDate'), event.startDate);
        if (event.stopDate) {
          if (event.stopDate < event.startDate)
            issues.push({ path: at('stopDate'), message: `must not be before startDate (${event.startDate})` });
          else checkDate(at('stopDate'), event.stopDate);
        }
        break;
      case 'lab':
        checkDate(at('date'), event.date);
        if (event.value === undefined && event.result === undefined) {
          issues.push({ path: at('value'), message: 'is required when there is no qualitative result' });
        }
        break;
      default:
        checkDate(at('date'), event.date);
    }
  }
  return issues;
}
