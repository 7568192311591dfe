import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '../trpc.ts';

/** The cohort, most severe open flag first (the full overview with filters comes with the dashboard). */
export function CohortPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.cohort.overview.queryOptions({ limit: 50 }));
  return (
    <section>
      <h1>Cohort</h1>
      {overview.isPending && <p role="status">Loading the cohort…</p>}
      {overview.isError && <p className="error">{errorMessage(overview.error)}</p>}
      {overview.data && (
        <>
          <p className="muted">{overview.data.total} patients</p>
          <table>
            <thead>
              <tr>
                <th scope="col">MRN</th>
                <th scope="col">Name</th>
                <th scope="col">Age</th>
                <th scope="col">AQP4</th>
                <th scope="col">Therapy</th>
                <th scope="col">Last EDSS</th>
                <th scope="col">Open flags</th>
              </tr>
            </thead>
            <tbody>
              {overview.data.items.map((row) => (
                <tr key={row.patientId}>
                  <td>{row.mrn}</td>
                  <td>
                    {row.familyName}, {row.givenName}
                  </td>
                  <td>{row.age}</td>
                  <td>{row.aqp4Status}</td>
                  <td>{row.currentTherapies.join(', ') || 'none'}</td>
                  <td>{row.lastEdss?.score ?? '–'}</td>
                  <td>
                    {row.openFlags.map((flag) => (
                      <span key={`${flag.code}-${flag.date}`} className={`chip ${flag.severity}`}>
                        {flag.code}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
