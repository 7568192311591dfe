import { RECORD_TYPES } from '@nmo/domain';
import { z } from 'zod';
import { type FieldSpec, RECORD_FORMS, type RecordFormSpec } from '../records/form-specs.ts';
import {
  dataOf,
  type FieldErrors,
  FORM_LEVEL,
  type FormValues,
  fieldNameOf,
  validate,
  valuesOf,
} from '../records/form-values.ts';

/**
 * One section of the visit form: the single-record form's fields and schema (form-specs.ts), and
 * where its data sits in `visits.record`'s input (`at`), which is also how the server names its
 * errors ("eyes.OD.logmar").
 */
export interface VisitSection {
  at: string;
  title: string;
  spec: RecordFormSpec;
  /** The date field an empty value of which means "the visit date" (none: it must be entered). */
  visitDateField?: string;
}

const only = (spec: RecordFormSpec, names: string[], schema: z.ZodType = spec.schema): RecordFormSpec => ({
  ...spec,
  schema,
  fields: names.map((name) => spec.fields.find((field) => field.name === name) as FieldSpec),
});
const eyeExam = only(
  RECORD_FORMS.visualExams,
  ['date', 'logmar', 'visualFieldMdDb', 'rnflMicrons', 'gciplMicrons'],
  RECORD_TYPES.visual.schema.omit({ eye: true }),
);
const dose = only(
  RECORD_FORMS.administrations,
  ['date', 'doseMg'],
  RECORD_TYPES.administration.schema.omit({ planned: true }),
);
const therapy = RECORD_TYPES.therapy.schema.shape;
const stop = only(
  RECORD_FORMS.therapies,
  ['stopDate', 'stopReason'],
  z.strictObject({ stopDate: therapy.startDate, stopReason: therapy.stopReason.unwrap() }),
);

/** The sections in the order the form shows them (and the server saves them). */
export const VISIT_SECTIONS: VisitSection[] = [
  { at: 'edss', title: 'EDSS', spec: RECORD_FORMS.edss, visitDateField: 'date' },
  { at: 'eyes.OD', title: 'Right eye (OD)', spec: eyeExam, visitDateField: 'date' },
  { at: 'eyes.OS', title: 'Left eye (OS)', spec: eyeExam, visitDateField: 'date' },
  { at: 'attack', title: 'New attack', spec: RECORD_FORMS.relapses },
  { at: 'attack.acuteTreatments.0', title: 'Acute treatment', spec: RECORD_FORMS.acuteTreatments },
  { at: 'attack.acuteTreatments.1', title: 'Second acute treatment', spec: RECORD_FORMS.acuteTreatments },
  { at: 'therapyChange.stop', title: 'Stop current therapy', spec: stop, visitDateField: 'stopDate' },
  {
    at: 'therapyChange.start',
    title: 'Start a therapy',
    spec: only(RECORD_FORMS.therapies, ['agent', 'startDate', 'doseMg', 'schedule']),
    visitDateField: 'startDate',
  },
  { at: 'dose', title: 'Dose given today', spec: dose, visitDateField: 'date' },
  { at: 'plannedDose', title: 'Next dose (planned)', spec: dose },
  { at: 'bodyWeight', title: 'Body weight', spec: RECORD_FORMS.bodyWeights, visitDateField: 'date' },
];

export type VisitValues = Record<string, FormValues>;
export const emptyVisit = (): VisitValues =>
  Object.fromEntries(VISIT_SECTIONS.map((section) => [section.at, valuesOf(section.spec)]));

/** A section is part of the visit once any of its fields is filled in. */
export const isFilled = (values: FormValues) =>
  Object.values(values).some((value) => (Array.isArray(value) ? value.length > 0 : value.trim() !== ''));

/** A filled section's data, its empty visit-date field set to the visit date. */
function sectionData(section: VisitSection, values: FormValues, visitDate: string) {
  const field = section.visitDateField;
  const withDate = field && !values[field] ? { ...values, [field]: visitDate } : values;
  return dataOf(section.spec, withDate);
}

function put(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    const nextIsIndex = /^\d+$/.test(keys[i + 1] as string);
    node[key] ??= nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

/**
 * The records a section points at: the therapy to stop is the one the page showed (at the version
 * read); a dose belongs to the therapy the visit starts (the server's default), else the current one.
 */
function linksOf(at: string, values: VisitValues, current: { id: string; version: number } | undefined) {
  if (!current) return {};
  if (at === 'therapyChange.stop') return { therapyId: current.id, version: current.version };
  const starts = isFilled(values['therapyChange.start'] ?? {});
  return (at === 'dose' || at === 'plannedDose') && !starts ? { therapyId: current.id } : {};
}

/** `visits.record`'s input: the filled sections; the therapy to stop is the one the page showed. */
export function visitInputOf(
  patientId: string,
  visitDate: string,
  values: VisitValues,
  current: { id: string; version: number } | undefined,
) {
  const input: Record<string, unknown> = { patientId };
  for (const section of VISIT_SECTIONS) {
    const sectionValues = values[section.at] ?? {};
    if (!isFilled(sectionValues)) continue;
    const data = sectionData(section, sectionValues, visitDate);
    put(input, section.at, { ...data, ...linksOf(section.at, values, current) });
  }
  if (Array.isArray((input.attack as { acuteTreatments?: unknown[] } | undefined)?.acuteTreatments)) {
    const attack = input.attack as { acuteTreatments: unknown[] };
    attack.acuteTreatments = attack.acuteTreatments.filter(Boolean);
  }
  return input;
}

/** The errors of every filled section, keyed "<section>.<field>", checked with the sections' schemas. */
export function validateVisit(values: VisitValues, visitDate: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const section of VISIT_SECTIONS) {
    const sectionValues = values[section.at] ?? {};
    if (!isFilled(sectionValues)) continue;
    const field = section.visitDateField;
    const withDate = field && !sectionValues[field] ? { ...sectionValues, [field]: visitDate } : sectionValues;
    for (const [name, message] of Object.entries(validate(section.spec, withDate)))
      errors[`${section.at}.${name}`] = message;
  }
  return errors;
}

/** A server error path ("eyes.OD.logmar") as the form's key: its section and field, or the form itself. */
export function visitErrorKey(path: string): string {
  const section = [...VISIT_SECTIONS]
    .sort((a, b) => b.at.length - a.at.length)
    .find((candidate) => path === candidate.at || path.startsWith(`${candidate.at}.`));
  if (!section) return FORM_LEVEL;
  const name = fieldNameOf(section.spec, path.slice(section.at.length + 1));
  return name === FORM_LEVEL ? `${section.at}.${FORM_LEVEL}` : `${section.at}.${name}`;
}
