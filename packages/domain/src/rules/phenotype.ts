import type { CalendarDate } from '../calendar-date.ts';
import type { Diagnosis, Serostatus } from '../enums.ts';
import { DIAGNOSIS_LABELS, diagnosisFromSerostatus, serostatusWithTests } from '../records/diagnosis.ts';
import type { RuleContext } from './types.ts';

/**
 * The disease the rules take the patient to have on the as-of date, and on what basis:
 * - 'recorded': the clinician's recorded diagnosis (always wins);
 * - 'serostatus': derived from the serostatus where that is unambiguous (`workingDiagnosis` in
 *   records/diagnosis.ts), with the antibody tests up to as-of read beside the status fields: a positive
 *   test makes that antibody positive (whatever the status says; a result the status field does not show
 *   yet), and a negative test settles an unknown or missing status as negative.
 */
export interface RulePhenotype {
  diagnosis: Diagnosis;
  basis: 'recorded' | 'serostatus';
  /** The serostatus the derivation used (status field and tests, as above). */
  aqp4: Serostatus | null;
  mog: Serostatus | null;
  /** The first positive test up to as-of, if any (AQP4 and MOG). */
  aqp4PositiveTestDate: CalendarDate | null;
  mogPositiveTestDate: CalendarDate | null;
  /** The last negative test up to as-of when it, not the status field, made the antibody negative. */
  aqp4NegativeTestDate: CalendarDate | null;
  mogNegativeTestDate: CalendarDate | null;
}

export function rulePhenotype(context: Pick<RuleContext, 'patient' | 'timeline'>): RulePhenotype {
  const { patient, timeline } = context;
  const aqp4 = serostatusWithTests(timeline.antibodyTests, 'AQP4', patient.aqp4Status);
  const mog = serostatusWithTests(timeline.antibodyTests, 'MOG', patient.mogStatus);
  const recorded = patient.diagnosis ?? null;
  return {
    diagnosis: recorded ?? diagnosisFromSerostatus(aqp4.status ?? undefined, mog.status ?? undefined),
    basis: recorded === null ? 'serostatus' : 'recorded',
    aqp4: aqp4.status,
    mog: mog.status,
    aqp4PositiveTestDate: aqp4.positiveTestDate,
    mogPositiveTestDate: mog.positiveTestDate,
    aqp4NegativeTestDate: aqp4.negativeTestDate,
    mogNegativeTestDate: mog.negativeTestDate,
  };
}

/**
 * The diagnosis and its basis in words: "MOG antibody-associated disease (MOGAD) (derived from the
 * serostatus: MOG-IgG positive, AQP4-IgG negative; no diagnosis recorded)", "seronegative NMOSD (recorded
 * diagnosis)".
 */
export function phenotypeText(phenotype: RulePhenotype): string {
  return `${DIAGNOSIS_LABELS[phenotype.diagnosis]} (${basisText(phenotype)})`;
}

export function basisText(phenotype: RulePhenotype): string {
  if (phenotype.basis === 'recorded') return 'recorded diagnosis';
  const status = (
    name: string,
    value: Serostatus | null,
    positive: CalendarDate | null,
    negative: CalendarDate | null,
  ) =>
    positive !== null
      ? `${name} positive on ${positive}`
      : negative !== null
        ? `${name} negative on ${negative}`
        : `${name} ${value === null || value === 'unknown' ? 'not known' : value}`;
  const aqp4 = status('AQP4-IgG', phenotype.aqp4, phenotype.aqp4PositiveTestDate, phenotype.aqp4NegativeTestDate);
  const mog = status('MOG-IgG', phenotype.mog, phenotype.mogPositiveTestDate, phenotype.mogNegativeTestDate);
  return `no diagnosis recorded; serostatus ${aqp4}, ${mog}`;
}

/** Details every phenotype-aware flag carries. */
export function phenotypeDetails(phenotype: RulePhenotype): Record<string, unknown> {
  return { diagnosis: phenotype.diagnosis, diagnosisBasis: phenotype.basis };
}
