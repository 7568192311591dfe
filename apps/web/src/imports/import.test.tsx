import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpError } from '../test/fixtures.ts';
import { renderAt } from '../test/in-app.tsx';
import { ImportReportView } from './ImportReport.tsx';
import type { ImportProblem, ImportReport } from './import-upload.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

/** A file refused with these problems: nothing imported. */
const refused = (format: 'csv' | 'json', dryRun: boolean, errors: ImportProblem[]): ImportReport => ({
  ok: false,
  format,
  dryRun,
  patients: 0,
  errors,
});

const summary = (dryRun: boolean): ImportReport => ({
  ok: true,
  format: 'csv',
  dryRun,
  patients: 4,
  summary: {
    patients: { created: 3, updated: 0, unchanged: 1 },
    records: { created: 40, updated: 2, unchanged: 5 },
    dryRun,
  },
});

describe('import report', () => {
  it('lists the problems of a CSV by line and column, a whole-row problem without a column', () => {
    render(
      <ImportReportView
        fileName="clinic.csv"
        report={refused('csv', true, [
          { line: 3, column: 'edss_score', message: 'must be a number' },
          { line: 7, column: '', message: 'repeats line 2 (same edss 2016-01-10)' },
        ])}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^2 problems; nothing was imported\./);
    expect(rowsOf(screen.getByRole('table', { name: 'Problems in clinic.csv' }))).toEqual([
      ['Line', 'Column', 'Problem'],
      ['3', 'edss_score', 'must be a number'],
      ['7', 'whole row', 'repeats line 2 (same edss 2016-01-10)'],
    ]);
  });

  it('lists the problems of a JSON file by path', () => {
    render(
      <ImportReportView
        fileName="cohort.json"
        report={refused('json', false, [
          {
            path: 'patients[0].events[2].score',
            message: 'must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)',
          },
        ])}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^1 problem; nothing was imported\./);
    expect(rowsOf(screen.getByRole('table'))).toEqual([
      ['Path', 'Problem'],
      ['patients[0].events[2].score', 'must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)'],
    ]);
  });

  it('says what a dry run would write, and what an import wrote', () => {
    const { rerender } = render(<ImportReportView fileName="clinic.csv" report={summary(true)} />);
    expect(screen.getByRole('status').textContent).toContain(
      'Dry run: 3 patients would be created, 0 updated, 1 unchanged; 40 records would be created, 2 updated, 5 unchanged.',
    );
    expect(screen.getByRole('status').textContent).toContain('Nothing has been written yet.');
    rerender(<ImportReportView fileName="clinic.csv" report={summary(false)} />);
    expect(screen.getByRole('status').textContent).toContain(
      'Imported: 3 patients created, 0 updated, 1 unchanged; 40 records created, 2 updated, 5 unchanged.',
    );
  });
});

describe('import page', () => {
  const csvFile = () => new File(['mrn,given_name\n'], 'clinic.csv', { type: 'text/csv' });

  it('checks the file as a dry run, enables Import only then, imports and reloads the cohort', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, init });
        return new Response(JSON.stringify(summary(url.includes('dryRun=1'))), { status: 200 });
      }),
    );
    const user = userEvent.setup();
    const { queryClient } = renderAt('/import');
    await screen.findByRole('heading', { name: 'Import' });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const importButton = screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);

    const file = csvFile();
    await user.upload(screen.getByLabelText('File (.csv or .json)'), file);
    expect(importButton.disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    expect(await screen.findByText(/^Dry run: 3 patients would be created/)).toBeTruthy();
    expect(requests[0]?.url).toBe('/api/import?name=clinic.csv&dryRun=1');
    expect(requests[0]?.init).toMatchObject({
      method: 'POST',
      body: file,
      headers: { 'x-nmo-csrf': '1', 'content-type': 'text/csv' },
    });
    expect(invalidate).not.toHaveBeenCalled();

    await waitFor(() => expect(importButton.disabled).toBe(false));
    await user.click(importButton);
    expect((await screen.findByText(/^Imported:/)).textContent).toMatch(/3 patients created/);
    expect(requests[1]?.url).toBe('/api/import?name=clinic.csv');
    expect(invalidate).toHaveBeenCalledWith({ queryKey: [['cohort']] });
    // The same file is not imported twice by accident: check it again first.
    expect(importButton.disabled).toBe(true);
    expect(screen.getByRole('link', { name: 'Open the cohort' })).toBeTruthy();
  });

  it('keeps Import disabled after a check that found problems, and shows them', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              ok: false,
              format: 'csv',
              dryRun: true,
              patients: 0,
              errors: [{ line: 2, column: 'birth_date', message: 'must be a date (YYYY-MM-DD)' }],
            }),
            { status: 422 },
          ),
      ),
    );
    const user = userEvent.setup();
    renderAt('/import');
    await screen.findByRole('heading', { name: 'Import' });
    await user.upload(screen.getByLabelText('File (.csv or .json)'), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^1 problem; nothing was imported/);
    expect(screen.getByRole('cell', { name: 'birth_date' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a refusal before the file is read (e.g. a researcher) as the server words it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(httpError(403, 'Imports write clinical records: for clinicians')), {
            status: 403,
          }),
      ),
    );
    const user = userEvent.setup();
    renderAt('/import');
    await screen.findByRole('heading', { name: 'Import' });
    await user.upload(screen.getByLabelText('File (.csv or .json)'), csvFile());
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Imports write clinical records: for clinicians');
  });
});
