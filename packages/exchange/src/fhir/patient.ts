import type { Element, Patient } from '@medplum/fhirtypes';
import type { PatientTimeline } from '@nmo/domain';
import type { DeidentifiedPatient } from '../deidentify/deidentify.ts';
import { concept, FHIR_EXTENSIONS, FHIR_SYSTEMS } from './codes.ts';

export function identifiedPatient(patient: PatientTimeline): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'usual',
        type: concept({ system: FHIR_SYSTEMS.identifierType, code: 'MR', display: 'Medical record number' }),
        system: FHIR_SYSTEMS.mrn,
        value: patient.mrn,
      },
    ],
    name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
    gender: patient.sex,
    birthDate: patient.birthDate,
  };
}

/**
 * A research subject: pseudonymous ID, no name, birth year only (FHIR's date allows "YYYY"); at 90
 * and over no birth year at all (HIPAA Safe Harbor), marked as masked and given the age group.
 */
export function deidentifiedPatient(subject: DeidentifiedPatient): Patient {
  // FHIR JSON puts a primitive's extensions in "_birthDate", which Medplum's types leave out.
  const birth: Partial<Patient> & { _birthDate?: Element } =
    subject.birthYear === null
      ? {
          extension: [{ url: FHIR_EXTENSIONS.ageGroup, valueCode: subject.ageGroup ?? '90+' }],
          _birthDate: { extension: [{ url: FHIR_EXTENSIONS.dataAbsentReason, valueCode: 'masked' }] },
        }
      : { birthDate: String(subject.birthYear).padStart(4, '0') };
  return {
    resourceType: 'Patient',
    ...birth,
    identifier: [{ use: 'secondary', system: FHIR_SYSTEMS.subjectId, value: subject.subjectId }],
    gender: subject.sex,
  };
}
