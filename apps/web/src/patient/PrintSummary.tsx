import { labUnitLabel } from '@nmo/domain/vocabulary';
import type { PatientPage } from '../api-types.ts';
import {
  agentText,
  datesInText,
  flagTitle,
  formatDate,
  formatDateTime,
  labTestText,
  phenotypeText,
  treatmentText,
  words,
} from '../format.ts';
import { dateOf, type TimeAxis } from './charts/chart-data.ts';
import { EdssChart } from './charts/EdssChart.tsx';
import { usePrinting } from './print-mode.ts';
import { currentTherapies, datedEntries, latestOf } from './print-summary-data.ts';

/**
 * The course chart's width on paper, in CSS pixels (96 per inch): the narrower of A4 (210 mm) and
 * Letter (8.5 in, 215.9 mm) less the 10 mm margins each side is 190 mm, 718 px; 700 leaves room.
 */
export const PRINT_CHART_WIDTH = 700;

const latestFirst = <T,>(items: T[], date: (item: T) => string) =>
  [...items].sort((a, b) => date(b).localeCompare(date(a)));

type Therapy = PatientPage['records']['therapies'][number];

/** "last dose 20 May 2026; next planned 15 Jan 2027": what a visit needs to know about dosing. */
function doseNote(therapy: Therapy): string {
  const given = latestOf(therapy.administrations, (a) => !a.planned);
  const planned = latestOf(therapy.administrations, (a) => Boolean(a.planned));
  return [
    given ? `last dose ${formatDate(given.date)}` : 'no dose recorded',
    planned ? `next planned ${formatDate(planned.date)}` : 'no next dose planned',
  ].join('; ');
}

/** The latest results a visit reads: antibody, B cells, IgG, MRI, each eye, weight, pregnancy. */
function latestResults(page: PatientPage): [string, string][] {
  const { records } = page;
  const results: [string, string][] = [];
  const aqp4 = latestOf(records.antibodies, (r) => r.antibody === 'AQP4');
  if (aqp4)
    results.push(['AQP4-IgG', `${aqp4.result}${aqp4.titer ? ` 1:${aqp4.titer}` : ''} (${formatDate(aqp4.date)})`]);
  for (const test of ['cd19_percent', 'cd19_absolute', 'cd27_memory_b_percent', 'igg'] as const) {
    const lab = latestOf(records.labs, (r) => r.test === test);
    if (lab)
      results.push([
        labTestText(test),
        `${lab.value ?? lab.result} ${labUnitLabel(lab.unit ?? '')} (${formatDate(lab.date)})`,
      ]);
  }
  const mri = latestOf(records.mri);
  if (mri)
    results.push([
      'Last MRI',
      `${words(mri.region)}: ${mri.newT2Lesions ?? '?'} new T2${mri.gadolinium === undefined ? '' : mri.gadolinium ? ', enhancing' : ', no enhancement'} (${formatDate(mri.date)})`,
    ]);
  for (const eye of ['OD', 'OS'] as const) {
    const exam = latestOf(records.visualExams, (r) => r.eye === eye);
    if (!exam) continue;
    const parts = [
      exam.logmar === undefined ? null : `logMAR ${exam.logmar}`,
      exam.visualFieldMdDb === undefined ? null : `field MD ${exam.visualFieldMdDb} dB`,
      exam.rnflMicrons === undefined ? null : `RNFL ${exam.rnflMicrons} µm`,
    ].filter(Boolean);
    results.push([`Visual ${eye}`, `${parts.join(', ') || 'examined'} (${formatDate(exam.date)})`]);
  }
  const weight = latestOf(records.bodyWeights ?? []);
  if (weight) results.push(['Weight', `${weight.kg} kg (${formatDate(weight.date)})`]);
  const pregnancy = latestFirst(records.pregnancies ?? [], (r) => r.startDate)[0];
  if (pregnancy)
    results.push([
      'Pregnancy',
      pregnancy.endDate
        ? `${formatDate(pregnancy.startDate)} – ${formatDate(pregnancy.endDate)}${pregnancy.outcome ? `, ${words(pregnancy.outcome)}` : ''}`
        : `from ${formatDate(pregnancy.startDate)}, due ${pregnancy.expectedEndDate ? formatDate(pregnancy.expectedEndDate) : 'not recorded'}`,
    ]);
  return results;
}

/**
 * The clinic-visit summary, shown only on paper (A4 or Letter): the course chart redrawn at paper
 * width over the period chosen on screen (drawn only while printing), the most recent entry, open
 * flags, current therapy with its last and next dose, the therapy history, the last attacks and the
 * latest results. The page's own header prints above it; the screen's charts and lists do not print.
 */
export function PrintSummary({ page, axis }: { page: PatientPage; axis: TimeAxis }) {
  // Nothing is drawn or sorted for the screen: the summary exists only while printing.
  return usePrinting() ? <PrintedSummary page={page} axis={axis} /> : null;
}

function PrintedSummary({ page, axis }: { page: PatientPage; axis: TimeAxis }) {
  const { records } = page;
  const attacks = latestFirst(records.relapses, (r) => r.onsetDate).slice(0, 5);
  const history = latestFirst(records.therapies, (r) => r.startDate).slice(0, 5);
  const current = currentTherapies(records.therapies, page.asOf);
  const openFlags = page.flags.filter((flag) => flag.status === 'open');
  const latest = datedEntries(records, page.asOf)[0];
  return (
    <section className="print-only print-summary" aria-hidden="true">
      <h2>Course</h2>
      <EdssChart page={page} axis={axis} width={PRINT_CHART_WIDTH} />
      <p className="print-period">
        Shown: {formatDate(dateOf(axis.domain[0]))} to {formatDate(dateOf(axis.domain[1]))}.{' '}
        {latest ? `Most recent entry: ${latest.what}, ${formatDate(latest.date)}.` : 'Nothing recorded yet.'}
      </p>
      <table className="print-flags">
        <caption>Open flags ({openFlags.length})</caption>
        <tbody>
          {openFlags.length === 0 && (
            <tr>
              <td>None: nothing needs action as of {formatDate(page.asOf)}.</td>
            </tr>
          )}
          {openFlags.map((flag) => (
            <tr key={`${flag.code}-${flag.date}`}>
              <td>
                <strong>{flagTitle(flag.code)}</strong> {formatDate(flag.date)}
                {flag.acknowledgement ? ' (acknowledged)' : ''}
              </td>
              <td>{datesInText(flag.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="print-columns">
        <table>
          <caption>Current therapy</caption>
          <tbody>
            {current.length === 0 && (
              <tr>
                <td>No maintenance therapy</td>
              </tr>
            )}
            {current.map((t) => (
              <tr key={t.id}>
                <td>{agentText(t.agent)}</td>
                <td>
                  since {formatDate(t.startDate)}; {doseNote(t)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Therapy history</caption>
          <tbody>
            {history.map((t) => (
              <tr key={t.id}>
                <td>{agentText(t.agent)}</td>
                <td>
                  {formatDate(t.startDate)} – {t.stopDate ? formatDate(t.stopDate) : 'ongoing'}
                  {t.stopReason ? ` (${words(t.stopReason)})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Last attacks</caption>
          <tbody>
            {attacks.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(a.onsetDate)}</td>
                <td>
                  {phenotypeText(a.phenotype)}, {a.severity}
                  {a.acuteTreatments.length > 0
                    ? `; ${a.acuteTreatments.map((t) => `${treatmentText(t.type)} ${formatDate(t.startDate)}`).join(', ')}`
                    : '; untreated'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <table>
        <caption>Latest results</caption>
        <tbody>
          {latestResults(page).map(([name, value]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Printed {formatDateTime(new Date())} from the NMOSD cohort monitor.</p>
    </section>
  );
}
