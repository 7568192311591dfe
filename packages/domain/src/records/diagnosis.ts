import type { CalendarDate } from '../calendar-date.ts';
import type { AntibodyTarget, Diagnosis, Serostatus } from '../enums.ts';
import type { AntibodyEvent } from './antibody.ts';

/** What a patient's diagnosis is taken to be, and whether the clinician recorded it or it was derived. */
export interface WorkingDiagnosis {
  diagnosis: Diagnosis;
  /** 'recorded': entered by a clinician; 'serostatus': derived (no diagnosis recorded). */
  basis: 'recorded' | 'serostatus';
}

interface DiagnosisFields {
  diagnosis?: Diagnosis | null;
  aqp4Status?: Serostatus;
  mogStatus?: Serostatus;
}

/**
 * The diagnosis the rules work with. A recorded diagnosis always wins. Without one, it is derived from
 * serostatus only where that is unambiguous:
 * - AQP4-IgG positive: AQP4-IgG-positive NMOSD (Wingerchuk et al., IPND criteria, Neurology 2015;
 *   85:177-189, doi:10.1212/WNL.0000000000001729: one core clinical characteristic suffices), whatever
 *   the MOG status (the MOGAD criteria require a negative AQP4-IgG: Banwell et al., Lancet Neurol 2023;
 *   22:268-282, doi:10.1016/S1474-4422(22)00431-8);
 * - MOG-IgG positive with AQP4-IgG negative: MOGAD (Banwell 2023);
 * - anything else: other or uncertain. Seronegative NMOSD is never derived: it needs the IPND clinical
 *   and MRI requirements, a clinician's judgement.
 */
export function workingDiagnosis(
  patient: DiagnosisFields & { events?: readonly { type: string }[] },
): WorkingDiagnosis {
  if (patient.diagnosis) return { diagnosis: patient.diagnosis, basis: 'recorded' };
  const tests = (patient.events ?? []).filter((event): event is AntibodyEvent => event.type === 'antibody');
  const aqp4 = serostatusWithTests(tests, 'AQP4', patient.aqp4Status).status ?? undefined;
  const mog = serostatusWithTests(tests, 'MOG', patient.mogStatus).status ?? undefined;
  return { diagnosis: diagnosisFromSerostatus(aqp4, mog), basis: 'serostatus' };
}

/** An antibody's serostatus read with its tests, and the test that decided it (if one did). */
export interface SerostatusWithTests {
  status: Serostatus | null;
  positiveTestDate: CalendarDate | null;
  negativeTestDate: CalendarDate | null;
}

/**
 * The status field read beside the tests (sorted by date): a positive test makes the antibody positive
 * whatever the field says (a result the field does not show yet); a negative test settles an unknown or
 * missing field as negative. The rules (rules/phenotype.ts) and every display use this one reading.
 */
export function serostatusWithTests(
  tests: readonly AntibodyEvent[],
  antibody: AntibodyTarget,
  recorded: Serostatus | undefined,
): SerostatusWithTests {
  const own = tests.filter((test) => test.antibody === antibody);
  const positive = own.find((test) => test.result === 'positive')?.date ?? null;
  if (positive !== null) return { status: 'positive', positiveTestDate: positive, negativeTestDate: null };
  if (recorded === 'positive' || recorded === 'negative')
    return { status: recorded, positiveTestDate: null, negativeTestDate: null };
  const negative = own.filter((test) => test.result === 'negative').at(-1)?.date ?? null;
  if (negative !== null) return { status: 'negative', positiveTestDate: null, negativeTestDate: negative };
  return { status: recorded ?? null, positiveTestDate: null, negativeTestDate: null };
}

export function diagnosisFromSerostatus(aqp4: Serostatus | undefined, mog: Serostatus | undefined): Diagnosis {
  if (aqp4 === 'positive') return 'nmosd_aqp4_positive';
  if (mog === 'positive' && aqp4 === 'negative') return 'mogad';
  return 'other_or_uncertain';
}

export const DIAGNOSIS_LABELS: Record<Diagnosis, string> = {
  nmosd_aqp4_positive: 'AQP4-IgG-positive NMOSD',
  nmosd_seronegative: 'seronegative NMOSD',
  mogad: 'MOG antibody-associated disease (MOGAD)',
  other_or_uncertain: 'other or uncertain diagnosis',
};
