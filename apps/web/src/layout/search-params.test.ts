import { describe, expect, it } from 'vitest';
import { RANGES } from '../patient/charts/chart-data.ts';
import { SECTIONS } from '../patient/records/record-summaries.ts';
import {
  CHART_PERIODS,
  COHORT_DEFAULTS,
  cohortSearchSchema,
  PATIENT_DEFAULTS,
  patientSearchSchema,
  RECORD_TABS,
  WORKLIST_DEFAULTS,
  worklistSearchSchema,
} from './search-params.ts';

describe('search parameters in the URL', () => {
  it('give every page its defaults when the URL has none', () => {
    expect(COHORT_DEFAULTS).toMatchObject({ search: '', flagCode: '', sort: 'severity', direction: 'desc', page: 1 });
    expect(COHORT_DEFAULTS.cursor).toBeUndefined();
    expect(WORKLIST_DEFAULTS).toEqual({ flagCode: '', severity: '', therapy: '', page: 1 });
    expect(PATIENT_DEFAULTS).toEqual({ tab: 'edss', period: 'all' });
  });

  it('keep valid values as they are', () => {
    const search = {
      search: 'Nakamura, Haruka',
      flagCode: 'LOW_IGG',
      aqp4Status: 'positive',
      therapy: 'rituximab',
      edssMin: '3.5',
      sort: 'name',
      direction: 'asc',
      page: 3,
      cursor: 'eyJrIjpbMV19',
    };
    expect(cohortSearchSchema.parse(search)).toMatchObject(search);
    expect(worklistSearchSchema.parse({ severity: 'critical', therapy: 'none', page: 2, cursor: 'x' })).toMatchObject({
      severity: 'critical',
      therapy: 'none',
      page: 2,
      cursor: 'x',
    });
    expect(patientSearchSchema.parse({ tab: 'mri', period: '5y' })).toEqual({ tab: 'mri', period: '5y' });
  });

  it('fall back to the default for each bad value, keeping the good ones (never an error)', () => {
    expect(
      cohortSearchSchema.parse({
        search: { nested: true },
        flagCode: 'NO_SUCH_FLAG',
        severity: 7,
        aqp4Status: 'maybe',
        therapy: 'aspirin',
        sort: 'shoeSize',
        direction: 'sideways',
        page: -2,
        cursor: '',
        mogStatus: 'negative',
        unknownParameter: 'ignored',
      }),
    ).toEqual({ ...COHORT_DEFAULTS, mogStatus: 'negative' });
    expect(cohortSearchSchema.parse({ page: 2.5 }).page).toBe(1);
    expect(cohortSearchSchema.parse({ page: 'two' }).page).toBe(1);
    expect(worklistSearchSchema.parse({ flagCode: ['LOW_IGG'], severity: 'urgent', page: null })).toEqual(
      WORKLIST_DEFAULTS,
    );
    expect(patientSearchSchema.parse({ tab: 'secrets', period: '10y' })).toEqual(PATIENT_DEFAULTS);
  });

  it('read a number typed as a URL value as the text it was (`?search=123`, `?edssMin=3`)', () => {
    expect(cohortSearchSchema.parse({ search: 123, edssMin: 3 })).toMatchObject({ search: '123', edssMin: '3' });
  });

  it('name the same record tabs and chart periods as the patient page', () => {
    expect([...RECORD_TABS].sort()).toEqual(SECTIONS.map((section) => section.name).sort());
    expect(CHART_PERIODS).toEqual(RANGES.map((range) => range.key));
  });
});
