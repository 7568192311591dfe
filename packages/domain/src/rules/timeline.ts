import { addDays, type CalendarDate, daysBetween } from '../calendar-date.ts';
import {
  type LabTest,
  RELAPSE_SEVERITIES,
  type RelapsePhenotype,
  type TherapyAgent,
  type TherapySchedule,
  type TherapyStopReason,
} from '../enums.ts';
import type { AntibodyEvent } from '../records/antibody.ts';
import type { BodyWeightEvent } from '../records/body-weight.ts';
import type { EdssEvent } from '../records/edss.ts';
import { compareEvents, type TimelineEvent } from '../records/event.ts';
import type { LabEvent } from '../records/lab.ts';
import type { MriEvent } from '../records/mri.ts';
import type { PregnancyEvent } from '../records/pregnancy.ts';
import type { ProphylaxisEvent } from '../records/prophylaxis.ts';
import type { ReferralEvent } from '../records/referral.ts';
import type { RelapseEvent } from '../records/relapse.ts';
import type { Administration } from '../records/therapy.ts';
import type { VaccinationEvent } from '../records/vaccination.ts';
import type { VisualEvent } from '../records/visual.ts';
import { B_CELL_AGENTS } from './agents.ts';
import { type BCellAgent, DEFAULT_RULE_SETTINGS, type RuleSettings } from './settings.ts';

/** A maintenance (or other) therapy as it stood on the as-of date. */
export interface TherapyCourse {
  agent: TherapyAgent;
  startDate: CalendarDate;
  /** Null while ongoing on the as-of date (a stop recorded for a later day is not known yet). */
  stopDate: CalendarDate | null;
  stopReason: TherapyStopReason | null;
  schedule: TherapySchedule | null;
  doseMg: number | null;
  /** Doses given (not planned) up to the as-of date, by date. */
  administrations: Administration[];
  /**
   * Doses booked and not yet given (`planned`), by date, whatever their date: a plan is about the
   * future, and a plan whose date has passed without the dose is a missed dose.
   */
  plannedAdministrations: Administration[];
  /** The first dose: the first recorded administration, else the start date. */
  firstDoseDate: CalendarDate;
  /** The last recorded administration, if any. */
  lastDoseDate: CalendarDate | null;
  /**
   * The last day the course protects (see `protectedUntil`): its stop date, or for an anti-CD20/CD19
   * agent the end of its carry-over when that is later; null while the course is ongoing.
   */
  protectedUntil: CalendarDate | null;
}

/**
 * One clinical attack: the attack records whose onsets lie less than `attackClusterDays` (30) after
 * the onset of the first one (measured from that first onset, not chained from record to record), as
 * one attack (`clinicalAttacks`). It is a RelapseEvent, so every rule reads it as one:
 * - `onsetDate`: the first record's onset; `phenotype`: the first record's;
 * - `severity`: the worst of the records; `acuteTreatments`: all of them, by start date then type;
 * - `phenotypes`: every record's phenotype (the first record's first, each once);
 * - `recordOnsets`: the onsets of the records merged, in order (one entry for a single record);
 * - `worsenedOn`: the onset of the last record that added a phenotype or raised the severity (the first
 *   onset when none did). Acute care is owed from it: a new severe myelitis 29 days after a treated
 *   optic neuritis is the same attack, but it still needs its own IVMP or PLEX.
 */
export interface ClinicalAttack extends RelapseEvent {
  phenotypes: RelapsePhenotype[];
  recordOnsets: CalendarDate[];
  worsenedOn: CalendarDate;
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
  /**
   * Clinical attacks by onset (records less than `attackClusterDays` apart merged, see
   * ClinicalAttack), each with its acute treatments up to as-of, by start date then type.
   */
  relapses: ClinicalAttack[];
  /** Therapies by start date (then agent). */
  therapies: TherapyCourse[];
  labs: LabEvent[];
  vaccinations: VaccinationEvent[];
  /** Body weights by date (weight-based dosing reads the latest before a dose). */
  bodyWeights: BodyWeightEvent[];
  /**
   * Pregnancies by start date. An end (and its outcome) dated after the as-of date is not known yet:
   * removed, so the pregnancy is ongoing that day. `breastfeedingUntil` is kept as recorded.
   */
  pregnancies: PregnancyEvent[];
  /** Prophylaxis courses by start date; a stop dated after the as-of date is not known yet (removed). */
  prophylaxis: ProphylaxisEvent[];
  referrals: ReferralEvent[];
}

export function buildClinicalTimeline(
  events: readonly TimelineEvent[],
  asOf: CalendarDate,
  settings: RuleSettings = DEFAULT_RULE_SETTINGS,
): ClinicalTimeline {
  const records: RelapseEvent[] = [];
  const timeline: ClinicalTimeline = {
    edss: [],
    antibodyTests: [],
    mriExams: [],
    visualExams: [],
    relapses: [],
    therapies: [],
    labs: [],
    vaccinations: [],
    bodyWeights: [],
    pregnancies: [],
    prophylaxis: [],
    referrals: [],
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
      case 'bodyWeight':
        if (event.date <= asOf) timeline.bodyWeights.push(event);
        break;
      case 'referral':
        if (event.date <= asOf) timeline.referrals.push(event);
        break;
      case 'pregnancy':
        if (event.startDate <= asOf) {
          const { endDate, outcome, ...known } = event;
          timeline.pregnancies.push(endDate && endDate <= asOf ? event : known);
        }
        break;
      case 'prophylaxis':
        if (event.startDate <= asOf) {
          const { stopDate, ...known } = event;
          timeline.prophylaxis.push(stopDate && stopDate <= asOf ? event : known);
        }
        break;
      case 'relapse':
        if (event.onsetDate <= asOf) {
          const acuteTreatments = (event.acuteTreatments ?? [])
            .filter((t) => t.startDate <= asOf)
            .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.type.localeCompare(b.type));
          records.push({ ...event, acuteTreatments });
        }
        break;
      case 'therapy':
        if (event.startDate <= asOf) {
          const byDate = [...(event.administrations ?? [])].sort((a, b) => a.date.localeCompare(b.date));
          const administrations = byDate.filter((a) => !a.planned && a.date <= asOf);
          const plannedAdministrations = byDate.filter((a) => a.planned === true);
          const stopDate = event.stopDate && event.stopDate <= asOf ? event.stopDate : null;
          const firstDoseDate = administrations[0]?.date ?? event.startDate;
          const lastDoseDate = administrations.at(-1)?.date ?? null;
          timeline.therapies.push({
            agent: event.agent,
            startDate: event.startDate,
            stopDate,
            stopReason: stopDate ? (event.stopReason ?? null) : null,
            schedule: event.schedule ?? null,
            doseMg: event.doseMg ?? null,
            administrations,
            plannedAdministrations,
            firstDoseDate,
            lastDoseDate,
            protectedUntil: protectionEnd(event.agent, stopDate, lastDoseDate ?? firstDoseDate, settings),
          });
        }
        break;
      default:
        // A new record type must decide here whether the rules see it (registry.ts lists them all).
        event satisfies never;
    }
  }
  timeline.relapses = clinicalAttacks(records, settings.attackClusterDays);
  return timeline;
}

/** Whether a record with onset `onset` belongs to the attack whose first record began on `first`. */
export function isSameAttack(first: CalendarDate, onset: CalendarDate, clusterDays: number): boolean {
  return daysBetween(first, onset) < clusterDays;
}

/**
 * The attack records (sorted by onset) as clinical attacks: a record whose onset is less than
 * `clusterDays` after the first onset of the current attack joins it (see ClinicalAttack).
 */
export function clinicalAttacks(records: readonly RelapseEvent[], clusterDays: number): ClinicalAttack[] {
  const attacks: ClinicalAttack[] = [];
  for (const record of records) {
    const current = attacks.at(-1);
    if (current === undefined || !isSameAttack(current.onsetDate, record.onsetDate, clusterDays)) {
      attacks.push({
        ...record,
        acuteTreatments: [...(record.acuteTreatments ?? [])],
        phenotypes: [record.phenotype],
        recordOnsets: [record.onsetDate],
        worsenedOn: record.onsetDate,
      });
      continue;
    }
    current.recordOnsets.push(record.onsetDate);
    if (!current.phenotypes.includes(record.phenotype)) {
      current.phenotypes.push(record.phenotype);
      current.worsenedOn = record.onsetDate;
    }
    if (RELAPSE_SEVERITIES.indexOf(record.severity) > RELAPSE_SEVERITIES.indexOf(current.severity)) {
      current.severity = record.severity;
      current.worsenedOn = record.onsetDate;
    }
    current.acuteTreatments = [...(current.acuteTreatments ?? []), ...(record.acuteTreatments ?? [])].sort(
      (a, b) => a.startDate.localeCompare(b.startDate) || a.type.localeCompare(b.type),
    );
  }
  return attacks;
}

/**
 * The last day a course protects: null while ongoing; else its stop date, or, for an anti-CD20/CD19
 * agent, its last dose (the last recorded administration, else the first dose) plus the agent's
 * `bCellTherapy.carryOverDays` when that is later (B-cell depletion outlasts the stop).
 */
function protectionEnd(
  agent: TherapyAgent,
  stopDate: CalendarDate | null,
  lastDose: CalendarDate,
  settings: RuleSettings,
): CalendarDate | null {
  if (stopDate === null) return null;
  if (!B_CELL_AGENTS.has(agent)) return stopDate;
  const carryOverEnd = addDays(lastDose, settings.bCellTherapy.carryOverDays[agent as BCellAgent]);
  return carryOverEnd > stopDate ? carryOverEnd : stopDate;
}

/** Whether `date` falls from the course's start to `end` (null: no end yet), both days included. */
const runsOn = (course: TherapyCourse, end: CalendarDate | null, date: CalendarDate): boolean =>
  course.startDate <= date && (end === null || date <= end);

/** Whether the course still protects on `date`: from its start to `protectedUntil`, both included. */
export function isProtectingOn(course: TherapyCourse, date: CalendarDate): boolean {
  return runsOn(course, course.protectedUntil, date);
}

/** Whether the therapy was being taken on `date` (start and stop days included). */
export function isActiveOn(course: TherapyCourse, date: CalendarDate): boolean {
  return runsOn(course, course.stopDate, date);
}

type CourseFilter = (course: TherapyCourse) => boolean;
const everyCourse: CourseFilter = () => true;

/**
 * The courses that protect on `date` (by start date), as the maintenance rules judge an attack: the
 * ones being taken (`isActiveOn`), and anti-CD20/CD19 courses stopped before `date` whose carry-over
 * reaches it (the attack is judged on that agent).
 */
export function coursesProtectingOn(
  timeline: ClinicalTimeline,
  date: CalendarDate,
  filter: CourseFilter = everyCourse,
): TherapyCourse[] {
  return timeline.therapies.filter((course) => isProtectingOn(course, date) && filter(course));
}

export function therapiesActiveOn(
  timeline: ClinicalTimeline,
  date: CalendarDate,
  filter = everyCourse,
): TherapyCourse[] {
  return timeline.therapies.filter((course) => isActiveOn(course, date) && filter(course));
}

export function labsFor(timeline: ClinicalTimeline, test: LabTest): readonly LabEvent[] {
  let kept = labsByTest.get(timeline.labs);
  // Built once per list: the rituximab rule reads its counts for every infusion and count day.
  if (kept === undefined || kept.length !== timeline.labs.length) {
    kept = { length: timeline.labs.length, byTest: new Map() };
    for (const lab of timeline.labs) {
      const own = kept.byTest.get(lab.test);
      if (own) own.push(lab);
      else kept.byTest.set(lab.test, [lab]);
    }
    labsByTest.set(timeline.labs, kept);
  }
  return kept.byTest.get(test) ?? NO_LABS;
}

const NO_LABS: readonly LabEvent[] = Object.freeze([]);
/** A timeline's labs by test, kept with the length of the list they were read from. */
const labsByTest = new WeakMap<readonly LabEvent[], { length: number; byTest: Map<LabTest, LabEvent[]> }>();

/** The last item of a date-sorted list (or undefined). */
export function latest<T>(list: readonly T[]): T | undefined {
  return list.at(-1);
}
