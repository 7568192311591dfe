import { FLAG_CODES, SEVERITY_RANK } from '@nmo/domain';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Outputs } from '../api-types.ts';
import { AcknowledgeForm } from '../flags/AcknowledgeForm.tsx';
import { flagTitle } from '../format.ts';
import { linkHandler, patientPath } from '../router.ts';
import { useTRPC } from '../trpc.ts';
import { FlagChip } from '../ui/FlagChip.tsx';
import { Empty, QueryState } from '../ui/QueryState.tsx';

type WorklistItem = Outputs['cohort']['worklist']['items'][number];
type WorklistFlag = WorklistItem['flags'][number];
const PAGE_SIZE = 50;

/** The page's patients under each open flag code, most severe codes first. */
export function groupByFlag(items: WorklistItem[]) {
  type Entry = { item: WorklistItem; flag: WorklistFlag; earlier: number };
  const groups = new Map<string, { code: string; severity: WorklistFlag['severity']; entries: Entry[] }>();
  for (const item of items) {
    for (const flag of item.flags) {
      const group = groups.get(flag.code) ?? { code: flag.code, severity: flag.severity, entries: [] };
      if (SEVERITY_RANK[flag.severity] < SEVERITY_RANK[group.severity]) group.severity = flag.severity;
      // One entry per patient and code: the latest flag, with how many earlier ones it stands for.
      const same = group.entries.find((entry) => entry.item === item);
      if (!same) group.entries.push({ item, flag, earlier: 0 });
      else {
        same.earlier += 1;
        if (flag.date > same.flag.date) same.flag = flag;
      }
      groups.set(flag.code, group);
    }
  }
  return [...groups.values()].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.entries.length - a.entries.length,
  );
}

/** The source every entry of a group cites, said once under its heading; null when they differ. */
function sharedSource(entries: { flag: WorklistFlag }[]): string | null {
  const first = entries[0]?.flag.source ?? null;
  return entries.every((entry) => entry.flag.source === first) ? first : null;
}

/** Patients needing action, grouped by flag, each with its reason and source; acknowledge or snooze in place. */
export function WorklistPage({ navigate }: { navigate: (path: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [acting, setActing] = useState<string | null>(null);
  const cursor = cursors.at(-1);
  const input = {
    limit: PAGE_SIZE,
    ...(code ? { flagCodes: [code as (typeof FLAG_CODES)[number]] } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const worklist = useQuery({ ...trpc.cohort.worklist.queryOptions(input), placeholderData: keepPreviousData });
  return (
    <section>
      <div className="page-head">
        <h1>Worklist</h1>
        <div className="field inline">
          <label htmlFor="worklist-flag">Flag</label>
          <select
            id="worklist-flag"
            value={code}
            onChange={(event) => {
              setCode(event.target.value);
              setCursors([undefined]);
            }}
          >
            <option value="">all flags</option>
            {FLAG_CODES.map((value) => (
              <option key={value} value={value}>
                {flagTitle(value)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState query={worklist} loading="Loading the worklist…">
        {(data) => (
          <>
            <p className="muted">{data.total} patients need action.</p>
            {data.items.length === 0 && <Empty>No patient needs action.</Empty>}
            {groupByFlag(data.items)
              .filter((group) => !code || group.code === code)
              .map((group) => (
                <section key={group.code} className="card worklist-group" aria-labelledby={`group-${group.code}`}>
                  <h2 id={`group-${group.code}`}>
                    <FlagChip code={group.code} severity={group.severity} /> {flagTitle(group.code)}{' '}
                    <span className="count">{group.entries.length}</span>
                  </h2>
                  {sharedSource(group.entries) && <p className="source">Source: {sharedSource(group.entries)}</p>}
                  <ul>
                    {group.entries.map(({ item, flag, earlier }) => {
                      const key = `${item.patientId}-${flag.code}-${flag.date}`;
                      return (
                        <li key={key} className="worklist-entry">
                          <a
                            href={patientPath(item.patientId)}
                            onClick={linkHandler(navigate, patientPath(item.patientId))}
                          >
                            {item.familyName}, {item.givenName}
                          </a>{' '}
                          <span className="muted">
                            {item.mrn} · {flag.date}
                            {earlier > 0 ? ` · and ${earlier} earlier` : ''}
                          </span>
                          <p>{flag.message}</p>
                          {!sharedSource(group.entries) && <p className="source">Source: {flag.source}</p>}
                          {acting === key ? (
                            <AcknowledgeForm
                              patientId={item.patientId}
                              code={flag.code}
                              flagDate={flag.date}
                              onDone={async () => {
                                setActing(null);
                                await queryClient.invalidateQueries({ queryKey: trpc.cohort.pathKey() });
                              }}
                              onCancel={() => setActing(null)}
                            />
                          ) : (
                            <button type="button" className="link-button" onClick={() => setActing(key)}>
                              Acknowledge or snooze
                            </button>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((l) => l.slice(0, -1))}>
                Previous patients
              </button>
              <span>Page {cursors.length}</span>
              <button
                type="button"
                disabled={!data.nextCursor}
                onClick={() => setCursors((l) => [...l, data.nextCursor ?? undefined])}
              >
                Next patients
              </button>
            </nav>
          </>
        )}
      </QueryState>
    </section>
  );
}
