import * as domain from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import * as prisma from '../../db/src/generated/prisma/enums.ts';

/** The domain's enumerations and the database's enum types must never drift apart. */
describe('enumerations', () => {
  it.each([
    ['Sex', domain.SEXES],
    ['Serostatus', domain.SEROSTATUSES],
    ['Diagnosis', domain.DIAGNOSES],
    ['Comorbidity', domain.COMORBIDITIES],
    ['AntibodyTarget', domain.ANTIBODY_TARGETS],
    ['Assay', domain.ASSAYS],
    ['AntibodyResult', domain.ANTIBODY_RESULTS],
    ['MriRegion', domain.MRI_REGIONS],
    ['Eye', domain.EYES],
    ['RelapsePhenotype', domain.RELAPSE_PHENOTYPES],
    ['RelapseSeverity', domain.RELAPSE_SEVERITIES],
    ['AcuteTreatmentType', domain.ACUTE_TREATMENT_TYPES],
    ['TherapyAgent', domain.THERAPY_AGENTS],
    ['TherapySchedule', domain.THERAPY_SCHEDULES],
    ['TherapyStopReason', domain.THERAPY_STOP_REASONS],
    ['LabTest', domain.LAB_TESTS],
    ['LabQualitativeResult', domain.LAB_QUALITATIVE_RESULTS],
    ['Vaccine', domain.VACCINES],
  ] as const)('%s has the same values in the domain and in PostgreSQL', (name, values) => {
    expect(Object.values((prisma as Record<string, Record<string, string>>)[name] ?? {})).toEqual([...values]);
  });
});
