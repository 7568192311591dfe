import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ChangeEvent, useId, useState } from 'react';
import { useTRPC } from '../trpc.ts';
import { ImportReportView } from './ImportReport.tsx';
import { type UploadOutcome, uploadImport } from './import-upload.ts';

type Step = 'check' | 'import';

/** The last answer, and for which file and step it was (a new file starts over). */
interface Answer {
  file: File;
  step: Step;
  outcome: UploadOutcome;
}

/**
 * Imports an interchange JSON file or a CSV in the long layout: first a dry run that checks the
 * whole file against the database, then, for that same file only, the real import (all or nothing).
 */
export default function ImportPage() {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<Step | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [networkError, setNetworkError] = useState(false);
  // The check must be of this very file (choosing it again gives a new File: it may have changed on disk).
  const checkedOk =
    answer?.file === file && answer.step === 'check' && answer.outcome.kind === 'report' && answer.outcome.report.ok;

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    setAnswer(null);
    setNetworkError(false);
  };

  const send = async (step: Step) => {
    if (!file) return;
    setBusy(step);
    setNetworkError(false);
    try {
      const outcome = await uploadImport(file, step === 'check');
      setAnswer({ file, step, outcome });
      if (step === 'import' && outcome.kind === 'report' && outcome.report.ok)
        // New or changed patients: the overview, worklist, statistics and patient pages must reload.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.cohort.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.patients.pathKey() }),
        ]);
    } catch {
      setNetworkError(true);
    } finally {
      setBusy(null);
    }
  };

  const imported = answer?.step === 'import' && answer.outcome.kind === 'report' && answer.outcome.report.ok;
  return (
    <section className="import-page">
      <h1>Import</h1>
      <p className="intro">
        Accepted: an interchange JSON file, or a CSV in the long layout (one row per record, as the CSV long export
        writes it; a byte-order mark, CRLF line ends and “;” separators are fine). De-identified exports cannot be
        imported. The columns and fields are described in <code>docs/EXPORTS.md</code>.
      </p>
      <form className="card import-form" aria-label="Import a file" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-file`}>File (.csv or .json)</label>
          <input id={`${id}-file`} type="file" accept=".csv,.json" onChange={choose} disabled={busy !== null} />
        </div>
        <div className="actions">
          <button type="button" onClick={() => send('check')} disabled={!file || busy !== null}>
            Check file
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => send('import')}
            disabled={!checkedOk || busy !== null}
            aria-describedby={`${id}-import-hint`}
          >
            Import
          </button>
        </div>
        <p id={`${id}-import-hint`} className="hint">
          Import is possible once the check of this file found no problem. All or nothing: a file with any problem
          changes nothing.
        </p>
      </form>
      {/* Always present, so that screen readers announce the busy line when it appears. */}
      <div aria-live="polite">
        {busy && file && (
          <div className="export-progress">
            <progress aria-label={busy === 'check' ? 'Checking' : 'Importing'} />
            <span>
              {busy === 'check' ? 'Uploading and checking' : 'Uploading and importing'} {file.name}…
            </span>
          </div>
        )}
      </div>
      {networkError && (
        <p role="alert" className="error">
          The server could not be reached; check the connection and try again.
        </p>
      )}
      {!busy && answer?.outcome.kind === 'refused' && (
        <p role="alert" className="error">
          {answer.outcome.message}
        </p>
      )}
      {!busy && answer?.outcome.kind === 'report' && (
        <ImportReportView report={answer.outcome.report} fileName={answer.file.name} />
      )}
      {!busy && imported && (
        <p>
          <Link to="/">Open the cohort</Link> to see the imported patients.
        </p>
      )}
    </section>
  );
}
