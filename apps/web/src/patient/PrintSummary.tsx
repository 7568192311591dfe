import { labUnitLabel } from '@nmo/domain';
import type { PatientPage } from '../api-types.ts';
import { agentText, formatDate, formatDateTime, labTestText, phenotypeText, treatmentText, words } from '../format.ts';

const latestFirst = <T,>(items: T[], date: (item: T) => string) =>
  [...items].sort((a, b) => date(b).localeCompare(date(a)));

/** "; last dose 20 May 2026; next planned 15 Jan 2027": what a visit needs to know about dosing. */
function doseNote(administrations: { date: string; planned?: boolean }[]): string {
  const given = administrations.filter((a) => !a.planned).at(-1);
  const planned = administrations.filter((a) => a.planned).at(-1);
  return `${given ? `; last dose ${formatDate(given.date)}` : ''}${planned ? `; next planned ${formatDate(planned.date)}` : ''}`;
}

/**
 * The clinic-visit page: only shown when printing. The header, flags and EDSS chart print from the
 * page itself; this adds the therapy history, the last attacks and the latest results as tables.
 */
export function PrintSummary({ page }: { page: PatientPage }) {
  const { records } = page;
  const attacks = latestFirst(records.relapses, (r) => r.onsetDate).slice(0, 6);
  const therapies = latestFirst(records.therapies, (r) => r.startDate).slice(0, 6);
  const latest = <T extends { date: string }>(items: T[], keep: (item: T) => boolean) =>
    latestFirst(items.filter(keep), (r) => r.date)[0];
  const results: [string, string][] = [];
  const aqp4 = latest(records.antibodies, (r) => r.antibody === 'AQP4');
  if (aqp4)
    results.push(['AQP4-IgG', `${aqp4.result}${aqp4.titer ? ` 1:${aqp4.titer}` : ''} (${formatDate(aqp4.date)})`]);
  const mri = latest(records.mri, () => true);
  if (mri)
    results.push(['Last MRI', `${words(mri.region)}, ${mri.newT2Lesions ?? '?'} new T2 (${formatDate(mri.date)})`]);
  for (const eye of ['OD', 'OS'] as const) {
    const exam = latest(records.visualExams, (r) => r.eye === eye && r.logmar !== undefined);
    if (exam) results.push([`logMAR ${eye}`, `${exam.logmar} (${formatDate(exam.date)})`]);
  }
  const weight = latest(records.bodyWeights ?? [], () => true);
  if (weight) results.push(['Weight', `${weight.kg} kg (${formatDate(weight.date)})`]);
  const pregnancy = latestFirst(records.pregnancies ?? [], (r) => r.startDate)[0];
  if (pregnancy)
    results.push([
      'Pregnancy',
      pregnancy.endDate
        ? `${formatDate(pregnancy.startDate)} – ${formatDate(pregnancy.endDate)}${pregnancy.outcome ? `, ${words(pregnancy.outcome)}` : ''}`
        : `from ${formatDate(pregnancy.startDate)}, due ${pregnancy.expectedEndDate ? formatDate(pregnancy.expectedEndDate) : 'not recorded'}`,
    ]);
  for (const test of ['cd19_percent', 'igg'] as const) {
    const lab = latest(records.labs, (r) => r.test === test);
    if (lab)
      results.push([
        labTestText(test),
        `${lab.value ?? lab.result} ${labUnitLabel(lab.unit ?? '')} (${formatDate(lab.date)})`,
      ]);
  }
  return (
    <section className="print-only print-summary" aria-hidden="true">
      <div className="print-columns">
        <table>
          <caption>Maintenance therapy</caption>
          <tbody>
            {therapies.map((t) => (
              <tr key={t.id}>
                <td>{agentText(t.agent)}</td>
                <td>
                  {formatDate(t.startDate)} – {t.stopDate ? formatDate(t.stopDate) : 'ongoing'}
                  {t.stopReason ? ` (${words(t.stopReason)})` : ''}
                  {doseNote(t.administrations)}
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
        <table>
          <caption>Latest results</caption>
          <tbody>
            {results.map(([name, value]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">Printed {formatDateTime(new Date())} from the NMOSD cohort monitor.</p>
    </section>
  );
}
