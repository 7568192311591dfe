import { type FormEvent, useId, useState } from 'react';
import { formErrorsOf } from '../trpc.ts';
import { FormActions } from '../ui/FormActions.tsx';

/** What the form collects: a reason, and for a snooze the day the flag shows again. */
export interface AcknowledgeValues {
  reason: string;
  until: string | null;
}

/**
 * Acknowledge flags for good, or snooze them until a date; both need a reason, which the patient's
 * page and the audit log keep. `save` sends it (one flag, or several at once); the server's field
 * errors show on the reason and date, and errors about single flags (`items[3]`) in a list, named by
 * `nameOf`.
 */
export function AcknowledgeForm({
  name,
  className,
  save,
  submitText = (mode) => (mode === 'snooze' ? 'Snooze' : 'Acknowledge'),
  nameOf = (path) => path,
  onDone,
  onCancel,
}: {
  /** The form's accessible name. */
  name: string;
  /** "bulk": laid out on one line above a list. */
  className?: string;
  save: (values: AcknowledgeValues) => Promise<unknown>;
  submitText?: (mode: 'acknowledge' | 'snooze') => string;
  /** Names the flag a field error's path points at (`items[3]`). */
  nameOf?: (path: string) => string;
  onDone: (result: unknown, values: AcknowledgeValues) => unknown;
  onCancel: () => void;
}) {
  const id = useId();
  const [mode, setMode] = useState<'acknowledge' | 'snooze'>('acknowledge');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!reason.trim()) found.reason = 'is required: say why this needs no action now';
    if (mode === 'snooze' && !until) found.until = 'is required to snooze';
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    const values = { reason: reason.trim(), until: mode === 'snooze' ? until : null };
    try {
      const result = await save(values);
      await onDone(result, values);
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setSaving(false);
    }
  }

  // Errors that belong to no field of this form: the whole request, or one flag of several.
  const others = Object.entries(errors).filter(([path]) => path !== 'reason' && path !== 'until');
  return (
    <form className={className ? `ack-form ${className}` : 'ack-form'} onSubmit={submit} noValidate aria-label={name}>
      {others.length > 0 && (
        <div role="alert" className="error">
          {others.map(([path, message]) => (
            <p key={path}>{path === 'form' ? message : `${nameOf(path)}: ${message}`}</p>
          ))}
        </div>
      )}
      <fieldset className="inline">
        <legend className="sr-only">Action</legend>
        <label className="check">
          <input type="radio" checked={mode === 'acknowledge'} onChange={() => setMode('acknowledge')} /> Acknowledge
        </label>
        <label className="check">
          <input type="radio" checked={mode === 'snooze'} onChange={() => setMode('snooze')} /> Snooze
        </label>
        {mode === 'snooze' && (
          <input
            type="date"
            aria-label="Snooze until (date)"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            aria-invalid={errors.until ? true : undefined}
            aria-describedby={errors.until ? `${id}-until` : undefined}
          />
        )}
      </fieldset>
      {errors.until && (
        <span id={`${id}-until`} className="field-error">
          Until {errors.until}
        </span>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
        />
        {errors.reason && (
          <span id={`${id}-reason-error`} className="field-error">
            Reason {errors.reason}
          </span>
        )}
      </div>
      <FormActions saving={saving} onCancel={onCancel}>
        {submitText(mode)}
      </FormActions>
    </form>
  );
}
