import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';

type Count = number | string;
interface Share {
  cases: Count;
  met: Count | null;
  share: number | null;
}
interface Median {
  cases: Count;
  median: number | null;
}
interface Year {
  year: number;
  attacks: Count;
  treatedWithinDays: Share;
  onsetToIvmpDays: Median;
  onsetToPlexDays: Median;
  severeWithPlex: Share;
  vaccinatedOnTime: Share;
  monitoringUpToDate: Share;
}

const SHARES = [
  { key: 'treatedWithinDays', label: 'Attacks treated within 14 days', color: '#4e79a7' },
  { key: 'severeWithPlex', label: 'Severe attacks with plasma exchange', color: '#e15759' },
  { key: 'vaccinatedOnTime', label: 'Complement-inhibitor starts vaccinated on time', color: '#59a14f' },
  { key: 'monitoringUpToDate', label: 'Patients with monitoring up to date', color: '#b07aa1' },
] as const;
type ShareKey = (typeof SHARES)[number]['key'];
const MEDIANS = [
  { key: 'onsetToIvmpDays', label: 'Median days from onset to IVMP' },
  { key: 'onsetToPlexDays', label: 'Median days from onset to PLEX' },
] as const;

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const shareText = (figure: Share) =>
  figure.met === null ? `${figure.cases} (suppressed)` : `${figure.met} of ${figure.cases} (${percent(figure.share)})`;

interface Selected {
  year: number;
  indicator: ShareKey | (typeof MEDIANS)[number]['key'];
  met?: boolean;
}

/**
 * Care quality per year: how often the clinic met its own standards. Clinicians open any figure to
 * the patients behind it; researchers see the counts only (small cells suppressed).
 */
export function CareQuality({ withPatients = false }: { withPatients?: boolean }) {
  const trpc = useTRPC();
  const quality = useQuery(trpc.cohort.careQuality.queryOptions());
  const [selected, setSelected] = useState<Selected | null>(null);
  return (
    <QueryState query={quality} loading="Computing the care-quality indicators…">
      {(data) => {
        const years = data.years as Year[];
        const chart = years.map((year) => ({
          year: String(year.year),
          ...Object.fromEntries(
            SHARES.map(({ key }) => [key, year[key].share === null ? null : year[key].share * 100]),
          ),
        }));
        const open = (pick: Selected) => (withPatients ? () => setSelected(pick) : undefined);
        return (
          <>
            {data.privacy && (
              <p className="muted" role="note">
                Counts cover groups of at least {data.privacy.threshold} patients; a count under{' '}
                {data.privacy.threshold}, and a share whose met or missed cases number under it, are suppressed.
              </p>
            )}
            <figure className="chart card">
              <figcaption>
                <strong>Standards met per year (%)</strong>
              </figcaption>
              <LineChart width={720} height={240} data={chart} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="year" fontSize={11} />
                <YAxis domain={[0, 100]} fontSize={11} width={40} unit="%" />
                <Tooltip formatter={(value) => `${Math.round(Number(value))}%`} />
                <Legend />
                {SHARES.map(({ key, label, color }) => (
                  <Line
                    key={key}
                    dataKey={key}
                    name={label}
                    stroke={color}
                    connectNulls
                    dot
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </figure>
            <div className="table-scroll">
              <table className="care-quality">
                <caption>
                  The numbers behind the chart{withPatients ? ': open a figure to see its patients' : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col">Attacks</th>
                    {SHARES.map(({ key, label }) => (
                      <th scope="col" key={key}>
                        {label}
                      </th>
                    ))}
                    {MEDIANS.map(({ key, label }) => (
                      <th scope="col" key={key}>
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="care-quality-figures">
                  {[...years].reverse().map((year) => (
                    <tr key={year.year}>
                      <th scope="row">{year.year}</th>
                      <td>{year.attacks}</td>
                      {SHARES.map(({ key, label }) => {
                        const figure = year[key];
                        const handler = open({ year: year.year, indicator: key, met: false });
                        return (
                          <td key={key}>
                            {shareText(figure)}
                            {handler && figure.met !== null && Number(figure.cases) > Number(figure.met) && (
                              <>
                                {' '}
                                <button
                                  type="button"
                                  className="link-button"
                                  onClick={handler}
                                  aria-label={`${label}, ${year.year}: patients who missed it`}
                                >
                                  who missed it
                                </button>
                              </>
                            )}
                          </td>
                        );
                      })}
                      {MEDIANS.map(({ key, label }) => {
                        const figure = year[key];
                        const handler = open({ year: year.year, indicator: key });
                        return (
                          <td key={key}>
                            {figure.median === null ? '—' : `${figure.median} (${figure.cases})`}
                            {handler && figure.median !== null && (
                              <>
                                {' '}
                                <button
                                  type="button"
                                  className="link-button"
                                  onClick={handler}
                                  aria-label={`${label}, ${year.year}: patients`}
                                >
                                  patients
                                </button>
                              </>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {selected && withPatients && <PatientsBehind selected={selected} onClose={() => setSelected(null)} />}
          </>
        );
      }}
    </QueryState>
  );
}

function PatientsBehind({ selected, onClose }: { selected: Selected; onClose: () => void }) {
  const trpc = useTRPC();
  const patients = useQuery(trpc.cohort.careQualityPatients.queryOptions(selected));
  const label = [...SHARES, ...MEDIANS].find((item) => item.key === selected.indicator)?.label ?? '';
  return (
    <section className="card" aria-labelledby="patients-behind">
      <h2 id="patients-behind">
        {label}, {selected.year}
        {selected.met === false ? ': patients who missed it' : ': patients'}
      </h2>
      <QueryState query={patients} loading="Loading the patients…">
        {(list) => (
          <ul>
            {list.map((patient) => (
              <li key={patient.patientId}>
                <Link to="/patients/$patientId" params={{ patientId: patient.patientId }}>
                  {patient.familyName}, {patient.givenName}
                </Link>{' '}
                <span className="muted">{patient.mrn}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

/** The clinician's page. */
export default function CareQualityPage() {
  return (
    <section>
      <h1>Care quality</h1>
      <p className="muted">
        How often the clinic met its standards each year: acute treatment within 14 days of onset (NEMOS
        recommendations, Kümpfel et al. 2024), plasma exchange for severe attacks, meningococcal vaccination at least 14
        days before a complement inhibitor (SOLIRIS and ULTOMIRIS labels), and EDSS, MRI and visual exams within the
        clinic's intervals at the end of the year.
      </p>
      <CareQuality withPatients />
    </section>
  );
}
