import { z } from 'zod';
import { antibodyEventSchema } from './antibody.ts';
import { bodyWeightEventSchema } from './body-weight.ts';
import { edssEventSchema } from './edss.ts';
import { labDataSchema, labEventSchema } from './lab.ts';
import { mriEventSchema } from './mri.ts';
import type { patientFieldsSchema } from './patient-fields.ts';
import { pregnancyEventSchema } from './pregnancy.ts';
import { prophylaxisEventSchema } from './prophylaxis.ts';
import { referralEventSchema } from './referral.ts';
import { acuteTreatmentSchema, relapseEventSchema } from './relapse.ts';
import { administrationSchema, therapyEventSchema } from './therapy.ts';
import { vaccinationEventSchema } from './vaccination.ts';
import { visualEventSchema } from './visual.ts';

/**
 * What a field is, for privacy (docs/decisions/0016-record-type-registry.md):
 * - `identifier`: names or numbers that point at a person (MRN, names); never leaves for researchers;
 * - `date`: a calendar date; shifted per subject or turned into days for researchers;
 * - `freeText`: typed text; may hold anything (a name, a place), so never leaves for researchers;
 * - `value`: a measurement or count; `code`: a value from a fixed list. Both go to researchers as is.
 */
export type FieldClass = 'identifier' | 'date' | 'freeText' | 'value' | 'code';

/** Classes a researcher's output carries unchanged. */
export const RESEARCH_SAFE_CLASSES: readonly FieldClass[] = ['value', 'code'];

export interface LeafField {
  class: FieldClass;
  /** Its column in the CSV long layout (docs/EXPORTS.md). */
  csv: string;
  /** Its database column, when not the field's own name. */
  column?: string;
}

/** An object field (the EDSS functional systems): each of its fields classified in turn. */
export interface GroupField {
  class: 'value';
  fields: Record<string, LeafField>;
}

export type FieldSpec = LeafField | GroupField;

export const isGroupField = (spec: FieldSpec): spec is GroupField => 'fields' in spec;

/** The names one record type goes by outside the code: every spelling is declared here, once. */
export interface RecordNames {
  /** The tRPC router of its records (`trpc.<api>.create`). */
  api: string;
  /** Its table (Prisma model, capitalised; no @@map). */
  table: string;
  /** The patient's (or, for a part, the parent's) relation holding its rows. */
  relation: string;
  /** The value of the `record` column in the CSV long layout. */
  csv: string;
}

type ShapeOf<S> = S extends z.ZodObject<infer Shape> ? Shape : never;

export interface RecordDescriptor<S extends z.ZodObject = z.ZodObject> {
  /** Name used in messages: "EDSS assessment". */
  label: string;
  /** The record's own data: the interchange event without `type` and without its parts. */
  schema: S;
  /** Every field of `schema`, classified (the compiler insists on each one). */
  fields: { [K in keyof ShapeOf<S>]-?: FieldSpec };
  /** The field that places the record on the timeline. */
  dateField: keyof ShapeOf<S> & string;
  /**
   * The fields that make two records the same clinical fact within one patient (or one parent), in
   * the order the identity is written (docs/decisions/0004-event-identity.md).
   */
  identity: readonly (keyof ShapeOf<S> & string)[];
  names: RecordNames;
  /** For a record with parts: the field of the event holding them and their record type. */
  parts?: { field: string; type: PartType };
  /**
   * For a part: its parent's record type, the foreign key to it, and the CSV columns that name the
   * parent on the part's row (column → parent field).
   */
  parent?: { type: 'relapse' | 'therapy'; key: 'relapseId' | 'therapyId'; csv: Record<string, string> };
}

/** Keeps the exact types (schema, names, parts, parent) and checks every field of the schema is classified. */
const describe = <const D extends RecordDescriptor>(descriptor: D & RecordDescriptor<D['schema']>) => descriptor;

/** The interchange schema of each event type (with its `type` and its parts), in EVENT_TYPES order. */
export const EVENT_SCHEMAS = [
  edssEventSchema,
  antibodyEventSchema,
  mriEventSchema,
  visualEventSchema,
  relapseEventSchema,
  therapyEventSchema,
  labEventSchema,
  vaccinationEventSchema,
  bodyWeightEventSchema,
  pregnancyEventSchema,
  prophylaxisEventSchema,
  referralEventSchema,
] as const;

/** Event types in the order an export lists events that fall on the same date. */
export const EVENT_TYPES = [
  'edss',
  'antibody',
  'mri',
  'visual',
  'relapse',
  'therapy',
  'lab',
  'vaccination',
  'bodyWeight',
  'pregnancy',
  'prophylaxis',
  'referral',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Records that exist only within a parent event: an attack's acute treatments, a therapy's doses. */
export const PART_TYPES = ['acuteTreatment', 'administration'] as const;
export type PartType = (typeof PART_TYPES)[number];
export type RecordType = EventType | PartType;

const fs = (csv: string, column: string): LeafField => ({ class: 'value', csv, column });

/**
 * The record-type registry: one descriptor per record type. Storage, the API's record routers, the
 * forms, the CSV/FHIR layouts and de-identification are derived from it; adding a record type starts
 * here (docs/adding-a-record-type.md).
 */
export const RECORD_TYPES = {
  edss: describe({
    label: 'EDSS assessment',
    schema: edssEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      score: { class: 'value', csv: 'edss_score' },
      functionalSystems: {
        class: 'value',
        fields: {
          visual: fs('fs_visual', 'fsVisual'),
          brainstem: fs('fs_brainstem', 'fsBrainstem'),
          pyramidal: fs('fs_pyramidal', 'fsPyramidal'),
          cerebellar: fs('fs_cerebellar', 'fsCerebellar'),
          sensory: fs('fs_sensory', 'fsSensory'),
          bowelBladder: fs('fs_bowel_bladder', 'fsBowelBladder'),
          cerebral: fs('fs_cerebral', 'fsCerebral'),
          ambulation: fs('fs_ambulation', 'fsAmbulation'),
        },
      },
    },
    dateField: 'date',
    identity: ['date'],
    names: { api: 'edss', table: 'EdssAssessment', relation: 'edssAssessments', csv: 'edss' },
  }),
  antibody: describe({
    label: 'antibody test',
    schema: antibodyEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      antibody: { class: 'code', csv: 'antibody' },
      assay: { class: 'code', csv: 'assay' },
      result: { class: 'code', csv: 'result' },
      titer: { class: 'value', csv: 'titer' },
    },
    dateField: 'date',
    identity: ['date', 'antibody', 'assay'],
    names: { api: 'antibodies', table: 'AntibodyTest', relation: 'antibodyTests', csv: 'antibody' },
  }),
  mri: describe({
    label: 'MRI exam',
    schema: mriEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      region: { class: 'code', csv: 'region' },
      newT2Lesions: { class: 'value', csv: 'new_t2_lesions' },
      gadolinium: { class: 'value', csv: 'gadolinium' },
      extensiveSegments: { class: 'value', csv: 'extensive_segments' },
    },
    dateField: 'date',
    identity: ['date', 'region'],
    names: { api: 'mri', table: 'MriExam', relation: 'mriExams', csv: 'mri' },
  }),
  visual: describe({
    label: 'visual exam',
    schema: visualEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      eye: { class: 'code', csv: 'eye' },
      logmar: { class: 'value', csv: 'logmar' },
      visualFieldMdDb: { class: 'value', csv: 'visual_field_md_db' },
      rnflMicrons: { class: 'value', csv: 'rnfl_um' },
      gciplMicrons: { class: 'value', csv: 'gcipl_um' },
      vepLatencyMs: { class: 'value', csv: 'vep_latency_ms' },
      vepAmplitudeMicrovolts: { class: 'value', csv: 'vep_amplitude_uv' },
      funduscopyNote: { class: 'freeText', csv: 'funduscopy_note' },
    },
    dateField: 'date',
    identity: ['date', 'eye'],
    names: { api: 'visualExams', table: 'VisualExam', relation: 'visualExams', csv: 'visual' },
  }),
  relapse: describe({
    label: 'relapse',
    schema: relapseEventSchema.omit({ type: true, acuteTreatments: true }),
    fields: {
      onsetDate: { class: 'date', csv: 'date' },
      phenotype: { class: 'code', csv: 'phenotype' },
      severity: { class: 'code', csv: 'severity' },
    },
    dateField: 'onsetDate',
    identity: ['onsetDate'],
    names: { api: 'relapses', table: 'Relapse', relation: 'relapses', csv: 'relapse' },
    parts: { field: 'acuteTreatments', type: 'acuteTreatment' },
  }),
  acuteTreatment: describe({
    label: 'acute treatment',
    schema: acuteTreatmentSchema,
    fields: {
      type: { class: 'code', csv: 'treatment' },
      startDate: { class: 'date', csv: 'date' },
      days: { class: 'value', csv: 'days' },
      dailyDoseMg: { class: 'value', csv: 'daily_dose_mg' },
      sessions: { class: 'value', csv: 'sessions' },
    },
    dateField: 'startDate',
    identity: ['type', 'startDate'],
    names: { api: 'acuteTreatments', table: 'AcuteTreatment', relation: 'acuteTreatments', csv: 'acute_treatment' },
    parent: { type: 'relapse', key: 'relapseId', csv: { relapse_onset_date: 'onsetDate' } },
  }),
  therapy: describe({
    label: 'therapy',
    schema: therapyEventSchema.omit({ type: true, administrations: true }),
    fields: {
      agent: { class: 'code', csv: 'agent' },
      startDate: { class: 'date', csv: 'date' },
      stopDate: { class: 'date', csv: 'end_date' },
      doseMg: { class: 'value', csv: 'dose_mg' },
      schedule: { class: 'code', csv: 'schedule' },
      stopReason: { class: 'code', csv: 'stop_reason' },
    },
    dateField: 'startDate',
    identity: ['agent', 'startDate'],
    names: { api: 'therapies', table: 'Therapy', relation: 'therapies', csv: 'therapy' },
    parts: { field: 'administrations', type: 'administration' },
  }),
  administration: describe({
    label: 'administration',
    schema: administrationSchema,
    fields: {
      date: { class: 'date', csv: 'date' },
      doseMg: { class: 'value', csv: 'dose_mg' },
      planned: { class: 'value', csv: 'planned' },
    },
    dateField: 'date',
    identity: ['date'],
    names: {
      api: 'administrations',
      table: 'TherapyAdministration',
      relation: 'administrations',
      csv: 'administration',
    },
    parent: { type: 'therapy', key: 'therapyId', csv: { agent: 'agent', therapy_start_date: 'startDate' } },
  }),
  lab: describe({
    label: 'lab result',
    // The lab schema checks the unit against the test (a refinement), so it has its own no-type variant.
    schema: labDataSchema,
    fields: {
      date: { class: 'date', csv: 'date' },
      test: { class: 'code', csv: 'test' },
      value: { class: 'value', csv: 'value' },
      // A UCUM code from the test's list (lab-units.ts, enforced by the schema and a database CHECK).
      unit: { class: 'code', csv: 'unit' },
      result: { class: 'code', csv: 'result' },
    },
    dateField: 'date',
    identity: ['date', 'test'],
    names: { api: 'labs', table: 'LabResult', relation: 'labResults', csv: 'lab' },
  }),
  vaccination: describe({
    label: 'vaccination',
    schema: vaccinationEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      vaccine: { class: 'code', csv: 'vaccine' },
      product: { class: 'code', csv: 'product' },
    },
    dateField: 'date',
    identity: ['date', 'vaccine'],
    names: { api: 'vaccinations', table: 'Vaccination', relation: 'vaccinations', csv: 'vaccination' },
  }),
  bodyWeight: describe({
    label: 'body weight',
    schema: bodyWeightEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      kg: { class: 'value', csv: 'weight_kg' },
    },
    dateField: 'date',
    identity: ['date'],
    names: { api: 'bodyWeights', table: 'BodyWeight', relation: 'bodyWeights', csv: 'body_weight' },
  }),
  pregnancy: describe({
    label: 'pregnancy',
    schema: pregnancyEventSchema.omit({ type: true }),
    fields: {
      startDate: { class: 'date', csv: 'date' },
      expectedEndDate: { class: 'date', csv: 'expected_end_date' },
      endDate: { class: 'date', csv: 'end_date' },
      outcome: { class: 'code', csv: 'outcome' },
      breastfeedingUntil: { class: 'date', csv: 'breastfeeding_until' },
    },
    dateField: 'startDate',
    identity: ['startDate'],
    names: { api: 'pregnancies', table: 'Pregnancy', relation: 'pregnancies', csv: 'pregnancy' },
  }),
  prophylaxis: describe({
    label: 'prophylaxis course',
    schema: prophylaxisEventSchema.omit({ type: true }),
    fields: {
      agent: { class: 'code', csv: 'agent' },
      indication: { class: 'code', csv: 'indication' },
      startDate: { class: 'date', csv: 'date' },
      stopDate: { class: 'date', csv: 'end_date' },
    },
    dateField: 'startDate',
    identity: ['agent', 'startDate'],
    names: { api: 'prophylaxis', table: 'Prophylaxis', relation: 'prophylaxisCourses', csv: 'prophylaxis' },
  }),
  referral: describe({
    label: 'referral',
    schema: referralEventSchema.omit({ type: true }),
    fields: {
      date: { class: 'date', csv: 'date' },
      specialty: { class: 'code', csv: 'specialty' },
    },
    dateField: 'date',
    identity: ['date', 'specialty'],
    names: { api: 'referrals', table: 'Referral', relation: 'referrals', csv: 'referral' },
  }),
} satisfies Record<RecordType, RecordDescriptor>;

export type RecordTypes = typeof RECORD_TYPES;

/** Every record type: each event type followed by its parts (the order of the CSV kinds). */
export const RECORD_TYPE_NAMES: readonly RecordType[] = EVENT_TYPES.flatMap((type) => {
  const parts = (RECORD_TYPES[type] as RecordDescriptor).parts;
  return parts ? [type, parts.type] : [type];
});
/** The tRPC router name of each record type. */
export type RecordApiName = RecordTypes[RecordType]['names']['api'];
/** The Prisma model (delegate) name of each record type's table. */
export type RecordModelName = Uncapitalize<RecordTypes[RecordType]['names']['table']>;

/** A descriptor seen without its schema's exact type (generic code: storage, CSV, de-identification). */
export const descriptorOf = (type: RecordType): RecordDescriptor => RECORD_TYPES[type] as unknown as RecordDescriptor;

/** The patient's own fields, classified like a record's (the de-identifier and its tests read this). */
export const PATIENT_FIELDS = {
  mrn: { class: 'identifier', csv: 'mrn' },
  givenName: { class: 'identifier', csv: 'given_name' },
  familyName: { class: 'identifier', csv: 'family_name' },
  birthDate: { class: 'date', csv: 'birth_date' },
  sex: { class: 'code', csv: 'sex' },
  diagnosisDate: { class: 'date', csv: 'diagnosis_date' },
  firstAttackDate: { class: 'date', csv: 'first_attack_date' },
  diagnosis: { class: 'code', csv: 'diagnosis' },
  aqp4Status: { class: 'code', csv: 'aqp4_status' },
  mogStatus: { class: 'code', csv: 'mog_status' },
  comorbidities: { class: 'code', csv: 'comorbidities' },
} satisfies { [K in keyof ShapeOf<typeof patientFieldsSchema>]-?: LeafField };

/** What a field holds, for file formats that carry text (CSV): a number, yes/no, or text (codes, dates). */
export type ValueKind = 'number' | 'boolean' | 'text';

function valueKindOfSchema(schema: z.ZodType | undefined): ValueKind {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodNumber) return 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  return 'text';
}

const objectShapeOf = (schema: z.ZodType | undefined): Record<string, z.ZodType> => {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : {};
};

/** Every leaf field of a record type (a group's fields as "group.field") with its spec and value kind. */
export function leafFieldsOf(
  descriptor: RecordDescriptor,
): { path: string; field: string; spec: LeafField; kind: ValueKind }[] {
  const shape = descriptor.schema.shape as Record<string, z.ZodType>;
  return Object.entries(descriptor.fields).flatMap(([field, spec]) =>
    isGroupField(spec)
      ? Object.entries(spec.fields).map(([inner, leaf]) => ({
          path: `${field}.${inner}`,
          field: inner,
          spec: leaf,
          kind: valueKindOfSchema(objectShapeOf(shape[field])[inner]),
        }))
      : [{ path: field, field, spec, kind: valueKindOfSchema(shape[field]) }],
  );
}

/** The identity of a record within its patient or parent: its identity fields' values, in order. */
export function identityOf(type: RecordType, record: Readonly<Record<string, unknown>>): string {
  return descriptorOf(type)
    .identity.map((field) => String(record[field]))
    .join(' ');
}

/** The descriptor's parts, if any, as a record type of their own. */
export const partsOf = (type: RecordType) => descriptorOf(type).parts;
