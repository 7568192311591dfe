import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../test/api-stub.tsx';
import ExportPanel from './ExportPanel.tsx';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('export panel: msprog input', () => {
  it('lets a researcher download the msprog zip with days since the first attack (MSprog date_format = "day")', async () => {
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.getAttribute('href') ?? '');
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    const user = userEvent.setup();
    renderWithApi(<ExportPanel exporter="researcher" filters={{ mogStatus: ['negative'] }} patients={9} />, {
      'exports.run': (input) => ({
        id: (input as { id: string }).id,
        format: 'msprog',
        deidentified: true,
        dates: 'relative',
        patientsTotal: 9,
        patientsDone: 9,
        rows: 41,
        status: 'done',
        error: null,
        sha256: 'fedcba9876543210fedc',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
      }),
      'exports.recent': () => [],
    });
    const msprog = screen.getByRole('radio', { name: /msprog input/ });
    expect(msprog.closest('label')?.getAttribute('title')).toMatch(/visits\.csv .*relapses\.csv/);
    await user.click(msprog);
    const relative = screen.getByRole('radio', { name: 'days since first attack' }) as HTMLInputElement;
    expect(relative.disabled).toBe(false);
    await user.click(relative);
    await user.click(screen.getByRole('button', { name: 'Export 9 patients' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const url = new URL(downloads[0] ?? '', 'http://clinic.test');
    expect(url.pathname).toBe('/api/export/msprog');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      deidentify: '1',
      dates: 'relative',
      runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      mogStatus: 'negative',
    });
    expect(
      await screen.findByText(/^Done: 9 patients, 41 rows · SHA-256 fedcba987654…/, {}, { timeout: 3000 }),
    ).toBeTruthy();
  });
});
