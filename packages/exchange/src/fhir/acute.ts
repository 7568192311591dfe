import type { Condition, Period, Reference } from '@medplum/fhirtypes';
import { type AcuteTreatment, addDays } from '@nmo/domain';
import {
  APHERESIS_SNOMED,
  concept,
  FHIR_EXTENSIONS,
  local,
  localConcept,
  quantity,
  ROUTE_SNOMED,
  THERAPEUTIC_PROCEDURE,
} from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

/** The course's days, when the record gives their number. */
function course(treatment: AcuteTreatment): Period {
  return treatment.days === undefined
    ? { start: treatment.startDate }
    : { start: treatment.startDate, end: addDays(treatment.startDate, treatment.days - 1) };
}

/** A course still running on the export date is in progress; without a length it counts as given. */
const isRunning = (treatment: AcuteTreatment, asOf: string) => {
  const end = course(treatment).end;
  return end !== undefined && end >= asOf;
};

/**
 * One acute treatment of an attack, linked to that attack by reasonReference: IV methylprednisolone
 * and IVIG are MedicationAdministrations over the course (dose per day); the oral taper, taken at
 * home, a MedicationStatement; plasma exchange a Procedure with its number of exchanges.
 * `asOf` is the export date on the output's own timeline (shifted when de-identified).
 */
export function acuteTreatmentEntry(
  addresses: PatientAddresses,
  key: string,
  treatment: AcuteTreatment,
  attack: Reference<Condition>,
  asOf: string,
): FhirEntry {
  const running = isRunning(treatment, asOf);
  const dose = treatment.dailyDoseMg === undefined ? undefined : quantity(treatment.dailyDoseMg, 'mg');
  switch (treatment.type) {
    case 'ivmp':
    case 'ivig':
      return addresses.entry(key, {
        resourceType: 'MedicationAdministration',
        status: running ? 'in-progress' : 'completed',
        medicationCodeableConcept: localConcept(`acute.${treatment.type}`),
        subject: addresses.patient,
        effectivePeriod: course(treatment),
        reasonReference: [attack],
        // FHIR's mad-1: a dosage must state the dose, so without one the route goes too.
        ...(dose ? { dosage: { route: concept(ROUTE_SNOMED.intravenous), dose } } : {}),
      });
    case 'oral_steroid_taper':
      return addresses.entry(key, {
        resourceType: 'MedicationStatement',
        status: running ? 'active' : 'completed',
        medicationCodeableConcept: localConcept('acute.oral_steroid_taper'),
        subject: addresses.patient,
        effectivePeriod: course(treatment),
        reasonReference: [attack],
        dosage: [
          {
            route: concept(ROUTE_SNOMED.oral),
            ...(dose ? { doseAndRate: [{ doseQuantity: dose }] } : {}),
          },
        ],
      });
    case 'plex':
      return addresses.entry(key, {
        resourceType: 'Procedure',
        ...(treatment.sessions === undefined
          ? {}
          : { extension: [{ url: FHIR_EXTENSIONS.plexSessions, valuePositiveInt: treatment.sessions }] }),
        status: 'completed',
        category: concept(THERAPEUTIC_PROCEDURE),
        code: concept(local('acute.plex'), APHERESIS_SNOMED),
        subject: addresses.patient,
        performedPeriod: course(treatment),
        reasonReference: [attack],
      });
  }
}
