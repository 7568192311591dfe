import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime, plural } from '../format.ts';
import { useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { FORMAT_CHOICES, isCancelled, manifestUrl } from './export-url.ts';

const formatLabel = (format: string) => FORMAT_CHOICES.find((choice) => choice.format === format)?.label ?? format;

const statusText = (run: { status: string; error: string | null; patientsDone: number; patientsTotal: number }) => {
  if (run.status === 'done') return 'done';
  if (run.status === 'running') return `running (${run.patientsDone} of ${run.patientsTotal})`;
  return isCancelled(run.error) ? 'cancelled' : `failed: ${run.error ?? 'unknown error'}`;
};

/** One's last ten exports, read only when opened (exports.recent). */
export function RecentExports() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const recent = useQuery({ ...trpc.exports.recent.queryOptions(), enabled: open });
  return (
    <details className="recent-exports" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Your recent exports</summary>
      {open && (
        <QueryState query={recent} loading="Loading your exports…">
          {(runs) =>
            runs.length === 0 ? (
              <p className="empty">No exports yet.</p>
            ) : (
              <ul>
                {runs.map((run) => (
                  <li key={run.id}>
                    {formatDateTime(run.startedAt)} · {formatLabel(run.format)}
                    {run.deidentified
                      ? ` · de-identified (${run.dates === 'relative' ? 'relative' : 'shifted'} dates)`
                      : ''}{' '}
                    · {plural(run.patientsTotal, 'patient')} ·{' '}
                    <span className={run.status === 'failed' ? 'error' : undefined}>{statusText(run)}</span>
                    {run.status === 'done' && (
                      <>
                        {' '}
                        ·{' '}
                        <a href={manifestUrl(run.id)} download>
                          manifest
                        </a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      )}
    </details>
  );
}
