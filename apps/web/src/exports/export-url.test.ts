import { describe, expect, it } from 'vitest';
import { filtersOf, NO_FILTERS, statsFiltersOf } from '../cohort/cohort-filters.ts';
import { newRunId } from './export-download.ts';
import {
  DEFAULT_EXPORT,
  doneText,
  effectiveOptions,
  exportQuery,
  exportUrl,
  formatAllowed,
  formatsFor,
  manifestUrl,
} from './export-url.ts';

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://clinic.test').searchParams);

describe('export address', () => {
  it('carries the overview filters as the server reads them: lists comma-separated, numbers and dates as text', () => {
    const filters = filtersOf({
      ...NO_FILTERS,
      search: ' smith ',
      flagCode: 'BREAKTHROUGH_RELAPSE',
      severity: 'warning',
      aqp4Status: 'positive',
      therapy: 'none',
      edssMin: '3.5',
      lastVisitFrom: '2024-01-01',
    });
    const url = exportUrl('clinician', { ...DEFAULT_EXPORT, format: 'csv' }, filters, { runId: 'r-1' });
    expect(url.startsWith('/api/export/csv?')).toBe(true);
    expect(queryOf(url)).toEqual({
      runId: 'r-1',
      search: 'smith',
      flagCodes: 'BREAKTHROUGH_RELAPSE',
      severity: 'warning',
      aqp4Status: 'positive',
      currentTherapies: 'none',
      edssMin: '3.5',
      lastVisitFrom: '2024-01-01',
    });
  });

  it('joins several values of a list filter with commas and leaves empty lists out', () => {
    const query = exportQuery('clinician', DEFAULT_EXPORT, { flagCodes: ['LOW_IGG', 'MRI_OVERDUE'], aqp4Status: [] });
    expect(query.toString()).toBe('flagCodes=LOW_IGG%2CMRI_OVERDUE');
  });

  it('asks the preflight with check=1 and sends no date mode for an identified export', () => {
    const url = exportUrl('clinician', { format: 'json', deidentify: false, dates: 'relative' }, {}, { check: true });
    expect(url).toBe('/api/export/json?check=1');
  });

  it('sends deidentify=1 and the chosen date mode when a clinician de-identifies', () => {
    expect(queryOf(exportUrl('clinician', { format: 'csv-wide', deidentify: true, dates: 'relative' }, {}))).toEqual({
      deidentify: '1',
      dates: 'relative',
    });
  });

  it('always de-identifies for researchers, whatever the options say, and has no word search to send', () => {
    const filters = statsFiltersOf({ ...NO_FILTERS, search: 'smith', flagCode: 'LOW_IGG' });
    const url = exportUrl('researcher', { format: 'csv', deidentify: false, dates: 'shift' }, filters);
    expect(queryOf(url)).toEqual({ deidentify: '1', dates: 'shift', flagCodes: 'LOW_IGG' });
    expect(effectiveOptions('researcher', { format: 'csv', deidentify: false, dates: 'relative' })).toEqual({
      format: 'csv',
      deidentify: true,
      dates: 'relative',
    });
  });

  it('offers researchers no JSON, and nobody a de-identified JSON', () => {
    expect(formatsFor('researcher').map((choice) => choice.format)).toEqual([
      'csv',
      'csv-wide',
      'fhir',
      'msprog',
      'omop',
    ]);
    expect(formatsFor('clinician').map((choice) => choice.format)).toEqual([
      'json',
      'csv',
      'csv-wide',
      'fhir',
      'msprog',
      'omop',
    ]);
    expect(formatAllowed('json', true)).toBe(false);
    expect(formatAllowed('json', false)).toBe(true);
  });

  it('never asks FHIR for days since the first attack: its dates are shifted', () => {
    expect(queryOf(exportUrl('researcher', { format: 'fhir', deidentify: true, dates: 'relative' }, {}))).toEqual({
      deidentify: '1',
      dates: 'shift',
    });
  });

  it("gives msprog days since the first attack when asked: MSprog reads them with date_format = 'day'", () => {
    expect(queryOf(exportUrl('researcher', { format: 'msprog', deidentify: true, dates: 'relative' }, {}))).toEqual({
      deidentify: '1',
      dates: 'relative',
    });
  });

  it('never asks OMOP for days since the first attack either: OMOP dates are calendar dates', () => {
    expect(queryOf(exportUrl('researcher', { format: 'omop', deidentify: true, dates: 'relative' }, {}))).toEqual({
      deidentify: '1',
      dates: 'shift',
    });
    expect(exportUrl('clinician', { format: 'omop', deidentify: false, dates: 'shift' }, {})).toBe('/api/export/omop?');
  });

  it('names the manifest of a run', () => {
    expect(manifestUrl('8c1f0c8e-0000-4000-8000-000000000001')).toBe(
      '/api/export/manifest?id=8c1f0c8e-0000-4000-8000-000000000001',
    );
  });
});

describe('finished export line', () => {
  const run = { patientsDone: 12, rows: 340, sha256: 'abcdef0123456789abcdef' };
  it('counts rows for the CSV layouts, resources for FHIR and only patients for JSON', () => {
    expect(doneText({ ...run, format: 'csv' })).toBe('Done: 12 patients, 340 rows · SHA-256 abcdef012345…');
    expect(doneText({ ...run, format: 'fhir' })).toBe('Done: 12 patients, 340 resources · SHA-256 abcdef012345…');
    expect(doneText({ ...run, format: 'msprog' })).toBe('Done: 12 patients, 340 rows · SHA-256 abcdef012345…');
    expect(doneText({ ...run, format: 'omop' })).toBe('Done: 12 patients, 340 rows · SHA-256 abcdef012345…');
    expect(doneText({ ...run, format: 'json', patientsDone: 1 })).toBe('Done: 1 patient · SHA-256 abcdef012345…');
  });
});

describe('run id', () => {
  it('is a version 4 UUID also where crypto.randomUUID is missing (plain http on a LAN address)', () => {
    const id = newRunId({ getRandomValues: ((array: Uint8Array) => array.fill(0xff)) as Crypto['getRandomValues'] });
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newRunId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
