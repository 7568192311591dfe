import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { Outputs } from '../api-types.ts';
import { AcknowledgeForm, type AcknowledgeValues } from '../flags/AcknowledgeForm.tsx';
import { flagTitle, formatDate, plural } from '../format.ts';
import { useTRPC, useTRPCClient } from '../trpc.ts';
import { Empty, QueryState } from '../ui/QueryState.tsx';
import { listKey, recallCursor } from './cursor-memory.ts';
import { Pager } from './Pager.tsx';
import { WorklistFilters } from './WorklistFilters.tsx';
import { WorklistTable } from './WorklistTable.tsx';
import {
  countsHeadline,
  type FlagKey,
  selectionKey,
  severityLine,
  type WorklistFilterValues,
  type WorklistItem,
  worklistInputOf,
} from './worklist-view.ts';

/** Patients per page. */
export const PAGE_SIZE = 20;
/** The most flags flags.acknowledgeMany takes at once. */
const MAX_AT_ONCE = 200;

type Selected = FlagKey & { label: string };

/** What the result line says after a bulk acknowledgement or snooze. */
export function resultText(result: Outputs['flags']['acknowledgeMany'], values: AcknowledgeValues): string {
  const count = result.acknowledgements.length;
  const what = `${plural(count, 'flag')} of ${plural(result.patients, 'patient')}`;
  const done = values.until ? `Snoozed ${what} until ${formatDate(values.until)}` : `Acknowledged ${what}`;
  const already = count - result.written;
  return `${done}: “${values.reason}”.${already > 0 ? ` ${already} of them already had this acknowledgement.` : ''}`;
}

const worklistRoute = getRouteApi('/worklist');

/**
 * What needs action now: every open, unacknowledged flag of the cohort, most pressing first, each
 * with its next step. Filters by flag, severity and current therapy; counts are the whole cohort's;
 * select flags (or the whole page) to acknowledge or snooze them together with one reason. Filters
 * and page live in the URL: Back from a patient and a shared link find the same list.
 */
export function WorklistPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { page: pageNumber, cursor, ...filters } = worklistRoute.useSearch();
  const setSearch = worklistRoute.useNavigate();
  const page = cursor ? pageNumber : 1;
  const [selected, setSelected] = useState<Map<string, Selected>>(new Map());
  const [acting, setActing] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const sent = useRef<Selected[]>([]);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);

  const input = worklistInputOf(filters, PAGE_SIZE, cursor);
  const worklist = useQuery({ ...trpc.cohort.worklist.queryOptions(input), placeholderData: keepPreviousData });
  const data = worklist.data;
  const onPage = (data?.items ?? []).flatMap((item) =>
    item.flags.map((flag) => [selectionKey(item.patientId, flag), entryOf(item, flag)] as const),
  );
  const pageKeys = new Set(onPage.map(([key]) => key));
  const selectedOnPage = [...pageKeys].filter((key) => selected.has(key)).length;

  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = selectedOnPage > 0 && selectedOnPage < pageKeys.size;
  });
  // A page emptied by acknowledgements (the last one, usually): go back to the one before, or to the
  // first when its cursor is not known in this tab.
  const listId = listKey('worklist', filters);
  useEffect(() => {
    if (!data || data.items.length > 0 || page === 1) return;
    const previous = page === 2 ? undefined : recallCursor(listId, page - 1);
    const back = previous ? { page: page - 1, cursor: previous } : { page: 1, cursor: undefined };
    void setSearch({ search: (current) => ({ ...current, ...back }), replace: true, resetScroll: false });
  }, [data, page, listId, setSearch]);

  const setFilters = (values: WorklistFilterValues) => {
    void setSearch({ search: values, resetScroll: false });
    setSelected(new Map());
    setActing(false);
  };
  const toggle = (entries: (readonly [string, Selected])[], checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const [key, entry] of entries) {
        if (checked) next.set(key, entry);
        else next.delete(key);
      }
      return next;
    });
  const nameOf = (path: string) => {
    const index = /^items\[(\d+)\]/.exec(path)?.[1];
    return index === undefined ? path : (sent.current[Number(index)]?.label ?? path);
  };

  return (
    <section className="worklist-page">
      <div className="page-head">
        <h1>Worklist</h1>
      </div>
      <p className="worklist-summary" aria-live="polite">
        {data ? (
          <>
            <strong>{countsHeadline(data.counts)}</strong>
            {data.counts.flags > 0 && <span className="muted"> · {severityLine(data.counts.bySeverity)}</span>}
            {worklist.isPlaceholderData && <span className="muted"> · updating…</span>}
          </>
        ) : (
          ' '
        )}
      </p>
      <WorklistFilters values={filters} counts={data?.counts} onChange={setFilters} />
      <p ref={resultRef} tabIndex={-1} role="status" className="saved worklist-result">
        {result}
      </p>
      <QueryState query={worklist} loading="Loading the worklist…">
        {(list) => (
          <>
            {list.items.length === 0 ? (
              <Empty>
                {filters.flagCode || filters.severity || filters.therapy
                  ? 'No open flags match these filters.'
                  : 'Nothing needs action: no patient has an open flag.'}
              </Empty>
            ) : (
              <>
                <div className="bulk-bar">
                  <label className="check">
                    <input
                      ref={selectAllRef}
                      type="checkbox"
                      checked={pageKeys.size > 0 && selectedOnPage === pageKeys.size}
                      onChange={(event) => toggle(onPage, event.target.checked)}
                    />
                    Select all {pageKeys.size} on this page
                  </label>
                  <span className="muted">{selected.size} selected</span>
                  {!acting && (
                    <button
                      type="button"
                      className="primary"
                      disabled={selected.size === 0}
                      onClick={() => {
                        setActing(true);
                        setResult(null);
                      }}
                    >
                      Acknowledge or snooze selected
                    </button>
                  )}
                  {selected.size > 0 && (
                    <button type="button" className="link-button" onClick={() => setSelected(new Map())}>
                      Clear selection
                    </button>
                  )}
                </div>
                {acting && selected.size > MAX_AT_ONCE && (
                  <p role="alert" className="error">
                    At most {MAX_AT_ONCE} flags can be acknowledged at once; {selected.size} are selected.
                  </p>
                )}
                {acting && selected.size > 0 && (
                  <AcknowledgeForm
                    className="bulk"
                    name="Acknowledge the selected flags"
                    submitText={(mode) =>
                      `${mode === 'snooze' ? 'Snooze' : 'Acknowledge'} ${plural(selected.size, 'flag')}`
                    }
                    nameOf={nameOf}
                    save={(values) => {
                      sent.current = [...selected.values()];
                      return client.flags.acknowledgeMany.mutate({
                        items: sent.current.map(({ patientId, code, flagDate }) => ({ patientId, code, flagDate })),
                        ...values,
                      });
                    }}
                    onDone={async (done, values) => {
                      setResult(resultText(done as Outputs['flags']['acknowledgeMany'], values));
                      setSelected(new Map());
                      setActing(false);
                      resultRef.current?.focus();
                      await Promise.all([
                        queryClient.invalidateQueries({ queryKey: trpc.cohort.pathKey() }),
                        queryClient.invalidateQueries({ queryKey: trpc.patients.pathKey() }),
                        queryClient.invalidateQueries({ queryKey: trpc.flags.pathKey() }),
                      ]);
                    }}
                    onCancel={() => setActing(false)}
                  />
                )}
                <div className="table-scroll">
                  <WorklistTable
                    items={list.items}
                    selected={selected}
                    onToggle={(item, flag, checked) =>
                      toggle([[selectionKey(item.patientId, flag), entryOf(item, flag)]], checked)
                    }
                  />
                </div>
              </>
            )}
            <Pager
              list={listId}
              page={page}
              cursor={cursor}
              total={list.total}
              pageSize={PAGE_SIZE}
              nextCursor={worklist.isPlaceholderData ? undefined : list.nextCursor}
              onPage={(next, nextCursor) => {
                void setSearch({
                  search: (current) => ({ ...current, page: next, cursor: nextCursor }),
                  resetScroll: false,
                });
                setSelected(new Map());
              }}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}

function entryOf(item: WorklistItem, flag: WorklistItem['flags'][number]): Selected {
  return {
    patientId: item.patientId,
    code: flag.code,
    flagDate: flag.date,
    label: `${flagTitle(flag.code)} of ${formatDate(flag.date)} for ${item.familyName}, ${item.givenName}`,
  };
}
