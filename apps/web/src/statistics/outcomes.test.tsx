import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAt } from '../test/in-app.tsx';
import { type CohortOutcomes, edssTable, toCsv } from './outcome-tables.ts';

afterEach(cleanup);

const METHOD = {
  lagDays: 0,
  attackClusterDays: 30,
  confirmationDays: 84,
  confirmationToleranceBeforeDays: 30,
  confirmationToleranceAfterDays: 30,
  relapseWindowBeforeConfirmationDays: 30,
};
const risk = [0, 183, 365, 731, 1096, 1826].map((day, i) => ({ day, atRisk: 10 - i, eventsSoFar: i }));
/** A published curve: its start (S = 1, or incidence 0) and one step [day, value, lower, upper]. */
const curve = (patients: number, events: number, start: number, [day, value, lower, upper]: number[]) => ({
  patients,
  events,
  points: [
    { day: 0, value: start, lower: null, upper: null },
    { day, value, lower, upper },
  ],
  riskTable: risk,
  leftOut: false,
});
const OUTCOMES = {
  arrByAgent: [
    {
      agent: 'rituximab',
      patients: 12,
      episodes: 13,
      attacks: 5,
      exposureYears: 30.5,
      rate: 0.164,
      lower: 0.053,
      upper: 0.383,
      leftOut: false,
    },
    {
      agent: 'azathioprine',
      patients: 6,
      episodes: 6,
      attacks: '<5',
      exposureYears: 12,
      rate: null,
      lower: null,
      upper: null,
      leftOut: true,
    },
  ],
  timeToFirstRelapse: [{ agent: 'rituximab', ...curve(12, 5, 1, [400, 0.75, 0.5, 0.9]) }],
  worsening: curve(20, 6, 0, [183, 0.3, 0.1, 0.5]),
  edssByDiseaseYear: [{ year: 0, patients: 13, median: 2, q1: 2, q3: 3, leftOut: false }],
  method: METHOD,
  privacy: null,
} as unknown as CohortOutcomes;

describe('outcome statistics', () => {
  it('are a clinician section with the numbers a click away', async () => {
    const { calls } = renderAt('/outcomes', { 'cohort.outcomes': () => OUTCOMES });
    expect(await screen.findByRole('heading', { name: 'Outcome statistics' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Outcomes' })).toBeTruthy();
    const arr = await screen.findByRole('figure', { name: /Annualized relapse rate per maintenance therapy/ });
    fireEvent.click(within(arr).getByRole('button', { name: 'Show numbers: ARR per therapy' }));
    const table = within(arr).getByRole('table');
    expect(within(table).getByRole('row', { name: 'rituximab 12 13 5 30.5 0.164 0.053 0.383' })).toBeTruthy();
    // A suppressed rate shows as a dash, the small count as "<5".
    expect(within(table).getByRole('row', { name: 'azathioprine 6 6 <5 12 – – –' })).toBeTruthy();
    expect(calls.find((c) => c.path === 'cohort.outcomes')?.input).toEqual({});
  });

  it('apply the filters', async () => {
    const { calls } = renderAt('/outcomes', { 'cohort.outcomes': () => OUTCOMES });
    await screen.findByRole('heading', { name: 'Outcome statistics' });
    fireEvent.change(screen.getByLabelText('AQP4-IgG'), { target: { value: 'positive' } });
    await screen.findAllByRole('figure');
    expect(calls.filter((c) => c.path === 'cohort.outcomes').at(-1)?.input).toEqual({ aqp4Status: ['positive'] });
    fireEvent.change(screen.getByLabelText('Leave out of each therapy episode'), { target: { value: '90' } });
    await screen.findAllByRole('figure');
    expect(calls.filter((c) => c.path === 'cohort.outcomes').at(-1)?.input).toEqual({
      aqp4Status: ['positive'],
      lagDays: 90,
    });
  });

  it('are not a section a researcher opens on its own (they are on the statistics page)', async () => {
    renderAt('/outcomes', { 'cohort.outcomes': () => OUTCOMES }, 'researcher');
    expect(await screen.findByText(/not available/i)).toBeTruthy();
  });

  it('download the same numbers as CSV', () => {
    expect(toCsv(edssTable(OUTCOMES))).toBe('Years since first attack,Patients,Median EDSS,Q1,Q3\r\n0–1,13,2,2,3\r\n');
    expect(toCsv({ name: 'x', title: 'x', columns: ['a'], rows: [['say "hi", twice'], [null]] })).toBe(
      'a\r\n"say ""hi"", twice"\r\n\r\n',
    );
  });
});
