import { type FormEvent, useId, useState } from 'react';
import { formErrorsOf, useTRPCClient } from '../trpc.ts';
import { FormActions } from '../ui/FormActions.tsx';

/**
 * Acknowledge a flag for good, or snooze it until a date; both need a reason, which the patient's
 * page and the audit log keep.
 */
export function AcknowledgeForm({
  patientId,
  code,
  flagDate,
  onDone,
  onCancel,
}: {
  patientId: string;
  code: string;
  flagDate: string;
  onDone: () => unknown;
  onCancel: () => void;
}) {
  const client = useTRPCClient();
  const id = useId();
  const [mode, setMode] = useState<'acknowledge' | 'snooze'>('acknowledge');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!reason.trim()) found.reason = 'is required: say why this flag needs no action now';
    if (mode === 'snooze' && !until) found.until = 'is required to snooze';
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await client.flags.acknowledge.mutate({
        patientId,
        code: code as never,
        flagDate,
        reason: reason.trim(),
        until: mode === 'snooze' ? until : null,
      });
      await onDone();
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="ack-form" onSubmit={submit} noValidate aria-label={`Acknowledge ${code}`}>
      {errors.form && (
        <p role="alert" className="error">
          {errors.form}
        </p>
      )}
      <fieldset className="inline">
        <legend className="sr-only">Action</legend>
        <label className="check">
          <input type="radio" checked={mode === 'acknowledge'} onChange={() => setMode('acknowledge')} /> Acknowledge
        </label>
        <label className="check">
          <input type="radio" checked={mode === 'snooze'} onChange={() => setMode('snooze')} /> Snooze until
        </label>
        {mode === 'snooze' && (
          <input
            type="date"
            aria-label="Snooze until"
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
        {mode === 'snooze' ? 'Snooze' : 'Acknowledge'}
      </FormActions>
    </form>
  );
}
