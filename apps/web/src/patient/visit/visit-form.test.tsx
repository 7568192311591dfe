import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../test/api-stub.tsx';
import { patientPage, serverError } from '../../test/fixtures.ts';
import { VisitPanel } from './VisitForm.tsx';
import { visitErrorKey } from './visit-sections.ts';

afterEach(cleanup);

const section = (title: string) => screen.getByText(title).closest('details') as HTMLElement;
const errorUnder = (input: HTMLElement) =>
  document.getElementById(
    input
      .getAttribute('aria-describedby')
      ?.split(' ')
      .find((id) => id.endsWith('-error')) ?? '',
  )?.textContent;

async function openVisit(handlers = {}) {
  const user = userEvent.setup();
  const view = renderWithApi(<VisitPanel page={patientPage()} />, {
    'patients.timeline': () => patientPage(),
    'cohort.stats': () => ({}),
    ...handlers,
  });
  await user.click(screen.getByRole('button', { name: 'Record visit' }));
  return { user, ...view };
}

describe('the visit form', () => {
  it('starts with every section folded and sends only the filled ones, dates defaulting to the visit date', async () => {
    const record = vi.fn(() => ({ created: [], stoppedTherapyId: null }));
    const { user, calls } = await openVisit({ 'visits.record': record });
    for (const title of ['EDSS', 'Right eye (OD)', 'Left eye (OS)', 'New attack', 'Next dose (planned)'])
      expect(section(title).hasAttribute('open')).toBe(false);
    await user.clear(screen.getByLabelText('Visit date'));
    await user.type(screen.getByLabelText('Visit date'), '2026-11-20');
    await user.click(screen.getByText('EDSS'));
    await user.type(within(section('EDSS')).getByLabelText('EDSS score'), '3.5');
    await user.click(screen.getByText('Right eye (OD)'));
    await user.type(within(section('Right eye (OD)')).getByLabelText('Acuity (logMAR)'), '0.3');
    await user.click(screen.getByText('Next dose (planned)'));
    await user.type(within(section('Next dose (planned)')).getByLabelText('Date'), '2027-05-20');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    await waitFor(() => expect(record).toHaveBeenCalled());
    expect(calls.find((call) => call.path === 'visits.record')?.input).toEqual({
      patientId: 'p1',
      edss: { date: '2026-11-20', score: 3.5 },
      eyes: { OD: { date: '2026-11-20', logmar: 0.3 } },
      plannedDose: { date: '2027-05-20', therapyId: 'th2' },
    });
    expect((await screen.findByRole('status')).textContent).toBe('Visit saved.');
    // The page data is reloaded: the patient's timeline is fetched again by whoever shows it.
    expect(screen.queryByRole('form', { name: 'Visit form' })).toBeNull();
  });

  it('shows a bad field under the field in its section and sends nothing', async () => {
    const record = vi.fn();
    const { user } = await openVisit({ 'visits.record': record });
    await user.click(screen.getByText('Left eye (OS)'));
    const acuity = within(section('Left eye (OS)')).getByLabelText('Acuity (logMAR)');
    await user.type(acuity, '5');
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    expect(errorUnder(acuity)).toMatch(/3/);
    expect(record).not.toHaveBeenCalled();
    await user.clear(acuity);
    await user.type(acuity, '0.2');
    expect(errorUnder(acuity)).toBeUndefined();
  });

  it("puts the server's field errors under the fields they name, opening their section", async () => {
    const record = vi.fn(() => {
      throw serverError('BAD_REQUEST', 400, [{ path: 'bodyWeight.date', message: 'must not be in the future' }]);
    });
    const { user } = await openVisit({ 'visits.record': record });
    await user.click(screen.getByText('Body weight'));
    await user.type(within(section('Body weight')).getByLabelText('Weight (kg)'), '70');
    await user.click(screen.getByText('Body weight'));
    await user.click(screen.getByRole('button', { name: 'Save visit' }));
    await waitFor(() => expect(section('Body weight').hasAttribute('open')).toBe(true));
    expect(errorUnder(within(section('Body weight')).getByLabelText('Date'))).toBe('must not be in the future');
  });

  it('maps error paths of the visit to section and field', () => {
    expect(visitErrorKey('eyes.OD.logmar')).toBe('eyes.OD.logmar');
    expect(visitErrorKey('attack.acuteTreatments.0.days')).toBe('attack.acuteTreatments.0.days');
    expect(visitErrorKey('dose.therapyId')).toBe('dose._form');
    expect(visitErrorKey('patientId')).toBe('_form');
  });
});
