import type { Coding, Observation } from '@medplum/fhirtypes';
import type { VisualEvent } from '@nmo/domain';
import { concept, DISTANCE_VISUAL_ACUITY, EYE_SNOMED, local, observationCategory, quantity } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';
import type { LocalCode } from './local-codes.ts';

type Measure = { part: string; codes: Coding[]; value: Partial<Observation> };

const measured = (part: string, code: LocalCode, value: number | undefined, unit: string, extra: Coding[] = []) =>
  value === undefined
    ? []
    : [{ part, codes: [...extra, local(code)], value: { valueQuantity: quantity(value, unit) } }];

/**
 * One visual exam of one eye becomes one Observation per measurement (each its own code, the eye in
 * bodySite), as FHIR models visual acuity; the funduscopy note only when the record still has it
 * (de-identification removes free text).
 */
export function visualObservations(addresses: PatientAddresses, key: string, event: VisualEvent): FhirEntry[] {
  const measures: Measure[] = [
    ...measured('logmar', 'visual.logmar', event.logmar, 'logMAR', [DISTANCE_VISUAL_ACUITY]),
    ...measured('field_md', 'visual.field_md', event.visualFieldMdDb, 'dB'),
    ...measured('rnfl', 'visual.rnfl', event.rnflMicrons, 'µm'),
    ...measured('gcipl', 'visual.gcipl', event.gciplMicrons, 'µm'),
    ...measured('vep_latency', 'visual.vep_latency', event.vepLatencyMs, 'ms'),
    ...measured('vep_amplitude', 'visual.vep_amplitude', event.vepAmplitudeMicrovolts, 'µV'),
    ...(event.funduscopyNote
      ? [{ part: 'funduscopy', codes: [local('visual.funduscopy')], value: { valueString: event.funduscopyNote } }]
      : []),
  ];
  const bodySite = concept(EYE_SNOMED[event.eye], local(`eye.${event.eye}`));
  return measures.map(({ part, codes, value }) =>
    addresses.entry(`${key} ${part}`, {
      resourceType: 'Observation',
      status: 'final',
      category: observationCategory('exam'),
      code: concept(...codes),
      subject: addresses.patient,
      effectiveDateTime: event.date,
      bodySite,
      ...value,
    }),
  );
}
