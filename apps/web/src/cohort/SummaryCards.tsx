import { useQuery } from '@tanstack/react-query';
import { agentText, formatNumber } from '../format.ts';
import { useTRPC } from '../trpc.ts';
import { type FilterValues, statsFiltersOf } from './cohort-filters.ts';

/** Patients, flagged, median ARR and therapy mix of the filtered cohort (word search aside). */
export function SummaryCards({ filters }: { filters: FilterValues }) {
  const trpc = useTRPC();
  const stats = useQuery({
    ...trpc.cohort.stats.queryOptions(statsFiltersOf(filters)),
    placeholderData: (last) => last,
  });
  const data = stats.data;
  const mix = Object.entries(data?.byTherapy ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4);
  const arr = data?.annualizedRelapseRate;
  return (
    <section className="cards" aria-label="Cohort summary" aria-busy={stats.isFetching}>
      <div className="card stat">
        <span className="stat-label">Patients</span>
        <span className="stat-value">{data ? data.patients : '…'}</span>
      </div>
      <div className="card stat">
        <span className="stat-label">With open flags</span>
        <span className="stat-value">{data ? data.flagged : '…'}</span>
        {data && data.patients > 0 && (
          <span className="muted">
            {Math.round((100 * data.flagged) / data.patients)}%; {data.bySeverity.critical ?? 0} critical
          </span>
        )}
      </div>
      <div className="card stat">
        <span className="stat-label">Median ARR</span>
        <span className="stat-value">{arr ? formatNumber(arr.median) : '…'}</span>
        {arr && arr.q1 !== null && (
          <span className="muted">
            IQR {formatNumber(arr.q1)}–{formatNumber(arr.q3)}
          </span>
        )}
      </div>
      <div className="card stat mix">
        <span className="stat-label">Therapy mix</span>
        {stats.isError && <span className="error">Could not load the summary.</span>}
        <ul>
          {mix.map(([agent, count]) => (
            <li key={agent}>
              <span>{agent === 'none' ? 'none' : agentText(agent)}</span>
              <span className="bar" style={{ width: `${data?.patients ? (60 * count) / data.patients : 0}%` }} />
              <span>{count}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
