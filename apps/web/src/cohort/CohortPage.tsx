import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useDeferredValue, useState } from 'react';
import type { OverviewInput, OverviewRow } from '../api-types.ts';
import { agentText, formatDate, formatNumber } from '../format.ts';
import { RECORD_FORMS } from '../patient/records/form-specs.ts';
import { RecordForm } from '../patient/records/RecordForm.tsx';
import { linkHandler, patientPath } from '../router.ts';
import { fieldErrorsOf, useTRPC, useTRPCClient } from '../trpc.ts';
import { FlagChips } from '../ui/FlagChip.tsx';
import { Empty, QueryState } from '../ui/QueryState.tsx';
import { CohortFilters } from './CohortFilters.tsx';
import { type FilterValues, filtersOf, NO_FILTERS } from './cohort-filters.ts';
import { Pager } from './Pager.tsx';
import { SummaryCards } from './SummaryCards.tsx';

// Below the table and used now and then: loaded after the page, so sign-in stays light.
const ExportPanel = lazy(() => import('../exports/ExportPanel.tsx'));

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

/** The cohort: summary cards, filters, a sortable table paged by cursor, and a new-patient form. */
export function CohortPage({ navigate }: { navigate: (path: string) => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  const deferred = useDeferredValue(filters);
  const [sort, setSort] = useState<Sort>({ column: 'severity', direction: 'desc' });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [adding, setAdding] = useState(false);
  const cursor = cursors.at(-1);
  const input = { ...filtersOf(deferred), sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  const overview = useQuery({ ...trpc.cohort.overview.queryOptions(input), placeholderData: keepPreviousData });
  const filterErrors = overview.isError ? fieldErrorsOf(overview.error) : {};
  // The count on the export button must be the current filters' count, not the previous page's.
  const exportCount = overview.isPlaceholderData || filters !== deferred ? undefined : overview.data?.total;

  const changeFilters = (next: FilterValues) => {
    setFilters(next);
    setCursors([undefined]);
  };
  const sortBy = (column: Sort['column']) => {
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { column, direction: column === 'severity' || column === 'daysOverdue' ? 'desc' : 'asc' },
    );
    setCursors([undefined]);
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
        <RecordForm
          spec={RECORD_FORMS.patient}
          submitLabel="Create patient"
          onSubmit={async (data) => {
            const created = await client.patients.create.mutate({ data: data as never });
            navigate(patientPath(created.id));
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <SummaryCards filters={deferred} />
      <CohortFilters
        values={filters}
        onChange={changeFilters}
        onClear={() => changeFilters(NO_FILTERS)}
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
                                <a
                                  href={patientPath(row.patientId)}
                                  onClick={linkHandler(navigate, patientPath(row.patientId))}
                                >
                                  {row.familyName}, {row.givenName}
                                </a>
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
                cursors={cursors}
                total={data.total}
                pageSize={PAGE_SIZE}
                nextCursor={data.nextCursor}
                setCursors={setCursors}
              />
            </>
          )}
        </QueryState>
      )}
      <Suspense fallback={null}>
        <ExportPanel
          exporter="clinician"
          filters={filtersOf(deferred)}
          patients={exportCount}
          filtersInvalid={Object.keys(filterErrors).length > 0}
        />
      </Suspense>
    </section>
  );
}
