import { getRouteApi } from '@tanstack/react-router';
import type { PatientSearch } from './search-params.ts';

const patientRoute = getRouteApi('/patients/$patientId');

/*
 * The patient page's view choices kept in its URL (the records tab, the charts' period): a reload or
 * a shared link shows the same. A change replaces the history entry, so Back leaves the patient for
 * the list it was opened from.
 */
function useSetView() {
  const navigate = patientRoute.useNavigate();
  return (change: Partial<PatientSearch>) =>
    void navigate({ search: (current) => ({ ...current, ...change }), replace: true, resetScroll: false });
}

/** The records tab shown (`?tab=`). */
export function useRecordsTab() {
  const setView = useSetView();
  const tab = patientRoute.useSearch().tab;
  return [tab, (next: PatientSearch['tab']) => setView({ tab: next })] as const;
}

/** The charts' period (`?period=`). */
export function useChartPeriod() {
  const setView = useSetView();
  const period = patientRoute.useSearch().period;
  return [period, (next: PatientSearch['period']) => setView({ period: next })] as const;
}
