import { plainIssueMessage } from '@nmo/domain';
import { readPath } from '../../ui/dotted-path.ts';
import type { FieldSpec, RecordFormSpec } from './form-specs.ts';

/** What the inputs hold: text for every field, a list for multiple choice. */
export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
/** Errors that belong to no field of the form are shown above it under this key. */
export const FORM_LEVEL = '_form';

function writePath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

/** The inputs' text of a stored record (or empty inputs for a new one). */
export function valuesOf(spec: RecordFormSpec, record?: unknown): FormValues {
  return Object.fromEntries(
    spec.fields.map((field) => {
      const value = record === undefined ? undefined : readPath(record, field.name);
      if (field.kind === 'multi') return [field.name, Array.isArray(value) ? value.map(String) : []];
      return [field.name, value === null || value === undefined ? '' : String(value)];
    }),
  );
}

function fieldValue(field: FieldSpec, raw: string | string[] | undefined): unknown {
  if (field.kind === 'multi') return Array.isArray(raw) ? raw : [];
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return field.nullable ? null : undefined;
  if (field.kind === 'boolean') return text === 'true';
  if (field.kind === 'number') {
    const parsed = Number(text);
    // Not a number: sent as typed, so the schema's message ("must be a number") names the field.
    return Number.isFinite(parsed) ? parsed : text;
  }
  return field.kind === 'textarea' || field.kind === 'text' ? (raw as string) : text;
}

/** The record's data as the API takes it; empty optional inputs are left out. */
export function dataOf(spec: RecordFormSpec, values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = fieldValue(field, values[field.name]);
    if (value !== undefined) writePath(data, field.name, value);
  }
  return data;
}

/** Maps an error path ("data.functionalSystems.visual", "comorbidities[1]") to the form's field name. */
export function fieldNameOf(spec: RecordFormSpec, path: string): string {
  const dotted = path
    .replace(/^data\.?/, '')
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '');
  return spec.fields.some((field) => field.name === dotted) ? dotted : FORM_LEVEL;
}

/** The same checks the server makes on the fields (one message per field, the first found). */
export function validate(spec: RecordFormSpec, values: FormValues): FieldErrors {
  const result = spec.schema.safeParse(dataOf(spec, values));
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const name = fieldNameOf(spec, issue.path.map(String).join('.'));
    errors[name] ??= plainIssueMessage(issue);
  }
  return errors;
}

/** Field errors of a server answer, keyed by form field. */
export function serverFieldErrors(spec: RecordFormSpec, fieldErrors: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const name = fieldNameOf(spec, path);
    errors[name] ??= name === FORM_LEVEL && path ? `${path}: ${message}` : message;
  }
  return errors;
}
