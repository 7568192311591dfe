import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApi } from '../test/api-stub.tsx';
import { renderAt } from '../test/in-app.tsx';
import { CareQuality } from './CareQualityPage.tsx';

afterEach(cleanup);

const share = (cases: number | string, met: number | null, value: number | null) => ({ cases, met, share: value });
const year = (y: number, treated: ReturnType<typeof share>) => ({
  year: y,
  attacks: treated.cases,
  treatedWithinDays: treated,
  onsetToIvmpDays: { cases: 3, median: 4 },
  onsetToPlexDays: { cases: 0, median: null },
  severeWithPlex: share(0, 0, null),
  vaccinatedOnTime: share(1, 1, 1),
  monitoringUpToDate: share(10, 8, 0.8),
});

describe('care quality', () => {
  it('shows each year with the numbers, and opens the patients who missed a standard', async () => {
    const { calls } = renderAt('/care-quality', {
      'cohort.careQuality': () => ({
        privacy: null,
        years: [year(2023, share(4, 3, 0.75)), year(2024, share(2, 2, 1))],
      }),
      'cohort.careQualityPatients': () => [{ patientId: 'p1', mrn: 'M1', givenName: 'Ann', familyName: 'Lee' }],
    });
    expect(await screen.findByText('3 of 4 (75%)')).toBeTruthy();
    expect(screen.getByText('2 of 2 (100%)')).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: 'Attacks treated within 14 days, 2023: patients who missed it' }),
    );
    expect(await screen.findByRole('link', { name: 'Lee, Ann' })).toBeTruthy();
    expect(calls.find((c) => c.path === 'cohort.careQualityPatients')?.input).toEqual({
      year: 2023,
      indicator: 'treatedWithinDays',
      met: false,
    });
  });

  it('shows researchers suppressed figures as such, with no way to open patients', async () => {
    renderWithApi(<CareQuality />, {
      'cohort.careQuality': () => ({ privacy: { threshold: 5 }, years: [year(2023, share('<5', null, null))] }),
    });
    expect(await screen.findByText('<5 (suppressed)')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/groups of at least 5 patients/);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });
});
