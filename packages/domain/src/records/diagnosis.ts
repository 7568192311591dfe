import type { Diagnosis, Serostatus } from '../enums.ts';

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
export function workingDiagnosis(patient: DiagnosisFields): WorkingDiagnosis {
  if (patient.diagnosis) return { diagnosis: patient.diagnosis, basis: 'recorded' };
  return { diagnosis: diagnosisFromSerostatus(patient.aqp4Status, patient.mogStatus), basis: 'serostatus' };
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
