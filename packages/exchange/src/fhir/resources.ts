import type { Condition, Patient, Reference } from '@medplum/fhirtypes';
import {
  addDays,
  type CalendarDate,
  compareEvents,
  type EventType,
  eventIdentity,
  identityOf,
  type PatientTimeline,
  type TimelineEvent,
  todayInClinic,
  type WorkingDiagnosis,
  workingDiagnosis,
} from '@nmo/domain';
import { type DeidentifyOptions, dateShiftOf, deidentifyPatient } from '../deidentify/deidentify.ts';
import { acuteTreatmentEntry } from './acute.ts';
import { pregnancyObservation, prophylaxisStatement, referralRequest } from './care.ts';
import { attackCondition, comorbidityConditions, nmosdCondition } from './conditions.ts';
import { type FhirEntry, PatientAddresses } from './context.ts';
import { immunizationEntry } from './immunization.ts';
import {
  antibodyObservation,
  bodyWeightObservation,
  edssObservation,
  labObservation,
  mriObservation,
  serostatusObservation,
} from './observations.ts';
import { deidentifiedPatient, identifiedPatient } from './patient.ts';
import { therapyResources } from './therapies.ts';
import { visualObservations } from './visual.ts';

export interface FhirExportOptions {
  /**
   * De-identified output (forced for researchers). FHIR dates must be calendar dates, so only
   * `dates: 'shift'` is possible; `relative` day numbers have no FHIR form and are refused.
   */
  deidentify?: DeidentifyOptions;
  /** The export date, to tell courses still running; default `deidentify.today`, else today. */
  today?: CalendarDate;
}

/** The patient as the output shows them: identified, or a research subject with shifted dates. */
interface Subject {
  owner: string;
  patient: Patient;
  diagnosisDate: CalendarDate | null;
  firstAttackDate: CalendarDate | null;
  /** The working diagnosis: the recorded one, else derived from serostatus where unambiguous. */
  diagnosis: WorkingDiagnosis;
  aqp4Status: PatientTimeline['aqp4Status'];
  mogStatus: PatientTimeline['mogStatus'];
  comorbidities: NonNullable<PatientTimeline['comorbidities']>;
  events: TimelineEvent[];
  asOf: CalendarDate;
}

export function assertFhirDeidentifyOptions(options: FhirExportOptions): void {
  if (options.deidentify && options.deidentify.dates !== 'shift')
    throw new RangeError("FHIR export needs calendar dates: de-identify with dates 'shift', not 'relative'");
}

function subjectOf(patient: PatientTimeline, options: FhirExportOptions): Subject {
  const today = options.today ?? options.deidentify?.today ?? todayInClinic();
  if (!options.deidentify)
    return {
      owner: `mrn ${patient.mrn}`,
      patient: identifiedPatient(patient),
      diagnosisDate: patient.diagnosisDate ?? null,
      firstAttackDate: patient.firstAttackDate ?? null,
      diagnosis: workingDiagnosis(patient),
      aqp4Status: patient.aqp4Status,
      mogStatus: patient.mogStatus,
      comorbidities: patient.comorbidities ?? [],
      events: patient.events,
      asOf: today,
    };
  assertFhirDeidentifyOptions(options);
  const subject = deidentifyPatient(patient, options.deidentify);
  // Shifted mode: every date is text, so the events keep the interchange shape.
  return {
    owner: `subject ${subject.subjectId}`,
    patient: deidentifiedPatient(subject),
    diagnosisDate: subject.diagnosisDate as CalendarDate | null,
    firstAttackDate: subject.firstAttackDate as CalendarDate | null,
    diagnosis: workingDiagnosis({ ...subject, events: patient.events }),
    aqp4Status: subject.aqp4Status,
    mogStatus: subject.mogStatus,
    comorbidities: subject.comorbidities,
    events: subject.events as unknown as TimelineEvent[],
    asOf: addDays(today, -dateShiftOf(options.deidentify.key, patient.mrn)),
  };
}

type EntryMaker<T extends EventType> = (
  addresses: PatientAddresses,
  key: string,
  event: Extract<TimelineEvent, { type: T }>,
  asOf: CalendarDate,
) => FhirEntry[];

/** The FHIR resources of each record type (docs/FHIR.md); a new type in the registry must say its own. */
const FHIR_ENTRIES: { [T in EventType]: EntryMaker<T> } = {
  edss: (addresses, key, event) => [edssObservation(addresses, key, event)],
  antibody: (addresses, key, event) => [antibodyObservation(addresses, key, event)],
  mri: (addresses, key, event) => [mriObservation(addresses, key, event)],
  visual: (addresses, key, event) => visualObservations(addresses, key, event),
  relapse: (addresses, key, event, asOf) => {
    const attack = attackCondition(addresses, key, event);
    const reason: Reference<Condition> = { reference: attack.fullUrl };
    const treatments = (event.acuteTreatments ?? []).map((treatment) =>
      acuteTreatmentEntry(addresses, `${key} ${identityOf('acuteTreatment', treatment)}`, treatment, reason, asOf),
    );
    return [attack, ...treatments];
  },
  therapy: (addresses, key, event) => therapyResources(addresses, key, event),
  lab: (addresses, key, event) => [labObservation(addresses, key, event)],
  vaccination: (addresses, key, event) => [immunizationEntry(addresses, key, event)],
  bodyWeight: (addresses, key, event) => [bodyWeightObservation(addresses, key, event)],
  pregnancy: (addresses, key, event) => [pregnancyObservation(addresses, key, event)],
  prophylaxis: (addresses, key, event) => [prophylaxisStatement(addresses, key, event)],
  referral: (addresses, key, event) => [referralRequest(addresses, key, event)],
};

function eventEntries(addresses: PatientAddresses, event: TimelineEvent, asOf: CalendarDate): FhirEntry[] {
  const make = FHIR_ENTRIES[event.type] as EntryMaker<EventType>;
  return make(addresses, eventIdentity(event), event, asOf);
}

/**
 * One patient as FHIR R4 Bundle entries (docs/FHIR.md): the Patient, the NMOSD Condition,
 * comorbidities and serostatus, then each record in timeline order (date, type, identity), whatever
 * the order of the input. Every entry's urn:uuid is
 * derived from the patient and the record's identity, so it is the same in every export.
 */
export function patientResources(patient: PatientTimeline, options: FhirExportOptions = {}): FhirEntry[] {
  const subject = subjectOf(patient, options);
  const addresses = new PatientAddresses(subject.owner);
  const serostatus = [
    ...(subject.aqp4Status ? [serostatusObservation(addresses, 'aqp4_igg', subject.aqp4Status)] : []),
    ...(subject.mogStatus ? [serostatusObservation(addresses, 'mog_igg', subject.mogStatus)] : []),
  ];
  return [
    addresses.entry('patient', subject.patient),
    nmosdCondition(addresses, subject),
    ...comorbidityConditions(addresses, subject.comorbidities),
    ...serostatus,
    ...[...subject.events].sort(compareEvents).flatMap((event) => eventEntries(addresses, event, subject.asOf)),
  ];
}
