import type { MedicationStatement, Observation, ObservationComponent, ServiceRequest } from '@medplum/fhirtypes';
import type { PregnancyEvent, ProphylaxisEvent, ReferralEvent } from '@nmo/domain';
import { localConcept } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

/**
 * A pregnancy as one Observation over its course (`effectivePeriod`: start to actual end), with the
 * expected end, the outcome and breastfeeding as components. Local codes: no standard code was verified.
 */
export function pregnancyObservation(addresses: PatientAddresses, key: string, event: PregnancyEvent): FhirEntry {
  const components: ObservationComponent[] = [
    ...(event.expectedEndDate
      ? [{ code: localConcept('pregnancy.expected_end'), valueDateTime: event.expectedEndDate }]
      : []),
    ...(event.outcome
      ? [
          {
            code: localConcept('pregnancy.course'),
            valueCodeableConcept: localConcept(`pregnancy_outcome.${event.outcome}`),
          },
        ]
      : []),
    ...(event.breastfeedingUntil
      ? [{ code: localConcept('pregnancy.breastfeeding_until'), valueDateTime: event.breastfeedingUntil }]
      : []),
  ];
  const observation: Observation = {
    resourceType: 'Observation',
    status: 'final',
    code: localConcept('pregnancy.course'),
    subject: addresses.patient,
    effectivePeriod: { start: event.startDate, ...(event.endDate ? { end: event.endDate } : {}) },
    ...(components.length ? { component: components } : {}),
  };
  return addresses.entry(key, observation);
}

/** A prophylaxis course: a MedicationStatement with its agent and, as the reason, its indication. */
export function prophylaxisStatement(addresses: PatientAddresses, key: string, event: ProphylaxisEvent): FhirEntry {
  const statement: MedicationStatement = {
    resourceType: 'MedicationStatement',
    status: event.stopDate ? 'completed' : 'active',
    medicationCodeableConcept: localConcept(`prophylaxis_agent.${event.agent}`),
    subject: addresses.patient,
    effectivePeriod: { start: event.startDate, ...(event.stopDate ? { end: event.stopDate } : {}) },
    reasonCode: [localConcept(`indication.${event.indication}`)],
  };
  return addresses.entry(key, statement);
}

/** A referral: a ServiceRequest (an order) to the specialty, authored on the referral date. */
export function referralRequest(addresses: PatientAddresses, key: string, event: ReferralEvent): FhirEntry {
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    code: localConcept(`referral.${event.specialty}`),
    subject: addresses.patient,
    authoredOn: event.date,
  };
  return addresses.entry(key, request);
}
