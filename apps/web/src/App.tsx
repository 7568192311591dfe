import { useEffect, useState } from 'react';

type Health = 'checking' | 'ok' | 'unavailable';

/** Placeholder until the dashboard lands: shows that the server and its database answer. */
export function App() {
  const [health, setHealth] = useState<Health>('checking');
  useEffect(() => {
    fetch('/healthz')
      .then((response) => setHealth(response.ok ? 'ok' : 'unavailable'))
      .catch(() => setHealth('unavailable'));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>NMOSD cohort monitor</h1>
      <p>
        Longitudinal monitoring for neuromyelitis optica spectrum disorder clinics: disability, antibodies, imaging,
        vision, attacks and therapies, with flags for what needs action.
      </p>
      <p role="status">
        Server and database: <strong>{health === 'checking' ? 'checking…' : health}</strong>
      </p>
      <p>The dashboard is being built; the API and the command line (`pnpm nmo`) are available.</p>
    </main>
  );
}
