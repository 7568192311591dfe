import { z } from 'zod';
import { addDays, type CalendarDate, todayInClinic } from '../calendar-date.ts';
import { eventIdentity, type TimelineEvent, timelineEventSchema } from './event.ts';
import { expected } from './fields.ts';
import { patientFieldsSchema } from './patient-fields.ts';

export type TimelineIssue = { path: (string | number)[]; message: string };
type Issue = TimelineIssue;
/** The patient fields the consistency checks read. */
export type TimelineAnchor = Pick<
  z.infer<typeof patientFieldsSchema>,
  'birthDate' | 'diagnosisDate' | 'firstAttackDate' | 'comorbidities'
> &
  /** When known, a pregnancy is checked against it (none for a male patient). */
  Partial<Pick<z.infer<typeof patientFieldsSchema>, 'sex'>>;
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
  const pregnancies: PregnancyDays[] = [];
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
            issues.push({ path: at('stopDate'), message: `must not be before the start date (${event.startDate})` });
          else checkDate(at('stopDate'), event.stopDate);
        } else if (event.stopReason) {
          issues.push({ path: at('stopReason'), message: 'needs a stop date' });
        }
        const dates = new Map<string, number>();
        (event.administrations ?? []).forEach((administration, a) => {
          const path = at('administrations', a, 'date');
          if (administration.date < event.startDate) {
            issues.push({ path, message: `must not be before the therapy's start date (${event.startDate})` });
          } else if (event.stopDate && administration.date > event.stopDate) {
            issues.push({ path, message: `must not be after the therapy's stop date (${event.stopDate})` });
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
        issues.push(...pregnancyIssues(patient, event, at));
        if (!event.endDate || event.endDate >= event.startDate) checkDate(at('endDate'), event.endDate);
        pregnancies.push({ index, start: event.startDate, end: pregnancyEnd(event) });
        break;
      case 'prophylaxis':
        checkDate(at('startDate'), event.startDate);
        if (event.stopDate) {
          if (event.stopDate < event.startDate)
            issues.push({ path: at('stopDate'), message: `must not be before the start date (${event.startDate})` });
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
  issues.push(...overlappingPregnancies(pregnancies));
  return issues;
}

type PregnancyEvent = Extract<TimelineEvent, { type: 'pregnancy' }>;
type PregnancyDays = { index: number; start: CalendarDate; end: CalendarDate };

/** A pregnancy with no end recorded is taken to last 280 days from its start (Naegele's rule). */
const ASSUMED_PREGNANCY_DAYS = 280;

/** The last day of a pregnancy as recorded: its end, else its expected end, else start + 280 days. */
function pregnancyEnd(event: PregnancyEvent): CalendarDate {
  return event.endDate ?? event.expectedEndDate ?? addDays(event.startDate, ASSUMED_PREGNANCY_DAYS);
}

/** A pregnancy's own dates in order (start, ends, breastfeeding), and none for a male patient. */
function pregnancyIssues(
  patient: TimelineAnchor,
  event: PregnancyEvent,
  at: (...rest: (string | number)[]) => Issue['path'],
): Issue[] {
  const issues: Issue[] = [];
  if (patient.sex === 'male')
    issues.push({ path: at('startDate'), message: 'a pregnancy cannot be recorded for a male patient' });
  for (const field of ['endDate', 'expectedEndDate'] as const) {
    const date = event[field];
    if (date && date < event.startDate)
      issues.push({ path: at(field), message: `must not be before the start date (${event.startDate})` });
  }
  const until = event.breastfeedingUntil;
  if (until && event.endDate && until < event.endDate)
    issues.push({ path: at('breastfeedingUntil'), message: `must not be before the end date (${event.endDate})` });
  else if (until && until < event.startDate)
    issues.push({ path: at('breastfeedingUntil'), message: `must not be before the start date (${event.startDate})` });
  return issues;
}

/** Each pregnancy that starts on or before the last day of an earlier one (its end, expected end, or start + 280). */
function overlappingPregnancies(pregnancies: PregnancyDays[]): Issue[] {
  const sorted = [...pregnancies].sort((a, b) => a.start.localeCompare(b.start) || a.index - b.index);
  const issues: Issue[] = [];
  sorted.forEach((pregnancy, i) => {
    const earlier = sorted.slice(0, i).find((other) => pregnancy.start <= other.end);
    if (earlier !== undefined)
      issues.push({
        path: ['events', pregnancy.index, 'startDate'],
        message: `overlaps events[${earlier.index}] (a pregnancy from ${earlier.start} to ${earlier.end}); record the earlier one's end`,
      });
  });
  return issues;
}
