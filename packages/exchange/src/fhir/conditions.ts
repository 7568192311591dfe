import type { CodeableConcept, Condition } from '@medplum/fhirtypes';
import type { ComorbidityCode, RelapseEvent } from '@nmo/domain';
import { concept, FHIR_SYSTEMS, local, localConcept, NMOSD_ICD10, SEVERITY_SNOMED } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

const CONFIRMED = concept({ system: FHIR_SYSTEMS.conditionVerification, code: 'confirmed' });
const ACTIVE = concept({ system: FHIR_SYSTEMS.conditionClinical, code: 'active' });
const PROBLEM_LIST = [concept({ system: FHIR_SYSTEMS.conditionCategory, code: 'problem-list-item' })];

/**
 * NMOSD itself: onset at the first attack; the diagnosis date goes in recordedDate, FHIR R4's only
 * date for when a condition was established.
 */
export function nmosdCondition(
  addresses: PatientAddresses,
  dates: { diagnosisDate: string | null; firstAttackDate: string | null },
): FhirEntry {
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: ACTIVE,
    verificationStatus: CONFIRMED,
    category: PROBLEM_LIST,
    code: concept(NMOSD_ICD10),
    subject: addresses.patient,
    ...(dates.firstAttackDate ? { onsetDateTime: dates.firstAttackDate } : {}),
    ...(dates.diagnosisDate ? { recordedDate: dates.diagnosisDate } : {}),
  };
  return addresses.entry('diagnosis', condition);
}

/** Comorbidities carry no dates in the record, so only their presence. */
export function comorbidityConditions(addresses: PatientAddresses, comorbidities: ComorbidityCode[]): FhirEntry[] {
  return comorbidities.map((comorbidity) =>
    addresses.entry(`comorbidity ${comorbidity}`, {
      resourceType: 'Condition',
      clinicalStatus: ACTIVE,
      verificationStatus: CONFIRMED,
      category: PROBLEM_LIST,
      code: localConcept(`comorbidity.${comorbidity}`),
      subject: addresses.patient,
    }),
  );
}

const ATTACK_CATEGORY: CodeableConcept[] = [concept(local('nmosd_attack'))];

/**
 * An attack is a Condition of its own (clinical-research.md 3.2): category "NMOSD attack", code the
 * phenotype, severity on FHIR's SNOMED scale. The record has no end date, so no abatement and no
 * clinical status (which would have to guess whether it resolved).
 */
export function attackCondition(addresses: PatientAddresses, key: string, relapse: RelapseEvent): FhirEntry {
  return addresses.entry(key, {
    resourceType: 'Condition',
    verificationStatus: CONFIRMED,
    category: ATTACK_CATEGORY,
    code: localConcept(`phenotype.${relapse.phenotype}`),
    severity: concept(SEVERITY_SNOMED[relapse.severity]),
    subject: addresses.patient,
    onsetDateTime: relapse.onsetDate,
  });
}
