import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../test/api-stub.tsx';
import { httpError, serverError } from '../test/fixtures.ts';
import ExportPanel from './ExportPanel.tsx';

const run = (overrides: Record<string, unknown> = {}) => ({
  id: 'run',
  format: 'csv',
  deidentified: false,
  dates: 'calendar',
  patientsTotal: 7,
  patientsDone: 0,
  rows: 0,
  status: 'running',
  error: null,
  sha256: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

let downloads: string[];
beforeEach(() => {
  downloads = [];
  // The browser's download is not part of a component test: record the address instead.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.getAttribute('href') ?? '');
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const answer = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('export panel', () => {
  it('shows researchers de-identification as always on, with its reason, and no JSON', () => {
    renderWithApi(<ExportPanel exporter="researcher" filters={{}} patients={7} />);
    const box = screen.getByRole('checkbox', { name: 'De-identify' }) as HTMLInputElement;
    expect([box.checked, box.disabled]).toEqual([true, true]);
    expect(screen.getByText(/Always on for researchers/)).toBeTruthy();
    expect(screen.queryByRole('radio', { name: /Interchange JSON/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Export 7 patients' })).toBeTruthy();
  });

  it('offers dates only when de-identified, and not days since the first attack for FHIR', async () => {
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="clinician" filters={{}} patients={3} />);
    expect(screen.queryByRole('radio', { name: 'days since first attack' })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'De-identify' }));
    expect((screen.getByRole('radio', { name: /Interchange JSON/ }) as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'days since first attack' }));
    await user.click(screen.getByRole('radio', { name: /FHIR R4 Bundle/ }));
    const relative = screen.getByRole('radio', { name: 'days since first attack' }) as HTMLInputElement;
    expect([relative.disabled, relative.checked]).toEqual([true, false]);
    expect((screen.getByRole('radio', { name: 'shifted (keeps intervals)' }) as HTMLInputElement).checked).toBe(true);
  });

  it('shifts OMOP dates too, and says so', async () => {
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="researcher" filters={{}} patients={7} />);
    await user.click(screen.getByRole('radio', { name: 'days since first attack' }));
    await user.click(screen.getByRole('radio', { name: /OMOP CDM v5.4/ }));
    const relative = screen.getByRole('radio', { name: 'days since first attack' }) as HTMLInputElement;
    expect([relative.disabled, relative.checked]).toEqual([true, false]);
    expect(screen.getByText('OMOP has calendar dates only, so they are shifted.')).toBeTruthy();
  });

  it('shows a refusal from the preflight on the page, the field error beside its control, and downloads nothing', async () => {
    const fetch = vi.fn(async () =>
      answer(
        400,
        httpError(400, 'The JSON interchange format carries identities; choose csv, csv-wide, fhir or msprog', [
          { path: 'format', message: 'is identified; a de-identified export is csv, csv-wide, fhir or msprog' },
        ]),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="clinician" filters={{ flagCodes: ['LOW_IGG'] }} patients={3} />);
    await user.click(screen.getByRole('radio', { name: /Interchange JSON/ }));
    await user.click(screen.getByRole('button', { name: 'Export 3 patients' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringMatching(/carries identities/));
    const json = screen.getByRole('radio', { name: /Interchange JSON/ });
    const describedBy = json.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toMatch(/^is identified/);
    expect(json.getAttribute('aria-invalid')).toBe('true');
    expect(fetch).toHaveBeenCalledWith('/api/export/json?check=1&flagCodes=LOW_IGG', expect.anything());
    expect(downloads).toEqual([]);
  });

  it('lets the browser download the file and follows the run until it is done', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(204)),
    );
    const states = [
      () => {
        throw serverError('NOT_FOUND', 404);
      },
      () => run({ patientsDone: 3 }),
      () => run({ status: 'done', patientsDone: 7, rows: 120, sha256: '0123456789abcdef0123' }),
    ];
    let calls = 0;
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="researcher" filters={{ aqp4Status: ['positive'] }} patients={7} />, {
      'exports.run': (input) => ({
        ...(states[Math.min(calls++, states.length - 1)] as () => object)(),
        id: (input as { id: string }).id,
      }),
      'exports.recent': () => [],
    });
    await user.click(screen.getByRole('radio', { name: /CSV wide/ }));
    await user.click(screen.getByRole('button', { name: 'Export 7 patients' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const url = new URL(downloads[0] ?? '', 'http://clinic.test');
    expect(url.pathname).toBe('/api/export/csv-wide');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      deidentify: '1',
      dates: 'shift',
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      aqp4Status: 'positive',
    });
    expect(await screen.findByText('3 of 7 patients', {}, { timeout: 3000 })).toBeTruthy();
    const done = await screen.findByText(/^Done: 7 patients, 120 rows · SHA-256 0123456789ab…/, {}, { timeout: 3000 });
    const manifest = done.querySelector('a');
    expect(manifest?.getAttribute('href')).toBe(`/api/export/manifest?id=${url.searchParams.get('runId')}`);
  });

  it('calls a cancelled download cancelled, as an error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(204)),
    );
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="clinician" filters={{}} patients={2} />, {
      'exports.run': () => run({ status: 'failed', error: 'cancelled before the end' }),
      'exports.recent': () => [],
    });
    await user.click(screen.getByRole('button', { name: 'Export 2 patients' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Cancelled: the download stopped/);
  });

  it('cannot export while the count is loading, for no patient, or with invalid filters', () => {
    const { rerender } = renderWithApi(<ExportPanel exporter="clinician" filters={{}} patients={undefined} />);
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<ExportPanel exporter="clinician" filters={{}} patients={0} />);
    expect((screen.getByRole('button', { name: 'Export 0 patients' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<ExportPanel exporter="clinician" filters={{}} patients={4} filtersInvalid />);
    expect((screen.getByRole('button', { name: 'Export 4 patients' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Correct the filters first.')).toBeTruthy();
  });
});
