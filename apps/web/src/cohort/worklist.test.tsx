import { FLAG_CODES } from '@nmo/domain/vocabulary';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { serverError } from '../test/fixtures.ts';
import { renderAt } from '../test/in-app.tsx';
import { durationText, type Worklist, type WorklistFlag, type WorklistItem, waitingText } from './worklist-view.ts';

const flag = (
  code: WorklistFlag['code'],
  severity: WorklistFlag['severity'],
  date: string,
  waiting: { daysOverdue?: number; daysWaiting: number },
): WorklistFlag => ({
  code,
  severity,
  date,
  message: `${code} message`,
  source: `${code} source`,
  details: {},
  status: 'open',
  action: `Do something about ${code}`,
  daysOverdue: waiting.daysOverdue ?? null,
  daysWaiting: waiting.daysWaiting,
});

const patient = (id: string, family: string, flags: WorklistFlag[]): WorklistItem =>
  ({
    patientId: id,
    mrn: `MRN-${id}`,
    givenName: 'Ada',
    familyName: family,
    age: 40,
    aqp4Status: 'positive',
    mogStatus: 'negative',
    workingDiagnosis: 'nmosd_aqp4_positive',
    currentTherapies: [],
    lastEdss: null,
    annualizedRelapseRate: null,
    attackCount: 0,
    openFlags: flags.map(({ code, severity, date }) => ({ code, severity, date })),
    openFlagCount: flags.length,
    worstSeverity: flags[0]?.severity ?? null,
    maxDaysOverdue: 0,
    lastVisitDate: null,
    flags,
  }) as WorklistItem;

/** A server with a whole cohort of 214 open flags on 96 patients, of which the first page shows three. */
function server() {
  let items = [
    patient('p1', 'Critical', [
      flag('UNTREATED_RELAPSE', 'critical', '2026-10-20', { daysWaiting: 40 }),
      flag('MRI_OVERDUE', 'warning', '2026-09-01', { daysOverdue: 89, daysWaiting: 89 }),
    ]),
    patient('p2', 'Overdue', [flag('MRI_OVERDUE', 'warning', '2025-01-10', { daysOverdue: 688, daysWaiting: 688 })]),
    patient('p3', 'Later', [flag('LOW_IGG', 'info', '2026-11-01', { daysWaiting: 28 })]),
  ];
  let extra = { flags: 210, patients: 93 };
  const byCode = Object.fromEntries(FLAG_CODES.map((code) => [code, 0]));
  const answer = (): Worklist => {
    const flags = items.flatMap((item) => item.flags);
    const count = (code: string) => flags.filter((f) => f.code === code).length;
    return {
      items,
      nextCursor: 'next-page',
      total: items.length + extra.patients,
      counts: {
        patients: items.length + extra.patients,
        flags: flags.length + extra.flags,
        byCode: { ...byCode, MRI_OVERDUE: 40 + count('MRI_OVERDUE'), LOW_IGG: 9 + count('LOW_IGG') } as never,
        bySeverity: {
          critical: flags.filter((f) => f.severity === 'critical').length + 10,
          warning: flags.filter((f) => f.severity === 'warning').length + 150,
          info: flags.filter((f) => f.severity === 'info').length + 50,
        },
      },
    };
  };
  const acknowledged: unknown[] = [];
  const handlers = {
    'cohort.worklist': () => answer(),
    'flags.acknowledgeMany': (input: unknown) => {
      const {
        items: keys,
        reason,
        until,
      } = input as {
        items: { patientId: string; code: string; flagDate: string }[];
        reason: string;
        until: string | null;
      };
      acknowledged.push(input);
      items = items
        .map((item) => ({
          ...item,
          flags: item.flags.filter(
            (f) => !keys.some((k) => k.patientId === item.patientId && k.code === f.code && k.flagDate === f.date),
          ),
        }))
        .filter((item) => item.flags.length > 0);
      extra = { ...extra };
      return {
        acknowledgements: keys.map((k, i) => ({
          id: `a${i}`,
          ...k,
          reason,
          until,
          at: '',
          by: 'Dr',
          supersededAt: null,
        })),
        written: keys.length,
        patients: new Set(keys.map((k) => k.patientId)).size,
      };
    },
  };
  return { handlers, acknowledged };
}

const rows = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-code'));

describe('worklist page', () => {
  it('shows the whole cohort’s counts, per-code counts on the code filter, and the flags in the API’s order', async () => {
    const { handlers } = server();
    renderAt('/worklist', handlers);
    expect(await screen.findByText('214 open flags on 96 patients')).toBeTruthy();
    expect(screen.getByText(/11 critical · 152 warning · 51 info/)).toBeTruthy();
    const codes = screen.getByLabelText('Flag');
    expect(within(codes).getByRole('option', { name: 'MRI overdue (42)' })).toBeTruthy();
    expect(within(codes).getByRole('option', { name: 'Low IgG (10)' })).toBeTruthy();
    expect(within(codes).getByRole('option', { name: 'all flags (52)' })).toBeTruthy();
    expect(within(screen.getByLabelText('Severity')).getByRole('option', { name: 'critical (11)' })).toBeTruthy();
    expect(rows()).toEqual(['UNTREATED_RELAPSE', 'MRI_OVERDUE', 'MRI_OVERDUE', 'LOW_IGG']);
    // Name and MRN once per patient, linking to the patient page; readable flag titles, not codes.
    const first = screen.getByRole('link', { name: 'Critical, Ada' });
    expect(first.getAttribute('href')).toBe('/patients/p1');
    expect(screen.getByText('MRN-p1')).toBeTruthy();
    expect(screen.getAllByText('MRI overdue')).toHaveLength(2);
    expect(screen.queryByText('MRI_OVERDUE')).toBeNull();
    expect(screen.getByText('23 months overdue')).toBeTruthy();
    expect(screen.getByText('40 days ago')).toBeTruthy();
    expect(screen.getByText('Do something about LOW_IGG')).toBeTruthy();
    expect(screen.getByText('Page 1 of 5')).toBeTruthy();
  });

  it('sends the filters to the API and starts again on the first page', async () => {
    const { handlers } = server();
    const user = userEvent.setup();
    const { calls } = renderAt('/worklist', handlers);
    await screen.findByText('214 open flags on 96 patients');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.selectOptions(screen.getByLabelText('Flag'), 'MRI_OVERDUE');
    await user.selectOptions(screen.getByLabelText('Severity'), 'warning');
    await user.selectOptions(screen.getByLabelText('Current therapy'), 'none');
    await waitFor(() =>
      expect(calls.filter((c) => c.path === 'cohort.worklist').at(-1)?.input).toEqual({
        limit: 20,
        flagCodes: ['MRI_OVERDUE'],
        severity: 'warning',
        currentTherapies: ['none'],
      }),
    );
    expect(
      calls.filter((c) => c.path === 'cohort.worklist').map((c) => (c.input as { cursor?: string }).cursor),
    ).toContain('next-page');
  });

  it('acknowledges the selected flags together with one reason, shows the result and refreshes list and counts', async () => {
    const { handlers, acknowledged } = server();
    const user = userEvent.setup();
    const { calls } = renderAt('/worklist', handlers);
    await screen.findByText('214 open flags on 96 patients');
    const submit = screen.getByRole('button', { name: 'Acknowledge or snooze selected' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user.click(
      screen.getByRole('checkbox', { name: 'Select Untreated relapse of 20 Oct 2026 for Critical, Ada' }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Select MRI overdue of 10 Jan 2025 for Overdue, Ada' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    await user.click(submit);
    const form = screen.getByRole('form', { name: 'Acknowledge the selected flags' });
    await user.click(within(form).getByRole('button', { name: 'Acknowledge 2 flags' }));
    expect(within(form).getByText(/Reason is required/)).toBeTruthy();
    await user.type(within(form).getByLabelText('Reason'), 'Discussed at the MDT meeting');
    const before = calls.filter((c) => c.path === 'cohort.worklist').length;
    await user.click(within(form).getByRole('button', { name: 'Acknowledge 2 flags' }));

    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Acknowledged 2 flags of 2 patients: “Discussed at the MDT meeting”.',
    );
    expect(acknowledged).toEqual([
      {
        items: [
          { patientId: 'p1', code: 'UNTREATED_RELAPSE', flagDate: '2026-10-20' },
          { patientId: 'p2', code: 'MRI_OVERDUE', flagDate: '2025-01-10' },
        ],
        reason: 'Discussed at the MDT meeting',
        until: null,
      },
    ]);
    expect(await screen.findByText('212 open flags on 95 patients')).toBeTruthy();
    expect(calls.filter((c) => c.path === 'cohort.worklist').length).toBeGreaterThan(before);
    expect(rows()).toEqual(['MRI_OVERDUE', 'LOW_IGG']);
    expect(screen.queryByRole('link', { name: 'Overdue, Ada' })).toBeNull();
    expect(screen.getByText('0 selected')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('status'));
  });

  it('selects every flag on the page at once, and snoozes them until a date', async () => {
    const { handlers, acknowledged } = server();
    const user = userEvent.setup();
    renderAt('/worklist', handlers);
    await screen.findByText('214 open flags on 96 patients');
    await user.click(screen.getByRole('checkbox', { name: 'Select all 4 on this page' }));
    expect(screen.getByText('4 selected')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Acknowledge or snooze selected' }));
    const form = screen.getByRole('form', { name: 'Acknowledge the selected flags' });
    await user.click(within(form).getByRole('radio', { name: 'Snooze' }));
    await user.type(within(form).getByLabelText('Snooze until (date)'), '2027-01-15');
    await user.type(within(form).getByLabelText('Reason'), 'Clinic in January');
    await user.click(within(form).getByRole('button', { name: 'Snooze 4 flags' }));
    expect(
      await screen.findByText('Snoozed 4 flags of 3 patients until 15 Jan 2027: “Clinic in January”.'),
    ).toBeTruthy();
    expect((acknowledged[0] as { items: unknown[]; until: string }).items).toHaveLength(4);
    expect((acknowledged[0] as { until: string }).until).toBe('2027-01-15');
    expect(await screen.findByText('Nothing needs action: no patient has an open flag.')).toBeTruthy();
  });

  it('names the flag the server refused, and keeps the selection', async () => {
    const { handlers } = server();
    handlers['flags.acknowledgeMany'] = () => {
      throw serverError('NOT_FOUND', 404, [{ path: 'items[1]', message: 'the patient has no LOW_IGG flag now' }]);
    };
    const user = userEvent.setup();
    renderAt('/worklist', handlers);
    await screen.findByText('214 open flags on 96 patients');
    await user.click(screen.getByRole('checkbox', { name: 'Select MRI overdue of 10 Jan 2025 for Overdue, Ada' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Low IgG of 1 Nov 2026 for Later, Ada' }));
    await user.click(screen.getByRole('button', { name: 'Acknowledge or snooze selected' }));
    const form = screen.getByRole('form', { name: 'Acknowledge the selected flags' });
    await user.type(within(form).getByLabelText('Reason'), 'Reviewed');
    await user.click(within(form).getByRole('button', { name: 'Acknowledge 2 flags' }));
    expect(await within(form).findByRole('alert')).toHaveProperty(
      'textContent',
      'Low IgG of 1 Nov 2026 for Later, Ada: the patient has no LOW_IGG flag now',
    );
    expect(screen.getByText('2 selected')).toBeTruthy();
  });
});

describe('how long a flag has waited', () => {
  it('reads in days, then months, then years', () => {
    expect([durationText(1), durationText(89), durationText(120), durationText(800)]).toEqual([
      '1 day',
      '89 days',
      '4 months',
      '2 years',
    ]);
    expect(waitingText({ daysOverdue: 12, daysWaiting: 12 })).toBe('12 days overdue');
    expect(waitingText({ daysOverdue: null, daysWaiting: 0 })).toBe('today');
    expect(waitingText({ daysOverdue: null, daysWaiting: 3 })).toBe('3 days ago');
  });
});
