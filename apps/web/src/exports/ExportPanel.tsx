import { type FormEvent, useId, useState } from 'react';
import { plural } from '../format.ts';
import { ExportProgress } from './ExportProgress.tsx';
import { type ExportRefusal, newRunId, preflightExport, startDownload } from './export-download.ts';
import {
  calendarDateFormatName,
  type DateMode,
  DEFAULT_EXPORT,
  type ExportFilters,
  type ExportFormat,
  type ExportOptions,
  type ExportRole,
  effectiveOptions,
  exportUrl,
  formatAllowed,
  formatsFor,
  relativeDatesAllowed,
} from './export-url.ts';
import { RecentExports } from './RecentExports.tsx';

/** Controls whose field errors are shown beside them; any other (a filter) goes in the summary. */
const OWN_FIELDS = ['format', 'dates', 'deidentify'];

/**
 * Exports the patients the page's filters select. The server is asked first (check=1) so that a
 * refusal appears here; then the browser downloads the file itself while exports.run shows progress.
 */
export default function ExportPanel({
  exporter: role,
  filters,
  patients,
  filtersInvalid = false,
}: {
  /** Who exports: researchers always get de-identified files and no JSON. */
  exporter: ExportRole;
  filters: ExportFilters;
  /** How many patients the filters select (the overview's total, stats.patients); undefined while loading. */
  patients: number | undefined;
  filtersInvalid?: boolean;
}) {
  const id = useId();
  const [options, setOptions] = useState<ExportOptions>(() => ({
    ...DEFAULT_EXPORT,
    deidentify: role === 'researcher',
  }));
  const [checking, setChecking] = useState(false);
  const [refusal, setRefusal] = useState<ExportRefusal | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const effective = effectiveOptions(role, options);
  const fieldErrors = refusal?.fieldErrors ?? {};
  const otherErrors = Object.entries(fieldErrors).filter(([path]) => !OWN_FIELDS.includes(path));

  const change = (next: Partial<ExportOptions>) => {
    setRefusal(null);
    setOptions((current) => {
      const merged = { ...current, ...next };
      // Keep the choice consistent instead of offering what the server would refuse.
      if (!formatAllowed(merged.format, role === 'researcher' || merged.deidentify)) merged.format = 'csv';
      if (!relativeDatesAllowed(merged.format)) merged.dates = 'shift';
      return merged;
    });
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setRefusal(null);
    try {
      const refused = await preflightExport(exportUrl(role, options, filters, { check: true }));
      if (refused) {
        setRefusal(refused);
        return;
      }
      const nextRun = newRunId();
      startDownload(exportUrl(role, options, filters, { runId: nextRun }));
      setRunId(nextRun);
    } catch {
      setRefusal({
        status: 0,
        message: 'The server could not be reached; check the connection and try again',
        fieldErrors: {},
      });
    } finally {
      setChecking(false);
    }
  };

  const errorId = (name: string) => (fieldErrors[name] ? `${id}-${name}-error` : undefined);
  const fieldError = (name: string) =>
    fieldErrors[name] && (
      <span id={`${id}-${name}-error`} className="field-error">
        {fieldErrors[name]}
      </span>
    );

  return (
    <section className="card export-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Export these patients</h2>
      <form onSubmit={start} aria-label="Export">
        <fieldset className="inline">
          <legend>Format</legend>
          {formatsFor(role).map((choice) => (
            <label key={choice.format} className="check" title={choice.hint}>
              <input
                type="radio"
                name={`${id}-format`}
                value={choice.format}
                checked={options.format === choice.format}
                disabled={!formatAllowed(choice.format, effective.deidentify)}
                onChange={() => change({ format: choice.format as ExportFormat })}
                aria-invalid={fieldErrors.format ? true : undefined}
                aria-describedby={errorId('format')}
              />
              {choice.label} <span className="hint">({choice.hint})</span>
            </label>
          ))}
          {fieldError('format')}
        </fieldset>
        {role === 'researcher' ? (
          <p className="deidentify-note">
            <label className="check">
              <input type="checkbox" checked disabled />
              De-identify
            </label>
            <span className="hint">Always on for researchers: files carry subject IDs instead of names and MRNs.</span>
          </p>
        ) : (
          <p className="deidentify-note">
            <label className="check">
              <input
                type="checkbox"
                checked={options.deidentify}
                onChange={(event) => change({ deidentify: event.target.checked })}
                aria-describedby={errorId('deidentify')}
              />
              De-identify
            </label>
            <span className="hint">
              Subject IDs instead of names and MRNs; the JSON interchange file is identified.
            </span>
            {fieldError('deidentify')}
          </p>
        )}
        {effective.deidentify && (
          <fieldset className="inline">
            <legend>Dates</legend>
            {(
              [
                ['shift', 'shifted (keeps intervals)'],
                ['relative', 'days since first attack'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name={`${id}-dates`}
                  value={value}
                  checked={effective.dates === value}
                  disabled={value === 'relative' && !relativeDatesAllowed(options.format)}
                  onChange={() => change({ dates: value as DateMode })}
                  aria-invalid={fieldErrors.dates ? true : undefined}
                  aria-describedby={errorId('dates')}
                />
                {label}
              </label>
            ))}
            {!relativeDatesAllowed(options.format) && (
              <span className="hint">
                {calendarDateFormatName(options.format)} has calendar dates only, so they are shifted.
              </span>
            )}
            {fieldError('dates')}
          </fieldset>
        )}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={checking || filtersInvalid || patients === undefined || patients === 0}
          >
            {patients === undefined ? 'Export' : `Export ${plural(patients, 'patient')}`}
          </button>
          <span role="status" className="muted">
            {checking ? 'Checking…' : ''}
          </span>
          {patients === 0 && <span className="muted">No patient matches these filters.</span>}
          {filtersInvalid && <span className="muted">Correct the filters first.</span>}
        </div>
      </form>
      {refusal && (
        <div role="alert" className="error-box">
          <p>{refusal.message}</p>
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([path, message]) => (
                <li key={path}>
                  {path.replace(/^filters\./, '')}: {message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {runId && <ExportProgress key={runId} runId={runId} />}
      <RecentExports />
    </section>
  );
}
