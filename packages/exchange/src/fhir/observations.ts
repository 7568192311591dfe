import type { CodeableConcept, Coding, Observation, ObservationComponent } from '@medplum/fhirtypes';
import type {
  AntibodyEvent,
  BodyWeightEvent,
  EdssEvent,
  FunctionalSystems,
  LabEvent,
  LabQualitativeResult,
  MriEvent,
  Serostatus,
} from '@nmo/domain';
import {
  AQP4_CBA_LOINC,
  AQP4_IMMUNOASSAY_LOINC,
  BODY_WEIGHT_LOINC,
  concept,
  EDSS_NCIT,
  FHIR_SYSTEMS,
  labQuantity,
  local,
  localConcept,
  observationCategory,
  quantity,
  RESULT_SNOMED,
} from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';
import type { LocalCode } from './local-codes.ts';

type ResultValue = LabQualitativeResult | 'borderline' | 'unknown';

/** A qualitative result: the local code, and the SNOMED qualifier where one is the same thing. */
export function resultConcept(result: ResultValue): CodeableConcept {
  const snomed = RESULT_SNOMED[result];
  return concept(local(`result.${result}`), ...(snomed ? [snomed] : []));
}

function observation(
  addresses: PatientAddresses,
  date: string,
  fields: Omit<Observation, 'resourceType' | 'status' | 'subject' | 'effectiveDateTime'>,
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    ...fields,
    subject: addresses.patient,
    effectiveDateTime: date,
  };
}

const FUNCTIONAL_SYSTEMS: Record<keyof FunctionalSystems, LocalCode> = {
  visual: 'fs.visual',
  brainstem: 'fs.brainstem',
  pyramidal: 'fs.pyramidal',
  cerebellar: 'fs.cerebellar',
  sensory: 'fs.sensory',
  bowelBladder: 'fs.bowel_bladder',
  cerebral: 'fs.cerebral',
  ambulation: 'fs.ambulation',
};

/** EDSS total as the value, functional-system scores as components (FHIR R4 Observation.component). */
export function edssObservation(addresses: PatientAddresses, key: string, event: EdssEvent): FhirEntry {
  const component = Object.entries(event.functionalSystems ?? {}).flatMap(([system, score]) =>
    score === undefined
      ? []
      : [{ code: localConcept(FUNCTIONAL_SYSTEMS[system as keyof FunctionalSystems]), valueInteger: score }],
  );
  return addresses.entry(
    key,
    observation(addresses, event.date, {
      category: observationCategory('exam'),
      code: concept(local('edss'), EDSS_NCIT),
      valueQuantity: quantity(event.score, '{score}'),
      ...(component.length ? { component } : {}),
    }),
  );
}

/** AQP4 by ELISA or cell-based assay has a LOINC code (LOINC 68548-7, 63439-4); MOG has none. */
function antibodyCodings(event: AntibodyEvent): Coding[] {
  if (event.antibody === 'MOG') return [local('antibody.mog_igg')];
  const loinc = event.assay === 'elisa' ? AQP4_IMMUNOASSAY_LOINC : event.assay === 'other' ? undefined : AQP4_CBA_LOINC;
  return [...(loinc ? [loinc] : []), local('antibody.aqp4_igg')];
}

export function antibodyObservation(addresses: PatientAddresses, key: string, event: AntibodyEvent): FhirEntry {
  const titer: ObservationComponent[] =
    event.titer === undefined
      ? []
      : [
          {
            code: localConcept('antibody.titer'),
            valueRatio: { numerator: { value: 1 }, denominator: { value: event.titer } },
          },
        ];
  return addresses.entry(
    key,
    observation(addresses, event.date, {
      category: observationCategory('laboratory'),
      code: concept(...antibodyCodings(event)),
      method: localConcept(`assay.${event.assay}`),
      valueCodeableConcept: resultConcept(event.result),
      ...(titer.length ? { component: titer } : {}),
    }),
  );
}

/** The clinic's summary serostatus, undated; "unknown" is a missing value, not a result. */
export function serostatusObservation(
  addresses: PatientAddresses,
  antibody: 'aqp4_igg' | 'mog_igg',
  status: Serostatus,
): FhirEntry {
  const value: Partial<Observation> =
    status === 'unknown'
      ? { dataAbsentReason: concept({ system: FHIR_SYSTEMS.dataAbsentReason, code: 'unknown', display: 'Unknown' }) }
      : { valueCodeableConcept: resultConcept(status) };
  return addresses.entry(`serostatus ${antibody}`, {
    resourceType: 'Observation',
    status: 'final',
    category: observationCategory('laboratory'),
    code: localConcept(`serostatus.${antibody}`),
    subject: addresses.patient,
    ...value,
  });
}

/** One MRI exam of one region: lesion counts and enhancement as components, region as bodySite. */
export function mriObservation(addresses: PatientAddresses, key: string, event: MriEvent): FhirEntry {
  const component: ObservationComponent[] = [
    ...(event.newT2Lesions === undefined
      ? []
      : [{ code: localConcept('mri.new_t2_lesions'), valueInteger: event.newT2Lesions }]),
    ...(event.gadolinium === undefined
      ? []
      : [{ code: localConcept('mri.gadolinium'), valueBoolean: event.gadolinium }]),
    ...(event.extensiveSegments === undefined
      ? []
      : [{ code: localConcept('mri.extensive_segments'), valueInteger: event.extensiveSegments }]),
  ];
  return addresses.entry(
    key,
    observation(addresses, event.date, {
      category: observationCategory('imaging'),
      code: localConcept('mri.exam'),
      bodySite: localConcept(`region.${event.region}`),
      ...(component.length ? { component } : {}),
    }),
  );
}

/**
 * No LOINC code was verified for these tests, so all are local. A number is the value
 * and a qualitative result beside it its interpretation; a result alone is the value.
 */
export function labObservation(addresses: PatientAddresses, key: string, event: LabEvent): FhirEntry {
  const value: Partial<Observation> =
    event.value !== undefined
      ? {
          valueQuantity: event.unit ? labQuantity(event.value, event.unit) : { value: event.value },
          ...(event.result ? { interpretation: [resultConcept(event.result)] } : {}),
        }
      : event.result
        ? { valueCodeableConcept: resultConcept(event.result) }
        : {};
  return addresses.entry(
    key,
    observation(addresses, event.date, {
      category: observationCategory('laboratory'),
      code: localConcept(`lab.${event.test}`),
      ...value,
    }),
  );
}

/** Body weight: a vital-signs Observation in kilograms (UCUM `kg`), as the FHIR R4 vital-signs profile has it. */
export function bodyWeightObservation(addresses: PatientAddresses, key: string, event: BodyWeightEvent): FhirEntry {
  return addresses.entry(
    key,
    observation(addresses, event.date, {
      category: observationCategory('vital-signs'),
      code: concept(BODY_WEIGHT_LOINC),
      valueQuantity: { value: event.kg, unit: 'kg', system: FHIR_SYSTEMS.ucum, code: 'kg' },
    }),
  );
}
