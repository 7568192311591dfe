import type { AntibodyEvent } from '../../../src/records/antibody.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import type { LabEvent } from '../../../src/records/lab.ts';
import type { MriEvent } from '../../../src/records/mri.ts';
import type { AcuteTreatment, RelapseEvent } from '../../../src/records/relapse.ts';
import type { TherapyEvent } from '../../../src/records/therapy.ts';
import type { VaccinationEvent } from '../../../src/records/vaccination.ts';

/** Small event builders for the therapy rule tests. */
export function therapy(
  agent: TherapyEvent['agent'],
  startDate: string,
  fields: Partial<Omit<TherapyEvent, 'type' | 'agent' | 'startDate'>> & { doses?: string[] } = {},
): TimelineEvent {
  const { doses, ...rest } = fields;
  return {
    type: 'therapy',
    agent,
    startDate,
    ...rest,
    ...(doses === undefined ? {} : { administrations: doses.map((date) => ({ date })) }),
  };
}

export function attack(
  onsetDate: string,
  acuteTreatments: AcuteTreatment[] = [],
  fields: Partial<RelapseEvent> = {},
): TimelineEvent {
  return {
    type: 'relapse',
    onsetDate,
    phenotype: 'transverse_myelitis',
    severity: 'moderate',
    acuteTreatments,
    ...fields,
  };
}

export function lab(
  date: string,
  test: LabEvent['test'],
  value?: number,
  unit?: string,
  result?: LabEvent['result'],
): TimelineEvent {
  return {
    type: 'lab',
    date,
    test,
    ...(value === undefined ? {} : { value }),
    ...(unit === undefined ? {} : { unit }),
    ...(result === undefined ? {} : { result }),
  };
}

export function vaccination(date: string, vaccine: VaccinationEvent['vaccine']): TimelineEvent {
  return { type: 'vaccination', date, vaccine };
}

export function mri(date: string, fields: Partial<Omit<MriEvent, 'type' | 'date'>> = {}): TimelineEvent {
  return { type: 'mri', date, region: 'spinal_cord', ...fields };
}

export function aqp4Test(date: string, result: AntibodyEvent['result']): TimelineEvent {
  return { type: 'antibody', date, antibody: 'AQP4', assay: 'cba_live', result };
}
