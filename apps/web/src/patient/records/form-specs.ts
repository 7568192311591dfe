import {
  ACUTE_TREATMENT_TYPES,
  ANTIBODY_RESULTS,
  ANTIBODY_TARGETS,
  ASSAYS,
  COMORBIDITIES,
  DIAGNOSES,
  DIAGNOSIS_LABELS,
  type Diagnosis,
  type EventType,
  EYES,
  LAB_QUALITATIVE_RESULTS,
  LAB_TESTS,
  LAB_UNITS,
  labUnitLabel,
  MRI_REGIONS,
  PREGNANCY_OUTCOMES,
  PROPHYLAXIS_AGENTS,
  PROPHYLAXIS_INDICATIONS,
  patientFieldsSchema,
  RECORD_TYPES,
  REFERRAL_SPECIALTIES,
  RELAPSE_PHENOTYPES,
  RELAPSE_SEVERITIES,
  type RecordApiName,
  SEROSTATUSES,
  SEXES,
  THERAPY_AGENTS,
  THERAPY_SCHEDULES,
  THERAPY_STOP_REASONS,
  VACCINE_PRODUCTS,
  VACCINES,
} from '@nmo/domain';
import type { z } from 'zod';
import { agentText, labTestText, phenotypeText, treatmentText, words } from '../../format.ts';

export type FieldKind = 'date' | 'number' | 'select' | 'boolean' | 'text' | 'textarea' | 'multi';

export interface FieldSpec {
  /** Dotted path in the record's data: "functionalSystems.visual". */
  name: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  optionText?: (value: string) => string;
  step?: number;
  /** An empty value is sent as null (the field can be cleared), not left out. */
  nullable?: boolean;
  hint?: string;
  /** Fields of a group are shown folded under this heading. */
  group?: string;
  /**
   * For a select whose choices depend on another field (the units of the chosen lab test): the
   * options for that field's value. When that field changes, a choice no longer offered becomes
   * the first option (the default), or empty when there is none.
   */
  optionsFrom?: { field: string; options: (value: string) => readonly string[] };
}

/**
 * One form per record type (under its API name) and the patient's. `schema` is the API's input schema for the record's data, taken from
 * the domain (the same Zod schema the server checks), so inline errors match the server's.
 */
export interface RecordFormSpec {
  title: string;
  /** The label of the patient page's tab listing these records (event types only; parts sit in their parent's). */
  tab?: string;
  schema: z.ZodType;
  fields: FieldSpec[];
}

const date = (name: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  label,
  kind: 'date',
  ...extra,
});
const number = (name: string, label: string, step: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  label,
  kind: 'number',
  step,
  ...extra,
});
const select = (
  name: string,
  label: string,
  options: readonly string[],
  optionText: (value: string) => string = words,
): FieldSpec => ({ name, label, kind: 'select', options, optionText });

const FUNCTIONAL_SYSTEMS = [
  ['visual', 'Visual'],
  ['brainstem', 'Brainstem'],
  ['pyramidal', 'Pyramidal'],
  ['cerebellar', 'Cerebellar'],
  ['sensory', 'Sensory'],
  ['bowelBladder', 'Bowel and bladder'],
  ['cerebral', 'Cerebral'],
  ['ambulation', 'Ambulation'],
] as const;

export const RECORD_FORMS = {
  edss: {
    title: 'EDSS assessment',
    tab: 'EDSS',
    schema: RECORD_TYPES.edss.schema,
    fields: [
      date('date', 'Date'),
      number('score', 'EDSS score', 0.5, { hint: 'a Kurtzke step: 0, 1.0, 1.5 … 9.5, 10 (there is no 0.5)' }),
      ...FUNCTIONAL_SYSTEMS.map(([key, label]) =>
        number(`functionalSystems.${key}`, label, 1, { group: 'Functional systems (optional)' }),
      ),
    ],
  },
  relapses: {
    title: 'Attack',
    tab: 'Attacks',
    schema: RECORD_TYPES.relapse.schema,
    fields: [
      date('onsetDate', 'Onset date'),
      select('phenotype', 'Phenotype', RELAPSE_PHENOTYPES, phenotypeText),
      select('severity', 'Severity', RELAPSE_SEVERITIES),
    ],
  },
  acuteTreatments: {
    title: 'Acute treatment',
    schema: RECORD_TYPES.acuteTreatment.schema,
    fields: [
      select('type', 'Treatment', ACUTE_TREATMENT_TYPES, treatmentText),
      date('startDate', 'Start date'),
      number('days', 'Days', 1),
      number('dailyDoseMg', 'Daily dose (mg)', 1),
      number('sessions', 'PLEX sessions', 1),
    ],
  },
  therapies: {
    title: 'Maintenance therapy',
    tab: 'Therapies',
    schema: RECORD_TYPES.therapy.schema,
    fields: [
      select('agent', 'Agent', THERAPY_AGENTS, agentText),
      date('startDate', 'Start date'),
      date('stopDate', 'Stop date', { nullable: true, hint: 'empty while ongoing' }),
      select('stopReason', 'Stop reason', THERAPY_STOP_REASONS),
      number('doseMg', 'Dose (mg)', 1),
      select('schedule', 'Schedule', THERAPY_SCHEDULES),
    ],
  },
  administrations: {
    title: 'Dose',
    schema: RECORD_TYPES.administration.schema,
    fields: [
      date('date', 'Date'),
      number('doseMg', 'Dose (mg)', 1),
      {
        name: 'planned',
        label: 'Planned, not given yet',
        kind: 'boolean',
        hint: 'a booked dose (the next infusion); clear it once the dose is given',
      },
    ],
  },
  antibodies: {
    title: 'Antibody test',
    tab: 'Antibodies',
    schema: RECORD_TYPES.antibody.schema,
    fields: [
      date('date', 'Date'),
      select('antibody', 'Antibody', ANTIBODY_TARGETS, (v) => `${v}-IgG`),
      select('assay', 'Assay', ASSAYS),
      select('result', 'Result', ANTIBODY_RESULTS),
      number('titer', 'Titer (1:n)', 1, { hint: 'reciprocal dilution: 1000 for 1:1000' }),
    ],
  },
  mri: {
    title: 'MRI exam',
    tab: 'MRI',
    schema: RECORD_TYPES.mri.schema,
    fields: [
      date('date', 'Date'),
      select('region', 'Region', MRI_REGIONS),
      number('newT2Lesions', 'New T2 lesions', 1),
      { name: 'gadolinium', label: 'Gadolinium enhancement', kind: 'boolean' },
      number('extensiveSegments', 'Longest lesion (vertebral segments)', 1, { hint: '3 or more: LETM' }),
    ],
  },
  visualExams: {
    title: 'Visual exam',
    tab: 'Visual',
    schema: RECORD_TYPES.visual.schema,
    fields: [
      date('date', 'Date'),
      select('eye', 'Eye', EYES),
      number('logmar', 'Acuity (logMAR)', 0.01),
      number('rnflMicrons', 'OCT RNFL (µm)', 0.1),
      number('gciplMicrons', 'OCT GCIPL (µm)', 0.1),
      number('visualFieldMdDb', 'Visual field MD (dB)', 0.01),
      number('vepLatencyMs', 'VEP P100 latency (ms)', 0.1),
      number('vepAmplitudeMicrovolts', 'VEP amplitude (µV)', 0.1),
      { name: 'funduscopyNote', label: 'Funduscopy note', kind: 'textarea' },
    ],
  },
  labs: {
    title: 'Lab result',
    tab: 'Labs',
    schema: RECORD_TYPES.lab.schema,
    fields: [
      date('date', 'Date'),
      select('test', 'Test', LAB_TESTS, labTestText),
      number('value', 'Value', 0.001),
      {
        name: 'unit',
        label: 'Unit',
        kind: 'select',
        // UCUM codes of the test (domain lab-units.ts), shown by their labels; none for HBsAg, anti-HBc.
        optionsFrom: { field: 'test', options: (test) => (LAB_UNITS as Record<string, readonly string[]>)[test] ?? [] },
        optionText: labUnitLabel,
      },
      select('result', 'Qualitative result', LAB_QUALITATIVE_RESULTS),
    ],
  },
  vaccinations: {
    title: 'Vaccination',
    tab: 'Vaccinations',
    schema: RECORD_TYPES.vaccination.schema,
    fields: [
      date('date', 'Date'),
      select('vaccine', 'Vaccine', VACCINES),
      {
        ...select('product', 'Product', VACCINE_PRODUCTS),
        hint: 'meningococcal vaccines: the product decides the number of doses',
      },
    ],
  },
  bodyWeights: {
    title: 'Body weight',
    tab: 'Weight',
    schema: RECORD_TYPES.bodyWeight.schema,
    fields: [date('date', 'Date'), number('kg', 'Weight (kg)', 0.1)],
  },
  pregnancies: {
    title: 'Pregnancy',
    tab: 'Pregnancy',
    schema: RECORD_TYPES.pregnancy.schema,
    fields: [
      date('startDate', 'Start (last menstrual period)'),
      date('expectedEndDate', 'Expected end (due date)'),
      date('endDate', 'Actual end', { nullable: true }),
      select('outcome', 'Outcome', PREGNANCY_OUTCOMES),
      date('breastfeedingUntil', 'Breastfeeding until', { nullable: true }),
    ],
  },
  prophylaxis: {
    title: 'Prophylaxis course',
    tab: 'Prophylaxis',
    schema: RECORD_TYPES.prophylaxis.schema,
    fields: [
      select('agent', 'Agent', PROPHYLAXIS_AGENTS),
      select('indication', 'For', PROPHYLAXIS_INDICATIONS),
      date('startDate', 'Start'),
      date('stopDate', 'Stop', { nullable: true }),
    ],
  },
  referrals: {
    title: 'Referral',
    tab: 'Referrals',
    schema: RECORD_TYPES.referral.schema,
    fields: [date('date', 'Date'), select('specialty', 'Specialty', REFERRAL_SPECIALTIES)],
  },
  patient: {
    title: 'Patient',
    schema: patientFieldsSchema,
    fields: [
      { name: 'mrn', label: 'MRN', kind: 'text' },
      { name: 'givenName', label: 'Given name', kind: 'text' },
      { name: 'familyName', label: 'Family name', kind: 'text' },
      date('birthDate', 'Birth date'),
      select('sex', 'Sex', SEXES),
      date('diagnosisDate', 'Diagnosis date', { nullable: true }),
      date('firstAttackDate', 'First attack', { nullable: true }),
      {
        ...select('diagnosis', 'Diagnosis', DIAGNOSES, (value) => DIAGNOSIS_LABELS[value as Diagnosis] ?? value),
        nullable: true,
        hint: 'leave empty to take it from serostatus where that is unambiguous (AQP4-IgG positive: AQP4-IgG-positive NMOSD; MOG-IgG positive and AQP4-IgG negative: MOGAD)',
      },
      select('aqp4Status', 'AQP4-IgG', SEROSTATUSES),
      select('mogStatus', 'MOG-IgG', SEROSTATUSES),
      { name: 'comorbidities', label: 'Comorbidities', kind: 'multi', options: COMORBIDITIES, optionText: words },
    ],
  },
} satisfies Record<RecordApiName | 'patient', RecordFormSpec> & Record<EventApiName, { tab: string }>;

export type FormName = keyof typeof RECORD_FORMS;
/** The API names of the event types: each has a tab on the patient page. */
type EventApiName = (typeof RECORD_TYPES)[EventType]['names']['api'];
