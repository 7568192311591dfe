import { ageInYears, DIAGNOSIS_LABELS } from '@nmo/domain/vocabulary';
import { useState } from 'react';
import type { PatientPage } from '../api-types.ts';
import { agentText, formatDate, formatNumber, plural, words } from '../format.ts';
import { useTRPCClient } from '../trpc.ts';
import { printSummary } from './print-mode.ts';
import { RECORD_FORMS } from './records/form-specs.ts';
import { RecordForm } from './records/RecordForm.tsx';
import { useRefreshPatient } from './refresh.ts';

/** Who the patient is and where the disease stands, in one block at the top of the page. */
export function PatientHeader({ page }: { page: PatientPage }) {
  const { patient, metrics } = page;
  const [editing, setEditing] = useState(false);
  const client = useTRPCClient();
  const refresh = useRefreshPatient(patient.id);
  const working = patient.workingDiagnosis;
  const diagnosisText = `${DIAGNOSIS_LABELS[working.diagnosis]}${working.basis === 'serostatus' ? ' (from serostatus)' : ''}`;
  const therapies = metrics.currentTherapies.map(agentText).join(', ') || 'none';
  const facts: [string, string][] = [
    ['MRN', patient.mrn],
    ['Age', `${ageInYears(patient.birthDate, page.asOf)} (born ${formatDate(patient.birthDate)})`],
    ['Sex', patient.sex],
    ['AQP4-IgG', patient.aqp4Status ?? 'unknown'],
    ['MOG-IgG', patient.mogStatus ?? 'unknown'],
    ['Diagnosis', patient.diagnosis ? DIAGNOSIS_LABELS[patient.diagnosis] : 'not recorded'],
    ['Diagnosed on', patient.diagnosisDate ? formatDate(patient.diagnosisDate) : 'not recorded'],
    ['First attack', patient.firstAttackDate ? formatDate(patient.firstAttackDate) : 'not recorded'],
    ['Current therapy', therapies],
    [
      'ARR',
      metrics.annualizedRelapseRate === null
        ? '–'
        : `${formatNumber(metrics.annualizedRelapseRate)} (${plural(metrics.attackCount, 'attack')} in ${formatNumber(metrics.followUpYears, 1)} y${(metrics.followUpYears ?? 0) < 1 ? '; under a year of follow-up, read with care' : ''})`,
    ],
    [
      'Last EDSS',
      metrics.lastEdss
        ? `${metrics.lastEdss.score} on ${formatDate(metrics.lastEdss.date)}${metrics.lastEdssChange ? ` (${metrics.lastEdssChange > 0 ? '+' : ''}${metrics.lastEdssChange})` : ''}`
        : 'none',
    ],
    [
      'Last attack',
      metrics.lastAttackDate
        ? `${formatDate(metrics.lastAttackDate)} (${metrics.daysSinceLastAttack} days ago)`
        : 'none',
    ],
  ];
  if (patient.comorbidities && patient.comorbidities.length > 0)
    facts.push(['Comorbidities', patient.comorbidities.map(words).join(', ')]);
  return (
    <header className="patient-header">
      <div className="title-row">
        <h1>
          {patient.familyName}, {patient.givenName}
        </h1>
        <span
          className="diagnosis"
          title={
            working.basis === 'serostatus'
              ? 'No diagnosis recorded: taken from serostatus where unambiguous (edit the patient to record one)'
              : 'Recorded diagnosis'
          }
        >
          {diagnosisText}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="no-print"
          onClick={() => setEditing((value) => !value)}
          aria-expanded={editing}
        >
          Edit patient
        </button>
        <button type="button" className="no-print" onClick={printSummary}>
          Print summary
        </button>
      </div>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{term === 'Sex' ? words(value) : value}</dd>
          </div>
        ))}
      </dl>
      {editing && (
        <RecordForm
          key={patient.version}
          spec={RECORD_FORMS.patient}
          record={patient}
          submitLabel="Save patient"
          onSubmit={async (data) => {
            await client.patients.update.mutate({ id: patient.id, version: patient.version, data: data as never });
            await refresh();
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
          onReload={() => void refresh()}
        />
      )}
    </header>
  );
}
