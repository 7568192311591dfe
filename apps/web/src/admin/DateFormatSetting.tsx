import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDate } from '../format.ts';
import { errorMessage, useTRPC } from '../trpc.ts';

/** The date locales the API accepts (settings.updateDisplay, docs/API.md). */
const DATE_LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-PT'] as const;
/** A date that shows day and month apart in every locale. */
const EXAMPLE_DATE = '2024-02-03';

/** How the dashboard writes dates for everyone at the clinic; saving recomputes nothing. */
export function DateFormatSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const display = useQuery(trpc.settings.display.queryOptions());
  const [choice, setChoice] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.updateDisplay.mutationOptions({
      onSuccess: async (saved) => {
        setStatus(`Dates are now shown as ${formatDate(EXAMPLE_DATE, saved.dateLocale)}.`);
        await queryClient.invalidateQueries({ queryKey: trpc.settings.display.queryKey() });
      },
    }),
  );
  const locale = choice ?? display.data?.dateLocale ?? 'en-GB';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ dateLocale: locale as (typeof DATE_LOCALES)[number] });
  };
  return (
    <form onSubmit={submit} aria-label="Date format" className="settings-form">
      <fieldset>
        <legend>Date format</legend>
        <div className="setting-row">
          <label htmlFor="setting-date-locale">Dates shown as</label>
          <select id="setting-date-locale" value={locale} onChange={(event) => setChoice(event.target.value)}>
            {DATE_LOCALES.map((option) => (
              <option key={option} value={option}>
                {formatDate(EXAMPLE_DATE, option)} ({option})
              </option>
            ))}
          </select>
          <span className="muted">for everyone at the clinic; forms and exports keep YYYY-MM-DD</span>
        </div>
      </fieldset>
      {save.isError && (
        <p role="alert" className="error">
          {errorMessage(save.error)}
        </p>
      )}
      <p role="status" className="saved">
        {status}
      </p>
      <button type="submit" disabled={save.isPending || display.isPending}>
        Save date format
      </button>
    </form>
  );
}
