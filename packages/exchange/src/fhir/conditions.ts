import type { CodeableConcept, Condition } from '@medplum/fhirtypes';
import type { ComorbidityCode, RelapseEvent, WorkingDiagnosis } from '@nmo/domain';
import { concept, FHIR_SYSTEMS, local, localConcept, NMOSD_ICD10, SEVERITY_SNOMED } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

const CONFIRMED = concept({ system: FHIR_SYSTEMS.conditionVerification, code: 'confirmed' });
const ACTIVE = concept({ system: FHIR_SYSTEMS.conditionClinical, code: 'active' });
const PROBLEM_LIST = [concept({ system: FHIR_SYSTEMS.conditionCategory, code: 'problem-list-item' })];

const verification = (code: 'confirmed' | 'provisional' | 'unconfirmed') =>
  concept({ system: FHIR_SYSTEMS.conditionVerification, code });

/**
 * The patient's diagnosis (the working diagnosis, domain records/diagnosis.ts): onset at the first
 * attack; the diagnosis date goes in recordedDate, FHIR R4's only date for when a condition was
 * established. Coded with the local `diagnosis.*` code, and for AQP4-IgG-positive and seronegative
 * NMOSD also ICD-10 G36.0 (neuromyelitis optica); WHO ICD-10 has no code for MOGAD, so MOGAD and
 * "other or uncertain" carry the local code and text only. verificationStatus: `confirmed` for a
 * recorded NMOSD or MOGAD diagnosis, `provisional` when it was derived from serostatus (none
 * recorded), `unconfirmed` for "other or uncertain".
 */
export function nmosdCondition(
  addresses: PatientAddresses,
  subject: { diagnosisDate: string | null; firstAttackDate: string | null; diagnosis: WorkingDiagnosis },
): FhirEntry {
  const dates = subject;
  const { diagnosis, basis } = subject.diagnosis;
  const nmosd = diagnosis === 'nmosd_aqp4_positive' || diagnosis === 'nmosd_seronegative';
  // No `text`: the local coding's display names it (de-identified Bundles carry no text elements).
  const code: CodeableConcept = { coding: [...(nmosd ? [NMOSD_ICD10] : []), local(`diagnosis.${diagnosis}`)] };
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: ACTIVE,
    verificationStatus:
      diagnosis === 'other_or_uncertain'
        ? verification('unconfirmed')
        : basis === 'recorded'
          ? CONFIRMED
          : verification('provisional'),
    category: PROBLEM_LIST,
    code,
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
 * An attack is a Condition of its own (FHIR R4 Condition): category "NMOSD attack", code the
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
