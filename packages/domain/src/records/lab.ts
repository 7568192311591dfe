import { z } from 'zod';
import { LAB_QUALITATIVE_RESULTS, LAB_TESTS, type LabTest } from '../enums.ts';
import { boundedNumber, calendarDate, expected, oneOf } from './fields.ts';
import { isLabUnitOf, LAB_UNITS, labUnitsOf } from './lab-units.ts';

const labFields = {
  date: calendarDate,
  test: oneOf(LAB_TESTS),
  value: boundedNumber(0, 1_000_000).optional(),
  /** A UCUM code from the test's list (lab-units.ts); checked against the test below. */
  unit: z.string({ error: expected('must be a unit code') }).optional(),
  /** Qualitative results (HBsAg, anti-HBc, TPMT phenotype) where there is no number. */
  result: oneOf(LAB_QUALITATIVE_RESULTS).optional(),
};

type LabFields = { test: LabTest; value?: number; unit?: string };

/** Why a unit does not fit its test and value, or undefined when it does. */
export function labUnitProblem({ test, value, unit }: LabFields): string | undefined {
  if (unit === undefined) return undefined;
  const units = labUnitsOf(test);
  if (units.length === 0) return `must be left out: ${test} is a qualitative test and takes no unit`;
  if (value === undefined)
    return 'must be left out when there is no value (a result alone, such as a TPMT phenotype, takes no unit)';
  if (!isLabUnitOf(test, unit)) return `must be one of the units of ${test}: ${units.join(', ')}`;
  return undefined;
}

const unitFits = (lab: LabFields) => labUnitProblem(lab) === undefined;

/**
 * Checked on the whole record, since the units allowed depend on the test. `when` runs it even when
 * another field failed (so one pass reports every error), but not when the test or unit itself did.
 */
const unitCheck = {
  path: ['unit'],
  error: (issue: { input?: unknown }) => labUnitProblem(issue.input as LabFields),
  when: (payload: z.core.ParsePayload) => {
    const lab = payload.value as Partial<Record<string, unknown>> | null;
    return (
      typeof lab === 'object' &&
      lab !== null &&
      typeof lab.test === 'string' &&
      lab.test in LAB_UNITS &&
      !payload.issues.some((issue) => issue.path?.[0] === 'unit' || issue.path?.[0] === 'test')
    );
  },
};

export const labEventSchema = z.strictObject({ type: z.literal('lab'), ...labFields }).refine(unitFits, unitCheck);
export type LabEvent = z.infer<typeof labEventSchema>;

/** A lab record's fields without `type` (the API's input, the dashboard's form), checked the same way. */
export const labDataSchema = z.strictObject(labFields).refine(unitFits, unitCheck);
