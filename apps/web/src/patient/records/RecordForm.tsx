import { type FormEvent, useId, useState } from 'react';
import { errorMessage, fieldErrorsOf, isConflict } from '../../trpc.ts';
import { FormActions } from '../../ui/FormActions.tsx';
import type { FieldSpec, RecordFormSpec } from './form-specs.ts';
import {
  dataOf,
  type FieldErrors,
  FORM_LEVEL,
  type FormValues,
  serverFieldErrors,
  validate,
  valuesOf,
} from './form-values.ts';

export const CONFLICT_MESSAGE =
  'Someone else changed this record after you opened it. Load their version, check it, and make your change again.';

interface Props {
  spec: RecordFormSpec;
  /** The stored record when editing; empty inputs otherwise. */
  record?: unknown;
  submitLabel: string;
  /** Saves the data; a rejected promise's field errors are shown on their fields. */
  onSubmit: (data: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  /** Reloads the record after a CONFLICT (the form then shows the other person's version). */
  onReload?: () => void;
}

/**
 * A form for one record type. Each field is checked with the shared schema when it is left and all
 * of them on submit; the server's answer is shown on the fields it names.
 */
export function RecordForm({ spec, record, submitLabel, onSubmit, onCancel, onReload }: Props) {
  const id = useId();
  const [values, setValues] = useState<FormValues>(() => valuesOf(spec, record));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  const shown = (name: string) => (touched.has(name) ? errors[name] : undefined);
  const update = (name: string, value: string | string[]) => {
    const next = withDependentChoices(spec, { ...values, [name]: value }, name);
    setValues(next);
    if (touched.has(name)) setErrors(validate(spec, next));
  };
  const leave = (name: string) => {
    setTouched((before) => new Set(before).add(name));
    setErrors(validate(spec, values));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const all = new Set([...spec.fields.map((field) => field.name), FORM_LEVEL]);
    setTouched(all);
    const found = validate(spec, values);
    setErrors(found);
    setConflict(false);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await onSubmit(dataOf(spec, values));
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      else {
        const fromServer = serverFieldErrors(spec, fieldErrorsOf(error));
        setErrors(Object.keys(fromServer).length ? fromServer : { [FORM_LEVEL]: errorMessage(error) });
      }
    } finally {
      setSaving(false);
    }
  }

  const grouped = new Map<string | undefined, FieldSpec[]>();
  for (const field of spec.fields) grouped.set(field.group, [...(grouped.get(field.group) ?? []), field]);
  const renderField = (field: FieldSpec) => (
    <Field
      key={field.name}
      id={`${id}-${field.name}`}
      field={field}
      options={optionsOf(field, values)}
      value={values[field.name] ?? ''}
      error={shown(field.name)}
      onChange={(value) => update(field.name, value)}
      onBlur={() => leave(field.name)}
    />
  );

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label={`${spec.title} form`}>
      {conflict && (
        <div role="alert" className="error-box">
          <p>{CONFLICT_MESSAGE}</p>
          {onReload && (
            <button type="button" onClick={onReload}>
              Load their version
            </button>
          )}
        </div>
      )}
      {shown(FORM_LEVEL) && (
        <p role="alert" className="error">
          {shown(FORM_LEVEL)}
        </p>
      )}
      <div className="fields">{(grouped.get(undefined) ?? []).map(renderField)}</div>
      {[...grouped.entries()]
        .filter(([group]) => group !== undefined)
        .map(([group, fields]) => (
          <details key={group} open={fields.some((field) => values[field.name])}>
            <summary>{group}</summary>
            <div className="fields">{fields.map(renderField)}</div>
          </details>
        ))}
      <FormActions saving={saving} onCancel={onCancel}>
        {saving ? 'Saving…' : submitLabel}
      </FormActions>
    </form>
  );
}

/** A select's choices: fixed, or those of the field it depends on (a lab test's units). */
function optionsOf(field: FieldSpec, values: FormValues): readonly string[] {
  if (!field.optionsFrom) return field.options ?? [];
  const source = values[field.optionsFrom.field];
  return field.optionsFrom.options(typeof source === 'string' ? source : '');
}

/** After `changed` changed, a dependent select whose choice is no longer offered takes the first option. */
function withDependentChoices(spec: RecordFormSpec, values: FormValues, changed: string): FormValues {
  const next = { ...values };
  for (const field of spec.fields) {
    if (field.optionsFrom?.field !== changed) continue;
    const options = optionsOf(field, next);
    if (!options.includes(next[field.name] as string)) next[field.name] = options[0] ?? '';
  }
  return next;
}

export function Field({
  id,
  field,
  options: choices,
  value,
  error,
  onChange,
  onBlur,
}: {
  id: string;
  field: FieldSpec;
  options: readonly string[];
  value: string | string[];
  error: string | undefined;
  onChange: (value: string | string[]) => void;
  onBlur: () => void;
}) {
  const describedBy = [error ? `${id}-error` : '', field.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.name,
    onBlur,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  const text = field.optionText ?? String;
  let input: React.ReactNode;
  if (field.kind === 'multi') {
    const chosen = value as string[];
    return (
      <fieldset className="field multi" aria-describedby={common['aria-describedby']}>
        <legend>{field.label}</legend>
        {choices.map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onBlur={onBlur}
              onChange={(event) =>
                onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))
              }
            />
            {text(option)}
          </label>
        ))}
        {error && (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        )}
      </fieldset>
    );
  }
  if (field.kind === 'select' || field.kind === 'boolean') {
    const options = field.kind === 'boolean' ? ['true', 'false'] : choices;
    const optionText = field.kind === 'boolean' ? (v: string) => (v === 'true' ? 'yes' : 'no') : text;
    input = (
      <select
        {...common}
        // Nothing to choose (a qualitative lab test has no unit): shown, but not editable.
        disabled={field.optionsFrom !== undefined && options.length === 0}
        value={value as string}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">–</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionText(option)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'textarea') {
    input = (
      <textarea {...common} rows={2} value={value as string} onChange={(event) => onChange(event.target.value)} />
    );
  } else {
    input = (
      <input
        {...common}
        type={field.kind === 'date' ? 'date' : 'text'}
        inputMode={field.kind === 'number' ? 'decimal' : undefined}
        value={value as string}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {input}
      {field.hint && (
        <span id={`${id}-hint`} className="hint">
          {field.hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
