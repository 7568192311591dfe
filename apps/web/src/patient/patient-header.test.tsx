import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PatientPage } from '../api-types.ts';
import { renderWithApi } from '../test/api-stub.tsx';
import { patientPage } from '../test/fixtures.ts';
import { PatientHeader } from './PatientHeader.tsx';

const withDiagnosis = (patient: Partial<PatientPage['patient']>): PatientPage => {
  const page = patientPage();
  return { ...page, patient: { ...page.patient, ...patient } };
};

describe('patient header: the working diagnosis', () => {
  it.each([
    [
      'derived from serostatus',
      { workingDiagnosis: { diagnosis: 'mogad', basis: 'serostatus' } },
      'MOG antibody-associated disease (MOGAD) (from serostatus)',
      'not recorded',
    ],
    [
      'recorded',
      { diagnosis: 'nmosd_seronegative', workingDiagnosis: { diagnosis: 'nmosd_seronegative', basis: 'recorded' } },
      'seronegative NMOSD',
      'seronegative NMOSD',
    ],
  ] as const)('shows a diagnosis %s in the title and the recorded one in the facts', (_name, patient, title, fact) => {
    const { container } = renderWithApi(<PatientHeader page={withDiagnosis(patient)} />);
    expect(container.querySelector('.title-row .diagnosis')?.textContent).toBe(title);
    const term = screen.getByText('Diagnosis', { selector: 'dt' });
    expect(term.nextElementSibling?.textContent).toBe(fact);
  });
});
