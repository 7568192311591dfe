import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import type { OverviewInput, OverviewRow } from '../api-types.ts';
import { agentText, formatDate, formatNumber } from '../format.ts';
import { useDraft } from '../layout/use-draft.ts';
import { fieldErrorsOf, useTRPC } from '../trpc.ts';
import { FlagChips } from '../ui/FlagChip.tsx';
import { Empty, QueryState } from '../ui/QueryState.tsx';
import { CohortFilters } from './CohortFilters.tsx';
import { type FilterValues, filtersOf, NO_FILTERS } from './cohort-filters.ts';
import { listKey } from './cursor-memory.ts';
import { Pager } from './Pager.tsx';
import { SummaryCards } from './SummaryCards.tsx';

// Below the table and used now and then: loaded after the page, so sign-in stays light.
const ExportPanel = lazy(() => import('../exports/ExportPanel.tsx'));
// The form brings the record schemas (zod) with it: loaded when asked for.
const NewPatientForm = lazy(() => import('./NewPatientForm.tsx'));

type Sort = NonNullable<OverviewInput['sort']>;
const PAGE_SIZE = 25;

const COLUMNS: { label: string; sort: Sort['column']; cell: (row: OverviewRow) => React.ReactNode }[] = [
  { label: 'MRN', sort: 'mrn', cell: (row) => row.mrn },
  { label: 'Name', sort: 'name', cell: () => null },
  { label: 'Age', sort: 'age', cell: (row) => row.age },
  { label: 'AQP4', sort: 'aqp4Status', cell: (row) => row.aqp4Status },
  {
    label: 'Therapy',
    sort: 'currentTherapy',
    cell: (row) => row.currentTherapies.map(agentText).join(', ') || <span className="muted">none</span>,
  },
  { label: 'Last EDSS', sort: 'lastEdss', cell: (row) => row.lastEdss?.score ?? '–' },
  { label: 'ARR', sort: 'arr', cell: (row) => formatNumber(row.annualizedRelapseRate) },
  { label: 'Attacks', sort: 'attacks', cell: (row) => row.attackCount },
  {
    label: 'Open flags',
    sort: 'severity',
    cell: (row) => <FlagChips flags={row.openFlags} max={4} />,
  },
  { label: 'Overdue (days)', sort: 'daysOverdue', cell: (row) => (row.maxDaysOverdue > 0 ? row.maxDaysOverdue : '') },
  { label: 'Last visit', sort: 'lastVisit', cell: (row) => formatDate(row.lastVisitDate) },
];

const cohortRoute = getRouteApi('/');

/**
 * The cohort: summary cards, filters, a sortable table paged by cursor, and a new-patient form.
 * Filters, sort and page live in the URL (layout/search-params.ts): Back from a patient and a shared
 * link find the same list.
 */
export function CohortPage() {
  const trpc = useTRPC();
  const { page, cursor, sort: column, direction, ...shown } = cohortRoute.useSearch();
  const setSearch = cohortRoute.useNavigate();
  // Typing on in the search box replaces the history entry (Back skips the keystrokes); starting or
  // clearing a search, and any other change, adds one.
  const [filters, setFilters] = useDraft<FilterValues>(shown, (next, previous) =>
    setSearch({
      search: { ...next, sort: column, direction },
      replace: next.search !== previous.search && next.search !== '' && previous.search !== '',
      resetScroll: false,
    }),
  );
  const sort: Sort = { column, direction };
  const [adding, setAdding] = useState(false);
  const input = { ...filtersOf(shown), sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  const overview = useQuery({ ...trpc.cohort.overview.queryOptions(input), placeholderData: keepPreviousData });
  const filterErrors = overview.isError ? fieldErrorsOf(overview.error) : {};
  // The count on the export button must be the current filters' count, not the previous page's.
  const exportCount =
    overview.isPlaceholderData || JSON.stringify(filters) !== JSON.stringify(shown) ? undefined : overview.data?.total;

  const sortBy = (next: Sort['column']) => {
    const firstDirection = next === 'severity' || next === 'daysOverdue' ? 'desc' : 'asc';
    const flipped = direction === 'asc' ? 'desc' : 'asc';
    void setSearch({
      search: { ...shown, sort: next, direction: next === column ? flipped : firstDirection },
      resetScroll: false,
    });
  };

  return (
    <section>
      <div className="page-head">
        <h1>Cohort</h1>
        <button type="button" className="primary" onClick={() => setAdding((value) => !value)} aria-expanded={adding}>
          New patient
        </button>
      </div>
      {adding && (
        <Suspense
          fallback={
            <p role="status" className="loading">
              Loading the form…
            </p>
          }
        >
          <NewPatientForm onCancel={() => setAdding(false)} />
        </Suspense>
      )}
      <SummaryCards filters={shown} />
      <CohortFilters
        values={filters}
        onChange={setFilters}
        onClear={() => setFilters(NO_FILTERS)}
        errors={filterErrors}
      />
      {Object.keys(filterErrors).length > 0 ? (
        <p role="alert" className="error">
          Some filters are not valid; see the marked fields.
        </p>
      ) : (
        <QueryState query={overview} loading="Loading the cohort…">
          {(data) => (
            <>
              <p className="muted" aria-live="polite">
                {data.total} patients{overview.isFetching ? ' (updating…)' : ''}
              </p>
              {data.items.length === 0 ? (
                <Empty>No patient matches these filters.</Empty>
              ) : (
                <div className="table-scroll">
                  <table className="cohort-table">
                    <thead>
                      <tr>
                        {COLUMNS.map((column) => (
                          <th
                            key={column.sort}
                            scope="col"
                            aria-sort={
                              sort.column === column.sort
                                ? sort.direction === 'asc'
                                  ? 'ascending'
                                  : 'descending'
                                : undefined
                            }
                          >
                            <button type="button" className="sort" onClick={() => sortBy(column.sort)}>
                              {column.label}
                              <span aria-hidden="true">
                                {sort.column === column.sort ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                              </span>
                            </button>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((row) => (
                        <tr key={row.patientId}>
                          {COLUMNS.map((column) =>
                            column.sort === 'name' ? (
                              <td key="name">
                                <Link to="/patients/$patientId" params={{ patientId: row.patientId }}>
                                  {row.familyName}, {row.givenName}
                                </Link>
                              </td>
                            ) : (
                              <td key={column.sort}>{column.cell(row)}</td>
                            ),
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Pager
                list={listKey('cohort', { ...shown, sort: column, direction })}
                page={cursor ? page : 1}
                cursor={cursor}
                total={data.total}
                pageSize={PAGE_SIZE}
                // A page still showing the previous filters' or sort's rows must not hand on their cursor.
                nextCursor={overview.isPlaceholderData ? undefined : data.nextCursor}
                onPage={(next, nextCursor) =>
                  setSearch({
                    search: { ...shown, sort: column, direction, page: next, cursor: nextCursor },
                    resetScroll: false,
                  })
                }
              />
            </>
          )}
        </QueryState>
      )}
      <Suspense fallback={null}>
        <ExportPanel
          exporter="clinician"
          filters={filtersOf(shown)}
          patients={exportCount}
          filtersInvalid={Object.keys(filterErrors).length > 0}
        />
      </Suspense>
    </section>
  );
}
