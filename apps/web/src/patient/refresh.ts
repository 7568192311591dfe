import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../trpc.ts';

/**
 * After a change to a patient: reload the patient's page (records, flags, metrics, so the charts
 * and flags panel update without a page reload) and the cohort lists the change may move.
 */
export function useRefreshPatient(patientId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.patients.timeline.queryKey({ id: patientId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.cohort.pathKey() }),
      ]),
    [queryClient, trpc, patientId],
  );
}
