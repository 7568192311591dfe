import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, useTRPC, useTRPCClient } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { DateFormatSetting } from './DateFormatSetting.tsx';
import { mergeOverrides, readSetting, SETTING_GROUPS } from './setting-fields.ts';

type Settings = { inForce: unknown; defaults: unknown; overrides: Record<string, unknown> };

/** Monitoring intervals and thresholds of the clinic; saving recomputes every patient's flags. */
export function SettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  // Kept here: saving reloads the settings, which starts the form afresh.
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section>
      <h1>Rule settings</h1>
      <p className="muted">
        The numbers the flags use. Defaults come from the cited literature, drug labels and consensus recommendations
        (each flag names its source); a change applies to every patient at once and is kept in the audit log.
      </p>
      <QueryState query={settings} loading="Loading the settings…">
        {(data) => (
          <SettingsForm
            key={JSON.stringify(data.overrides)}
            settings={data as Settings}
            status={status}
            onSaved={setStatus}
          />
        )}
      </QueryState>
      <DateFormatSetting />
    </section>
  );
}

function SettingsForm({
  settings,
  status,
  onSaved,
}: {
  settings: Settings;
  status: string | null;
  onSaved: (status: string | null) => void;
}) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(
    SETTING_GROUPS.flatMap((group) => group.fields).map((field) => [
      field.path,
      String(readSetting(settings.inForce, field.path) ?? ''),
    ]),
  );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    onSaved(null);
    setErrors({});
    try {
      await client.settings.update.mutate({ overrides: mergeOverrides(settings.overrides, settings.defaults, values) });
      onSaved('Settings saved; every patient’s flags were recomputed.');
      await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
    } catch (error) {
      setErrors(formErrorsOf(error, (path) => path.replace(/^overrides\./, '')));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="settings-form">
      {errors.form && (
        <p role="alert" className="error">
          {errors.form}
        </p>
      )}
      {SETTING_GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.fields.map((field) => {
            const id = `setting-${field.path}`;
            const fallback = String(readSetting(settings.defaults, field.path));
            return (
              <div key={field.path} className="setting-row">
                <label htmlFor={id}>{field.label}</label>
                <input
                  id={id}
                  inputMode="decimal"
                  className="narrow"
                  value={values[field.path] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.path]: event.target.value })}
                  aria-invalid={errors[field.path] ? true : undefined}
                  aria-describedby={`${id}-unit${errors[field.path] ? ` ${id}-error` : ''}`}
                />
                <span id={`${id}-unit`} className="muted">
                  {field.unit}; default {fallback}
                  {values[field.path] !== fallback && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setValues({ ...values, [field.path]: fallback })}
                    >
                      use default
                    </button>
                  )}
                </span>
                {errors[field.path] && (
                  <span id={`${id}-error`} className="field-error">
                    {errors[field.path]}
                  </span>
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <p role="status" className="saved">
        {status}
      </p>
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving and recomputing flags…' : 'Save settings'}
      </button>
    </form>
  );
}
