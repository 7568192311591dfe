import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '../trpc.ts';

const table = (title: string, counts: Record<string, number>) => (
  <table>
    <caption>{title}</caption>
    <tbody>
      {Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([key, count]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{count}</td>
          </tr>
        ))}
    </tbody>
  </table>
);

/** Aggregates only: what researchers see of the cohort (no names, MRNs or dates). */
export function StatsPage() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.cohort.stats.queryOptions());
  return (
    <section>
      <h1>Cohort statistics</h1>
      {stats.isPending && <p role="status">Loading…</p>}
      {stats.isError && <p className="error">{errorMessage(stats.error)}</p>}
      {stats.data && (
        <>
          <p>
            {stats.data.patients} patients, {stats.data.flagged} with open flags; median ARR{' '}
            {stats.data.annualizedRelapseRate.median?.toFixed(2) ?? '–'}.
          </p>
          <div className="grid">
            {table('Patients by open flag', stats.data.byFlag)}
            {table('Patients by current therapy', stats.data.byTherapy)}
            {table('AQP4-IgG serostatus', stats.data.byAqp4Status)}
          </div>
        </>
      )}
    </section>
  );
}
