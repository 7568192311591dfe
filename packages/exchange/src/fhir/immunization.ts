import type { VaccinationEvent } from '@nmo/domain';
import { concept, local, localConcept } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

/** Vaccine codes are local: no CVX or SNOMED vaccine code was verified. */
export function immunizationEntry(addresses: PatientAddresses, key: string, event: VaccinationEvent): FhirEntry {
  return addresses.entry(key, {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: event.product
      ? concept(local(`vaccine.${event.vaccine}`), local(`vaccine_product.${event.product}`))
      : localConcept(`vaccine.${event.vaccine}`),
    patient: addresses.patient,
    occurrenceDateTime: event.date,
  });
}
