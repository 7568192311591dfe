import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format.ts';
import { errorMessage, fieldErrorsOf, useTRPC } from '../trpc.ts';

interface Filters {
  actorEmail?: string;
  action?: string;
  from?: string;
  to?: string;
  success?: boolean;
}

const clean = (form: FormData): Filters => {
  const text = (name: string) => {
    const value = String(form.get(name) ?? '').trim();
    return value ? value : undefined;
  };
  const outcome = text('success');
  return {
    ...(text('actorEmail') ? { actorEmail: text('actorEmail') } : {}),
    ...(text('action') ? { action: text('action') } : {}),
    ...(text('from') ? { from: text('from') } : {}),
    ...(text('to') ? { to: text('to') } : {}),
    ...(outcome ? { success: outcome === 'true' } : {}),
  };
};

/** The audit log, newest first, with filters, paging and a CSV export of the same filters. */
export function AuditPage() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const fields = fieldErrorsOf(log.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilters(clean(new FormData(event.currentTarget)));
  };
  const exportUrl = `/api/audit/export?${new URLSearchParams(
    Object.entries(filters).map(([k, v]) => [k, String(v)]),
  ).toString()}`;
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={submit} aria-label="Audit log filters">
        <label>
          Who (email)
          <input name="actorEmail" />
        </label>
        <label>
          Action starts with
          <input name="action" placeholder="patient.read" />
        </label>
        <label>
          From
          <input name="from" type="date" aria-invalid={Boolean(fields.from)} />
          {fields.from && <span className="field-error">{fields.from}</span>}
        </label>
        <label>
          To
          <input name="to" type="date" aria-invalid={Boolean(fields.to)} />
          {fields.to && <span className="field-error">{fields.to}</span>}
        </label>
        <label>
          Outcome
          <select name="success" defaultValue="">
            <option value="">any</option>
            <option value="true">succeeded</option>
            <option value="false">failed</option>
          </select>
        </label>
        <button type="submit">Filter</button>
        <a className="button" href={exportUrl} download>
          Export CSV
        </a>
      </form>
      {log.isPending && <p role="status">Loading the audit log…</p>}
      {log.isError && !fields.from && !fields.to && (
        <p className="error" role="alert">
          {errorMessage(log.error)}
        </p>
      )}
      {log.isSuccess && rows.length === 0 && <p>No audit entries match these filters.</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Patient</th>
              <th scope="col">Address</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTime(row.at)}</td>
                <td>{row.actorEmail}</td>
                <td>
                  <code>{row.action}</code>
                </td>
                <td>{row.entityType ? `${row.entityType} ${row.entityId?.slice(0, 8) ?? ''}` : ''}</td>
                <td>{row.patientId?.slice(0, 8) ?? ''}</td>
                <td>{row.clientAddress ?? ''}</td>
                <td className={row.success ? '' : 'error'}>{row.success ? 'succeeded' : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
        </button>
      )}
    </section>
  );
}
