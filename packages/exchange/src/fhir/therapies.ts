import type {
  CodeableConcept,
  Dosage,
  MedicationStatement,
  Procedure,
  Reference,
  TimingRepeat,
} from '@medplum/fhirtypes';
import type { TherapyEvent, TherapySchedule } from '@nmo/domain';
import { concept, localConcept, quantity, THERAPEUTIC_PROCEDURE } from './codes.ts';
import type { FhirEntry, PatientAddresses } from './context.ts';

const REPEATS: Partial<Record<TherapySchedule, TimingRepeat>> = {
  once: { count: 1 },
  daily: { frequency: 1, period: 1, periodUnit: 'd' },
  twice_daily: { frequency: 2, period: 1, periodUnit: 'd' },
  weekly: { frequency: 1, period: 1, periodUnit: 'wk' },
  every_2_weeks: { frequency: 1, period: 2, periodUnit: 'wk' },
  every_4_weeks: { frequency: 1, period: 4, periodUnit: 'wk' },
  every_8_weeks: { frequency: 1, period: 8, periodUnit: 'wk' },
  every_6_months: { frequency: 1, period: 6, periodUnit: 'mo' },
};

/** The prescribed dose and schedule; the schedule's local code always, a Timing.repeat where it has one. */
function dosage(event: TherapyEvent): Dosage[] {
  const schedule = event.schedule;
  const repeat = schedule ? REPEATS[schedule] : undefined;
  const dose: Dosage = {
    ...(schedule ? { timing: { code: localConcept(`schedule.${schedule}`), ...(repeat ? { repeat } : {}) } } : {}),
    ...(schedule === 'as_needed' ? { asNeededBoolean: true } : {}),
    ...(event.doseMg === undefined ? {} : { doseAndRate: [{ doseQuantity: quantity(event.doseMg, 'mg') }] }),
  };
  return Object.keys(dose).length ? [dose] : [];
}

/** Ongoing without a stop date; "completed" only when the record says so, any other stop is "stopped". */
const statusOf = (event: TherapyEvent) =>
  !event.stopDate ? 'active' : event.stopReason === 'completed' ? 'completed' : 'stopped';

const period = (event: TherapyEvent) => ({
  start: event.startDate,
  ...(event.stopDate ? { end: event.stopDate } : {}),
});

const stopReasonOf = (event: TherapyEvent) =>
  event.stopDate && event.stopReason ? localConcept(`stop_reason.${event.stopReason}`) : undefined;

/**
 * A maintenance therapy: a MedicationStatement for the course (why: NMOSD; why stopped: the stop
 * reason) derived from one MedicationAdministration per recorded dose. AHSCT is a procedure, not a
 * medication, so it becomes a Procedure with its recorded administrations as parts.
 */
export function therapyResources(addresses: PatientAddresses, key: string, event: TherapyEvent): FhirEntry[] {
  if (event.agent === 'ahsct') return transplantResources(addresses, key, event);
  const medication = localConcept(`agent.${event.agent}`);
  const stopReason = stopReasonOf(event);
  const given = (event.administrations ?? []).filter((administration) => !administration.planned);
  const doses = given.map((administration) =>
    addresses.entry(`${key} dose ${administration.date}`, {
      resourceType: 'MedicationAdministration',
      status: 'completed',
      medicationCodeableConcept: medication,
      subject: addresses.patient,
      effectiveDateTime: administration.date,
      reasonReference: [addresses.diagnosis],
      ...(administration.doseMg === undefined ? {} : { dosage: { dose: quantity(administration.doseMg, 'mg') } }),
    }),
  );
  const derivedFrom: Reference[] = doses.map((dose) => ({ reference: dose.fullUrl }));
  const schedule = dosage(event);
  const statement: MedicationStatement = {
    resourceType: 'MedicationStatement',
    status: statusOf(event),
    ...(stopReason ? { statusReason: [stopReason] } : {}),
    medicationCodeableConcept: medication,
    subject: addresses.patient,
    effectivePeriod: period(event),
    reasonReference: [addresses.diagnosis],
    ...(derivedFrom.length ? { derivedFrom } : {}),
    ...(schedule.length ? { dosage: schedule } : {}),
  };
  return [addresses.entry(key, statement), ...doses, ...plannedDoses(addresses, key, event, medication)];
}

/** A planned dose is not given: a MedicationRequest with intent "plan" for its day, never an administration. */
function plannedDoses(
  addresses: PatientAddresses,
  key: string,
  event: TherapyEvent,
  medication: CodeableConcept,
): FhirEntry[] {
  return (event.administrations ?? [])
    .filter((administration) => administration.planned)
    .map((administration) =>
      addresses.entry(`${key} planned dose ${administration.date}`, {
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'plan',
        medicationCodeableConcept: medication,
        subject: addresses.patient,
        reasonReference: [addresses.diagnosis],
        dosageInstruction: [
          {
            timing: { event: [administration.date] },
            ...(administration.doseMg === undefined
              ? {}
              : { doseAndRate: [{ doseQuantity: quantity(administration.doseMg, 'mg') }] }),
          },
        ],
      }),
    );
}

function transplantResources(addresses: PatientAddresses, key: string, event: TherapyEvent): FhirEntry[] {
  const procedure = (performed: Partial<Procedure>): Procedure => ({
    resourceType: 'Procedure',
    status: event.stopReason && event.stopReason !== 'completed' ? 'stopped' : 'completed',
    category: concept(THERAPEUTIC_PROCEDURE),
    code: localConcept('agent.ahsct'),
    subject: addresses.patient,
    reasonReference: [addresses.diagnosis],
    ...performed,
  });
  const stopReason = stopReasonOf(event);
  const course = addresses.entry(
    key,
    procedure({ ...(stopReason ? { statusReason: stopReason } : {}), performedPeriod: period(event) }),
  );
  const parts = (event.administrations ?? [])
    .filter((administration) => !administration.planned)
    .map((administration) =>
      addresses.entry(
        `${key} dose ${administration.date}`,
        procedure({
          status: 'completed',
          performedDateTime: administration.date,
          partOf: [{ reference: course.fullUrl }],
        }),
      ),
    );
  return [course, ...parts];
}
