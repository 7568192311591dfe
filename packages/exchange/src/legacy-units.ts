import { LAB_TESTS, type LabTest, normaliseLabUnit } from '@nmo/domain';

const isLabTest = (test: unknown): test is LabTest => LAB_TESTS.includes(test as LabTest);

/**
 * A file written before lab units were UCUM codes (interchange JSON, or CSV long, which is read into
 * the same shape) spells them the old way: "10^9/L", "µmol/L", "IU/L". Each such spelling the test
 * accepts becomes its code (domain: LEGACY_LAB_UNIT_SPELLINGS), so old exports still import; any
 * other unit is left as written, for the schema to report on the `unit` field. Returns a copy;
 * anything that is not a lab event with a text unit is passed through untouched.
 */
export function withUcumLabUnits(input: unknown): unknown {
  const patients = (input as { patients?: unknown } | null)?.patients;
  if (!Array.isArray(patients)) return input;
  return {
    ...(input as object),
    patients: patients.map((patient) => {
      const events = (patient as { events?: unknown } | null)?.events;
      if (!Array.isArray(events)) return patient;
      return { ...(patient as object), events: events.map(normaliseEvent) };
    }),
  };
}

function normaliseEvent(event: unknown): unknown {
  const lab = event as { type?: unknown; test?: unknown; unit?: unknown } | null;
  if (lab?.type !== 'lab' || typeof lab.unit !== 'string' || !isLabTest(lab.test)) return event;
  const unit = normaliseLabUnit(lab.test, lab.unit);
  return unit === lab.unit ? event : { ...lab, unit };
}
