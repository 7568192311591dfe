import type { CalendarDate } from '../calendar-date.ts';
import type { LabTest, TherapyAgent, TherapySchedule, TherapyStopReason } from '../enums.ts';
import type { AntibodyEvent } from '../records/antibody.ts';
import type { EdssEvent } from '../records/edss.ts';
import { compareEvents, type TimelineEvent } from '../records/event.ts';
import type { LabEvent } from '../records/lab.ts';
import type { MriEvent } from '../records/mri.ts';
import type { RelapseEvent } from '../records/relapse.ts';
import type { Administration } from '../records/therapy.ts';
import type { VaccinationEvent } from '../records/vaccination.ts';
import type { VisualEvent } from '../records/visual.ts';

/** A maintenance (or other) therapy as it stood on the as-of date. */
export interface TherapyCourse {
  agent: TherapyAgent;
  startDate: CalendarDate;
  /** Null while ongoing on the as-of date (a stop recorded for a later day is not known yet). */
  stopDate: CalendarDate | null;
  stopReason: TherapyStopReason | null;
  schedule: TherapySchedule | null;
  doseMg: number | null;
  /** Recorded doses up to the as-of date, by date. */
  administrations: Administration[];
  /** The first dose: the first recorded administration, else the start date. */
  firstDoseDate: CalendarDate;
  /** The last recorded administration, if any. */
  lastDoseDate: CalendarDate | null;
}

/**
 * A patient's record as known on the as-of date, split by kind and sorted by date (then as
 * `compareEvents` orders them), so that rules never depend on the order events were entered.
 */
export interface ClinicalTimeline {
  edss: EdssEvent[];
  antibodyTests: AntibodyEvent[];
  mriExams: MriEvent[];
  visualExams: VisualEvent[];
  /** Attacks by onset, each with its acute treatments up to as-of, by start date then type. */
  relapses: RelapseEvent[];
  /** Therapies by start date (then agent). */
  therapies: TherapyCourse[];
  labs: LabEvent[];
  vaccinations: VaccinationEvent[];
}

export function buildClinicalTimeline(events: readonly TimelineEvent[], asOf: CalendarDate): ClinicalTimeline {
  const timeline: ClinicalTimeline = {
    edss: [],
    antibodyTests: [],
    mriExams: [],
    visualExams: [],
    relapses: [],
    therapies: [],
    labs: [],
    vaccinations: [],
  };
  for (const event of [...events].sort(compareEvents)) {
    switch (event.type) {
      case 'edss':
        if (event.date <= asOf) timeline.edss.push(event);
        break;
      case 'antibody':
        if (event.date <= asOf) timeline.antibodyTests.push(event);
        break;
      case 'mri':
        if (event.date <= asOf) timeline.mriExams.push(event);
        break;
      case 'visual':
        if (event.date <= asOf) timeline.visualExams.push(event);
        break;
      case 'lab':
        if (event.date <= asOf) timeline.labs.push(event);
        break;
      case 'vaccination':
        if (event.date <= asOf) timeline.vaccinations.push(event);
        break;
      case 'relapse':
        if (event.onsetDate <= asOf) {
          const acuteTreatments = (event.acuteTreatments ?? [])
            .filter((t) => t.startDate <= asOf)
            .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.type.localeCompare(b.type));
          timeline.relapses.push({ ...event, acuteTreatments });
        }
        break;
      case 'therapy':
        if (event.startDate <= asOf) {
          const administrations = (event.administrations ?? [])
            .filter((a) => a.date <= asOf)
            .sort((a, b) => a.date.localeCompare(b.date));
          const stopDate = event.stopDate && event.stopDate <= asOf ? event.stopDate : null;
          timeline.therapies.push({
            agent: event.agent,
            startDate: event.startDate,
            stopDate,
            stopReason: stopDate ? (event.stopReason ?? null) : null,
            schedule: event.schedule ?? null,
            doseMg: event.doseMg ?? null,
            administrations,
            firstDoseDate: administrations[0]?.date ?? event.startDate,
            lastDoseDate: administrations.at(-1)?.date ?? null,
          });
        }
        break;
    }
  }
  return timeline;
}

/** Whether the therapy was being taken on `date` (start and stop days included). */
export function isActiveOn(course: TherapyCourse, date: CalendarDate): boolean {
  return course.startDate <= date && (course.stopDate === null || date <= course.stopDate);
}

export function therapiesActiveOn(
  timeline: ClinicalTimeline,
  date: CalendarDate,
  filter: (course: TherapyCourse) => boolean = () => true,
): TherapyCourse[] {
  return timeline.therapies.filter((course) => isActiveOn(course, date) && filter(course));
}

export function labsFor(timeline: ClinicalTimeline, test: LabTest): LabEvent[] {
  return timeline.labs.filter((lab) => lab.test === test);
}

/** The last item of a date-sorted list (or undefined). */
export function latest<T>(list: readonly T[]): T | undefined {
  return list.at(-1);
}
