import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import ExportPanel from '../exports/ExportPanel.tsx';
import { agentText, flagTitle, formatNumber } from '../format.ts';
import { CareQuality } from '../quality/CareQualityPage.tsx';
import { OutcomeStatistics } from '../statistics/OutcomeStatistics.tsx';
import { fieldErrorsOf, useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { CohortFilters } from './CohortFilters.tsx';
import { NO_FILTERS, researchFiltersOf } from './cohort-filters.ts';

const homeRoute = getRouteApi('/');

const table = (title: string, counts: Record<string, number>, label: (key: string) => string = (key) => key) => (
  <table>
    <caption>{title}</caption>
    <tbody>
      {Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([key, count]) => (
          <tr key={key}>
            <th scope="row">{label(key)}</th>
            <td>{count}</td>
          </tr>
        ))}
    </tbody>
  </table>
);

/** Aggregates only: what researchers see of the cohort (no names, MRNs or dates). Filters live in the URL. */
export default function StatsPage() {
  const trpc = useTRPC();
  const { aqp4Status, mogStatus, therapy } = homeRoute.useSearch();
  const filters = { ...NO_FILTERS, aqp4Status, mogStatus, therapy };
  const navigate = homeRoute.useNavigate();
  const setFilters = (next: typeof NO_FILTERS) =>
    navigate({
      search: { aqp4Status: next.aqp4Status, mogStatus: next.mogStatus, therapy: next.therapy },
      resetScroll: false,
    });
  const stats = useQuery({
    ...trpc.cohort.stats.queryOptions(researchFiltersOf(filters)),
    placeholderData: keepPreviousData,
  });
  const errors = stats.isError ? fieldErrorsOf(stats.error) : {};
  const exportCount = stats.isPlaceholderData ? undefined : stats.data?.patients;
  return (
    <section>
      <h1>Cohort statistics</h1>
      <CohortFilters
        values={filters}
        onChange={setFilters}
        onClear={() => setFilters(NO_FILTERS)}
        errors={errors}
        withSearch={false}
        research
      />
      <QueryState query={stats} loading="Loading the statistics…">
        {(data) => {
          const arr = data.annualizedRelapseRate;
          const histogram = arr.histogram.map((bin) => ({
            label: bin.to === null ? `≥ ${bin.from}` : `${bin.from}–${bin.to}`,
            count: bin.count,
          }));
          return (
            <>
              {data.privacy && (
                <p className="muted" role="note">
                  To protect patients, statistics and exports cover only groups of at least {data.privacy.threshold}{' '}
                  patients sharing AQP4-IgG and MOG-IgG status and current therapy ({data.privacy.notCounted} of the
                  cohort are in smaller groups and not counted), and counts of flags and ARR bins are rounded to
                  multiples of {data.privacy.threshold} within each group.
                </p>
              )}
              <p>
                {data.patients} patients, {data.flagged} with open flags. Annualized relapse rate over{' '}
                {arr.patientsWithFollowUp} patients with follow-up: median {formatNumber(arr.median)} (IQR{' '}
                {formatNumber(arr.q1)}–{formatNumber(arr.q3)}), mean {formatNumber(arr.mean)}.
              </p>
              <figure className="chart card">
                <figcaption>
                  <strong>Annualized relapse rate (patients per bin)</strong>
                </figcaption>
                <BarChart width={640} height={220} data={histogram} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} width={40} />
                  <Tooltip />
                  <Bar dataKey="count" name="patients" fill="#4e79a7" isAnimationActive={false} />
                </BarChart>
              </figure>
              <div className="grid">
                {table('Patients by open flag', data.byFlag, flagTitle)}
                {table('Patients by current therapy', data.byTherapy, (key) =>
                  key === 'none' ? 'none' : agentText(key),
                )}
                {table('AQP4-IgG serostatus', data.byAqp4Status)}
                {table('MOG-IgG serostatus', data.byMogStatus)}
                {table('Most severe open flag', data.bySeverity)}
              </div>
            </>
          );
        }}
      </QueryState>
      <section aria-labelledby="outcomes">
        <h2 id="outcomes">Outcomes</h2>
        <OutcomeStatistics filters={researchFiltersOf(filters)} />
      </section>
      <section aria-labelledby="care-quality">
        <h2 id="care-quality">Care quality per year</h2>
        <CareQuality />
      </section>
      <ExportPanel
        exporter="researcher"
        filters={researchFiltersOf(filters)}
        patients={exportCount}
        filtersInvalid={Object.keys(errors).length > 0}
      />
    </section>
  );
}
