import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '../trpc.ts';

/** Patients with open flags, most severe first, with each flag's reason and source. */
export function WorklistPage() {
  const trpc = useTRPC();
  const worklist = useQuery(trpc.cohort.worklist.queryOptions({ limit: 25 }));
  return (
    <section>
      <h1>Worklist</h1>
      {worklist.isPending && <p role="status">Loading the worklist…</p>}
      {worklist.isError && <p className="error">{errorMessage(worklist.error)}</p>}
      {worklist.data?.items.length === 0 && <p>No patient needs action.</p>}
      {worklist.data?.items.map((item) => (
        <article key={item.patientId} className="card">
          <h2>
            {item.familyName}, {item.givenName} <span className="muted">{item.mrn}</span>
          </h2>
          <ul>
            {item.flags.map((flag) => (
              <li key={`${flag.code}-${flag.date}`}>
                <span className={`chip ${flag.severity}`}>{flag.code}</span> {flag.message}{' '}
                <span className="muted">Source: {flag.source}</span>
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
