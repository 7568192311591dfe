import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useEffect } from 'react';
import { errorMessage, useTRPC } from '../trpc.ts';
import { doneText, isCancelled, manifestUrl } from './export-url.ts';

const POLL_MS = 500;
/** NOT_FOUND answers tolerated while the browser's download request reaches the server (~6 s). */
const NOT_STARTED_RETRIES = 12;

const isNotFound = (error: unknown) =>
  error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'NOT_FOUND';

/**
 * Follows one export while the browser downloads it: exports.run every half second until it is
 * done or failed. The run exists only once the download request has reached the server, so
 * NOT_FOUND is retried for a few seconds before it counts as a failure.
 */
export function ExportProgress({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery({
    ...trpc.exports.run.queryOptions({ id: runId }),
    staleTime: 0,
    retry: (failures, error) => isNotFound(error) && failures < NOT_STARTED_RETRIES,
    retryDelay: POLL_MS,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const status = run.data?.status;
  useEffect(() => {
    // A finished run belongs at the top of the recent exports.
    if (status === 'done' || status === 'failed')
      void queryClient.invalidateQueries({ queryKey: trpc.exports.recent.queryKey() });
  }, [status, queryClient, trpc]);

  if (run.isError)
    return (
      <p role="alert" className="error">
        {isNotFound(run.error)
          ? 'The export did not start: the server never received the download. Try again.'
          : `Could not follow the export: ${errorMessage(run.error)}`}
      </p>
    );
  const data = run.data;
  if (data?.status === 'failed')
    return (
      <p role="alert" className="error">
        {isCancelled(data.error)
          ? 'Cancelled: the download stopped before the end, so the file is incomplete.'
          : `Failed: ${data.error ?? 'the server stopped the export'}. The file is incomplete.`}
      </p>
    );
  // One live region while the export runs, so each change of its text is announced.
  return (
    <div className="export-run" role="status">
      {!data ? (
        <div className="export-progress">
          <progress aria-label="Export progress" />
          <span>Starting the export…</span>
        </div>
      ) : data.status === 'done' ? (
        <p className="saved export-done">
          {doneText(data)}{' '}
          <a href={manifestUrl(data.id)} download>
            Manifest
          </a>
        </p>
      ) : (
        <div className="export-progress">
          <progress aria-label="Export progress" max={Math.max(1, data.patientsTotal)} value={data.patientsDone} />
          <span>
            {data.patientsDone} of {data.patientsTotal} patients
          </span>
        </div>
      )}
    </div>
  );
}
