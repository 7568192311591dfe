import { type ReactNode, useState } from 'react';
import type { FlagView, PatientPage } from '../api-types.ts';
import { AcknowledgeForm } from '../flags/AcknowledgeForm.tsx';
import { datesInText, flagTitle, formatDate, withKeys } from '../format.ts';
import { errorMessage, useTRPCClient } from '../trpc.ts';
import { SeverityChip } from '../ui/FlagChip.tsx';
import { useRefreshPatient } from './refresh.ts';

/**
 * What needs action for this patient, as a compact strip so the course stays above the fold: one line
 * per open flag (severity, title, date, the start of the message), opened for why (message), on what
 * evidence (source) and to acknowledge or snooze; then the acknowledged ones; then, collapsed, the
 * history of flags that were resolved by a later record or expired.
 */
export function FlagsPanel({ page }: { page: PatientPage }) {
  const live = page.flags.filter((flag) => flag.status === 'open');
  const open = live.filter((flag) => !flag.acknowledgement);
  const acknowledged = live.filter((flag) => flag.acknowledgement);
  const history = historyOf(page.flags);
  return (
    <section className="flags-panel" aria-labelledby="flags-heading">
      <h2 id="flags-heading">
        Needs action <span className="count">{open.length}</span>
      </h2>
      {open.length === 0 && <p className="empty">No open flags: nothing needs action as of {formatDate(page.asOf)}.</p>}
      <ul className="flag-list flag-strip">
        {byCode(open).map(([latest, ...earlier]) => (
          <FlagItem key={`${latest.code}-${latest.date}`} flag={latest} patientId={page.patient.id}>
            {earlier.length > 0 && (
              <details className="earlier">
                <summary>
                  {earlier.length} earlier {flagTitle(latest.code)} flag{earlier.length === 1 ? '' : 's'}
                </summary>
                <ul className="flag-list">
                  {earlier.map((flag) => (
                    <FlagItem key={`${flag.code}-${flag.date}`} flag={flag} patientId={page.patient.id} />
                  ))}
                </ul>
              </details>
            )}
          </FlagItem>
        ))}
      </ul>
      {acknowledged.length > 0 && (
        <details className="no-print">
          <summary>Acknowledged or snoozed ({acknowledged.length})</summary>
          <ul className="flag-list flag-strip">
            {acknowledged.map((flag) => (
              <FlagItem key={`${flag.code}-${flag.date}`} flag={flag} patientId={page.patient.id} />
            ))}
          </ul>
        </details>
      )}
      {history.length > 0 && <FlagHistory flags={history} />}
    </section>
  );
}

/** Resolved and expired flags, newest first (by the flag's date, then by when it closed). */
export function historyOf(flags: FlagView[]): FlagView[] {
  const closedOn = (flag: FlagView) => flag.resolvedOn ?? expiredOn(flag) ?? '';
  return flags
    .filter((flag) => flag.status !== 'open')
    .sort((a, b) => b.date.localeCompare(a.date) || closedOn(b).localeCompare(closedOn(a)));
}

const expiredOn = (flag: FlagView) => {
  const day = (flag.details as { expiredOn?: unknown }).expiredOn;
  return typeof day === 'string' ? day : null;
};

/** The flags that need nothing more: collapsed, below the open ones. */
function FlagHistory({ flags }: { flags: FlagView[] }) {
  const resolved = flags.filter((flag) => flag.status === 'resolved').length;
  const expired = flags.length - resolved;
  const parts = [resolved > 0 ? `${resolved} resolved` : '', expired > 0 ? `${expired} expired` : ''].filter(Boolean);
  return (
    <details className="flag-history no-print">
      <summary>History ({parts.join(', ')})</summary>
      <ul className="flag-list">
        {withKeys(flags, (flag) => `${flag.code}-${flag.date}-${flag.status}`).map(({ item: flag, key }) => (
          <li
            key={key}
            className={`flag-item closed ${flag.status}`}
            data-history-code={flag.code}
            data-status={flag.status}
          >
            <div className="flag-head">
              <SeverityChip severity={flag.severity} muted />
              <strong>{flagTitle(flag.code)}</strong>
              <span className="muted">{formatDate(flag.date)}</span>
              <span className={`status-badge ${flag.status}`}>{flag.status}</span>
            </div>
            {flag.status === 'resolved' ? (
              <p className="resolution">
                Resolved on {formatDate(flag.resolvedOn)}: {datesInText(flag.resolution ?? '')}
              </p>
            ) : (
              <p className="resolution">
                Expired{expiredOn(flag) ? ` on ${formatDate(expiredOn(flag))}` : ''}: it can no longer be acted on, and
                nothing recorded resolved it.
              </p>
            )}
            <p className="muted">{datesInText(flag.message)}</p>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Open flags by code, in the panel's order (most severe first), the latest of each code first. */
function byCode(flags: FlagView[]): [FlagView, ...FlagView[]][] {
  const groups = new Map<string, FlagView[]>();
  for (const flag of flags) groups.set(flag.code, [...(groups.get(flag.code) ?? []), flag]);
  return [...groups.values()].map(
    (group) => group.sort((a, b) => b.date.localeCompare(a.date)) as [FlagView, ...FlagView[]],
  );
}

function FlagItem({ flag, patientId, children }: { flag: FlagView; patientId: string; children?: ReactNode }) {
  const [acting, setActing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefreshPatient(patientId);
  const client = useTRPCClient();
  const ack = flag.acknowledgement;
  const message = datesInText(flag.message);
  return (
    <li className={`flag-item ${flag.severity}`} data-code={flag.code}>
      <details>
        <summary className="flag-line" title={message}>
          <SeverityChip severity={flag.severity} muted={Boolean(ack)} />
          <strong>{flagTitle(flag.code)}</strong>
          <span className="muted">{formatDate(flag.date)}</span>
          <span className="flag-line-message">{message}</span>
        </summary>
        <div className="flag-body">
          <p>{message}</p>
          <p className="source">Source: {flag.source}</p>
          {ack && (
            <p className="ack">
              {ack.until ? `Snoozed until ${formatDate(ack.until)}` : 'Acknowledged'} by {ack.by} on{' '}
              {formatDate(ack.at.slice(0, 10))}: “{ack.reason}”{' '}
              <button
                type="button"
                className="link-button no-print"
                onClick={async () => {
                  try {
                    await client.flags.withdraw.mutate({ acknowledgementId: ack.id });
                    await refresh();
                  } catch (caught) {
                    setError(errorMessage(caught));
                  }
                }}
              >
                Withdraw
              </button>
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {!ack &&
            (acting ? (
              <AcknowledgeForm
                name={`Acknowledge ${flagTitle(flag.code)}`}
                save={(values) =>
                  client.flags.acknowledge.mutate({ patientId, code: flag.code, flagDate: flag.date, ...values })
                }
                onDone={async () => {
                  setActing(false);
                  await refresh();
                }}
                onCancel={() => setActing(false)}
              />
            ) : (
              <button type="button" className="link-button no-print" onClick={() => setActing(true)}>
                Acknowledge or snooze
              </button>
            ))}
          {children}
        </div>
      </details>
    </li>
  );
}
