import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FlagView } from '../api-types.ts';
import { renderWithApi } from '../test/api-stub.tsx';
import { patientPage } from '../test/fixtures.ts';
import { FlagsPanel } from './FlagsPanel.tsx';

const flag = (overrides: Partial<FlagView> & Pick<FlagView, 'code' | 'date' | 'status'>): FlagView => ({
  severity: 'warning',
  message: `${overrides.code} on ${overrides.date}`,
  source: 'a guideline',
  details: {},
  acknowledgement: null,
  ...overrides,
});

const FLAGS: FlagView[] = [
  flag({ code: 'MRI_OVERDUE', date: '2026-08-01', status: 'open' }),
  flag({
    code: 'EDSS_OVERDUE',
    date: '2026-07-01',
    status: 'open',
    acknowledgement: { id: 'a1', reason: 'Seen', until: null, at: '2026-11-01T10:00:00.000Z', by: 'Dr Who' },
  }),
  flag({
    code: 'UNTREATED_RELAPSE',
    severity: 'critical',
    date: '2024-03-01',
    status: 'resolved',
    resolvedOn: '2024-03-08',
    resolution: 'IV methylprednisolone started on 2024-03-08 (day 7)',
  }),
  flag({
    code: 'ACUTE_TREATMENT_DELAYED',
    date: '2022-05-12',
    status: 'expired',
    details: { expiredOn: '2022-06-12' },
  }),
  flag({
    code: 'VISUAL_EXAM_OVERDUE',
    date: '2025-01-10',
    status: 'resolved',
    resolvedOn: '2025-02-02',
    resolution: 'Visual exam on 2025-02-02',
  }),
  flag({ code: 'LOW_IGG', severity: 'info', date: '2021-01-01', status: 'expired' }),
];

describe('flags panel', () => {
  it('counts and lists open flags only; resolved and expired ones wait, collapsed, under History, newest first', async () => {
    const page = { ...patientPage(), flags: FLAGS };
    const user = userEvent.setup();
    renderWithApi(<FlagsPanel page={page} />);
    const heading = screen.getByRole('heading', { name: /Needs action/ });
    expect(heading.textContent).toBe('Needs action 1');
    const panel = screen.getByRole('region', { name: /Needs action/ });
    expect([...panel.querySelectorAll('[data-code]')].map((item) => item.getAttribute('data-code'))).toEqual([
      'MRI_OVERDUE',
      'EDSS_OVERDUE',
    ]);
    expect(screen.getAllByRole('button', { name: 'Acknowledge or snooze' })).toHaveLength(1);

    const history = screen.getByText('History (2 resolved, 2 expired)').closest('details') as HTMLDetailsElement;
    expect(history.open).toBe(false);
    await user.click(screen.getByText('History (2 resolved, 2 expired)'));
    expect(history.open).toBe(true);
    const items = within(history).getAllByRole('listitem');
    expect(items.map((item) => [item.getAttribute('data-history-code'), item.getAttribute('data-status')])).toEqual([
      ['VISUAL_EXAM_OVERDUE', 'resolved'],
      ['UNTREATED_RELAPSE', 'resolved'],
      ['ACUTE_TREATMENT_DELAYED', 'expired'],
      ['LOW_IGG', 'expired'],
    ]);
    expect(items[1]?.textContent).toContain(
      'Resolved on 8 Mar 2024: IV methylprednisolone started on 8 Mar 2024 (day 7)',
    );
    expect(items[2]?.textContent).toContain('Expired on 12 Jun 2022');
    expect(items[3]?.textContent).toContain('Expired: it can no longer be acted on');
    // History items are not offered for acknowledgement.
    expect(within(history).queryByRole('button')).toBeNull();
  });

  it('shows no History when nothing was resolved or expired, and says so when nothing is open', () => {
    const page = {
      ...patientPage(),
      flags: [
        flag({ code: 'LOW_IGG', date: '2021-01-01', status: 'resolved', resolvedOn: '2021-02-01', resolution: 'x' }),
      ],
    };
    renderWithApi(<FlagsPanel page={page} />);
    expect(screen.getByRole('heading', { name: /Needs action/ }).textContent).toBe('Needs action 0');
    expect(screen.getByText(/No open flags: nothing needs action/)).toBeTruthy();
    expect(screen.getByText('History (1 resolved)')).toBeTruthy();
    renderWithApi(<FlagsPanel page={{ ...patientPage(), flags: [] }} />);
    expect(screen.queryAllByText(/^History/)).toHaveLength(1);
  });
});
