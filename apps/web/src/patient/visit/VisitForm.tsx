import { type FormEvent, useId, useState } from 'react';
import type { PatientPage } from '../../api-types.ts';
import { errorMessage, fieldErrorsOf, isConflict, useTRPCClient } from '../../trpc.ts';
import { FormActions } from '../../ui/FormActions.tsx';
import { type FieldErrors, FORM_LEVEL } from '../records/form-values.ts';
import { CONFLICT_MESSAGE, Field } from '../records/RecordForm.tsx';
import { useRefreshPatient } from '../refresh.ts';
import {
  emptyVisit,
  isFilled,
  VISIT_SECTIONS,
  type VisitSection,
  type VisitValues,
  validateVisit,
  visitErrorKey,
  visitInputOf,
} from './visit-sections.ts';

const todayText = () => new Date().toLocaleDateString('sv-SE');

/**
 * Records a whole visit in one save (visits.record): EDSS, both eyes, an attack with its acute
 * treatments, a therapy change, the dose given, the next planned dose and the weight. Sections are
 * folded until used; all of it is saved in one transaction, so an error anywhere saves nothing
 * and is shown under its field.
 */
export function VisitForm({ page, onDone }: { page: PatientPage; onDone: (message: string) => void }) {
  const id = useId();
  const client = useTRPCClient();
  const refresh = useRefreshPatient(page.patient.id);
  const current = page.records.therapies.find((therapy) => !therapy.stopDate && !therapy.deletedAt);
  const sections = VISIT_SECTIONS.filter((section) => section.at !== 'therapyChange.stop' || current);
  const [visitDate, setVisitDate] = useState(todayText);
  const [values, setValues] = useState<VisitValues>(emptyVisit);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);

  // A changed field's error is cleared until the next save checks it again.
  const change = (at: string, name: string, value: string | string[]) => {
    setValues((before) => ({ ...before, [at]: { ...before[at], [name]: value } }));
    setErrors(({ [`${at}.${name}`]: _cleared, ...rest }) => rest);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setConflict(false);
    const found = validateVisit(values, visitDate);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (!VISIT_SECTIONS.some((section) => isFilled(values[section.at] ?? {}))) {
      setErrors({ [FORM_LEVEL]: 'Fill in at least one section of the visit' });
      return;
    }
    setSaving(true);
    try {
      await client.visits.record.mutate(visitInputOf(page.patient.id, visitDate, values, current) as never);
      await refresh();
      onDone('Visit saved.');
    } catch (error) {
      if (isConflict(error)) setConflict(true);
      const fromServer: FieldErrors = {};
      for (const [path, message] of Object.entries(fieldErrorsOf(error))) fromServer[visitErrorKey(path)] ??= message;
      setErrors(
        Object.keys(fromServer).length ? fromServer : isConflict(error) ? {} : { [FORM_LEVEL]: errorMessage(error) },
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="record-form visit-form" onSubmit={submit} noValidate aria-label="Visit form">
      {conflict && (
        <div role="alert" className="error-box">
          <p>{CONFLICT_MESSAGE}</p>
          <button type="button" onClick={() => void refresh()}>
            Load their version
          </button>
        </div>
      )}
      {errors[FORM_LEVEL] && (
        <p role="alert" className="error">
          {errors[FORM_LEVEL]}
        </p>
      )}
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-visit-date`}>Visit date</label>
          <input
            id={`${id}-visit-date`}
            type="date"
            value={visitDate}
            onChange={(event) => setVisitDate(event.target.value)}
          />
          <span className="hint">dates left empty below are the visit date</span>
        </div>
      </div>
      {sections.map((section) => (
        <Section
          key={section.at}
          id={`${id}-${section.at}`}
          section={section}
          title={section.at === 'therapyChange.stop' && current ? `${section.title} (${current.agent})` : section.title}
          values={values[section.at] ?? {}}
          errors={errors}
          onChange={(name, value) => change(section.at, name, value)}
        />
      ))}
      <FormActions saving={saving} onCancel={() => onDone('')}>
        {saving ? 'Saving…' : 'Save visit'}
      </FormActions>
    </form>
  );
}

function Section({
  id,
  section,
  title,
  values,
  errors,
  onChange,
}: {
  id: string;
  section: VisitSection;
  title: string;
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  onChange: (name: string, value: string | string[]) => void;
}) {
  const errorOf = (name: string) => errors[`${section.at}.${name}`];
  const hasError = Object.keys(errors).some((key) => key.startsWith(`${section.at}.`));
  const [open, setOpen] = useState(false);
  return (
    <details open={open || hasError} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      {errorOf(FORM_LEVEL) && (
        <p role="alert" className="error">
          {errorOf(FORM_LEVEL)}
        </p>
      )}
      <div className="fields">
        {section.spec.fields.map((field) => (
          <Field
            key={field.name}
            id={`${id}-${field.name}`}
            field={field.name === section.visitDateField ? { ...field, hint: 'empty: the visit date' } : field}
            options={field.options ?? []}
            value={values[field.name] ?? ''}
            error={errorOf(field.name)}
            onChange={(value) => onChange(field.name, value)}
            onBlur={() => undefined}
          />
        ))}
      </div>
    </details>
  );
}

/** The "Record visit" button on the patient page and, once pressed, the visit form. */
export function VisitPanel({ page }: { page: PatientPage }) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState('');
  return (
    <section className="visit no-print" aria-label="Visit">
      {notice && <p role="status">{notice}</p>}
      {open ? (
        <VisitForm
          page={page}
          onDone={(message) => {
            setNotice(message);
            setOpen(false);
          }}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setNotice('');
            setOpen(true);
          }}
        >
          Record visit
        </button>
      )}
    </section>
  );
}
