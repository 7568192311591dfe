import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderAt } from '../test/in-app.tsx';

const row = (n: number) => ({
  patientId: `00000000-0000-4000-8000-00000000000${n}`,
  mrn: `MRN-${n}`,
  familyName: `Family${n}`,
  givenName: `Given${n}`,
  age: 40,
  aqp4Status: 'positive',
  currentTherapies: [],
  lastEdss: null,
  annualizedRelapseRate: 0.2,
  attackCount: 1,
  openFlags: [],
  maxDaysOverdue: 0,
  lastVisitDate: '2026-01-02',
});

const cohortApi = {
  'cohort.overview': (input: unknown) => ({
    items: [row(1), row(2)],
    total: 60,
    nextCursor: `after-${(input as { cursor?: string }).cursor ?? 'first'}`,
  }),
  'cohort.stats': () => ({ patients: 60, flagged: 10, bySeverity: {}, byFlag: {} }),
};

const overviewInputs = (calls: { path: string; input: unknown }[]) =>
  calls.filter((call) => call.path === 'cohort.overview').map((call) => call.input);

describe('the cohort in the URL', () => {
  it('opens with the filters, sort and page of the link', async () => {
    const { calls } = renderAt('/?aqp4Status=positive&sort=name&direction=asc&page=2&cursor=c2', cohortApi);
    expect(await screen.findByText('Page 2 of 3')).toBeTruthy();
    expect(overviewInputs(calls).at(-1)).toEqual({
      aqp4Status: ['positive'],
      sort: { column: 'name', direction: 'asc' },
      limit: 25,
      cursor: 'c2',
    });
    expect((screen.getByLabelText('AQP4-IgG') as HTMLSelectElement).value).toBe('positive');
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByRole('link', { name: 'Family1, Given1' }).getAttribute('href')).toBe(
      '/patients/00000000-0000-4000-8000-000000000001',
    );
  });

  it('falls back to the defaults for parameters it cannot use', async () => {
    const { calls } = renderAt('/?sort=shoeSize&direction=up&page=x&flagCode=NOPE', cohortApi);
    expect(await screen.findByText('Page 1 of 3')).toBeTruthy();
    expect(overviewInputs(calls).at(-1)).toEqual({ sort: { column: 'severity', direction: 'desc' }, limit: 25 });
  });

  it('adds a history entry for a sort, a filter and a page, and replaces it while the search is typed', async () => {
    const user = userEvent.setup();
    const { router } = renderAt('/', cohortApi);
    await screen.findByText('Page 1 of 3');
    const entries = () => router.history.length;
    const start = entries();

    await user.click(screen.getByRole('button', { name: /^Age/ }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ sort: 'age', direction: 'asc' }));
    await user.selectOptions(screen.getByLabelText('MOG-IgG'), 'negative');
    await waitFor(() => expect(router.state.location.search).toMatchObject({ mogStatus: 'negative', sort: 'age' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ page: 2, cursor: 'after-first' }));
    expect(entries()).toBe(start + 3);

    await user.type(screen.getByLabelText('Search name or MRN'), 'naka');
    await waitFor(() => expect(router.state.location.search).toMatchObject({ search: 'naka', sort: 'age' }));
    expect((screen.getByLabelText('Search name or MRN') as HTMLInputElement).value).toBe('naka');
    // The filter change started again on the first page; the first keystroke added an entry, the others replaced it.
    expect(router.state.location.search).not.toHaveProperty('page');
    expect(entries()).toBe(start + 4);
    // Defaults stay out of the URL.
    expect(router.state.location.href).toBe('/?mogStatus=negative&search=naka&sort=age&direction=asc');

    router.history.back();
    await waitFor(() => expect(router.state.location.search).toMatchObject({ page: 2 }));
    expect((screen.getByLabelText('Search name or MRN') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('Page 2 of 3')).toBeTruthy();
    // Previous finds page 1 again (its cursor is none); from page 3 it would find page 2's.
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(router.state.location.search).not.toHaveProperty('page'));
  });
});

describe('cursor pages', () => {
  it('go back a page with the cursor seen before, or to the first page from a link opened elsewhere', async () => {
    const user = userEvent.setup();
    const { router } = renderAt('/?therapy=none&page=3&cursor=c3', cohortApi);
    expect(await screen.findByText('Page 3 of 3')).toBeTruthy();
    // Page 2's cursor was never seen in this tab: the way back is the first page.
    await user.click(screen.getByRole('button', { name: 'First page' }));
    await waitFor(() => expect(router.state.location.search).not.toHaveProperty('page'));
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await screen.findByText('Page 2 of 3');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Page 3 of 3');
    expect(router.state.location.search).toMatchObject({ page: 3, cursor: 'after-after-first' });
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ page: 2, cursor: 'after-first' }));
  });
});

describe('pages by role', () => {
  it('marks the current section in the navigation', async () => {
    renderAt('/worklist', { 'cohort.worklist': () => new Promise(() => {}) });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Worklist' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Cohort' }).getAttribute('aria-current')).toBeNull();
  });

  it('says a page is not available to a role that may not open it, or that does not exist', async () => {
    renderAt('/worklist', {}, 'researcher');
    expect(await screen.findByRole('heading', { name: 'Not available' })).toBeTruthy();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link')).toHaveLength(1);
  });

  it('says an unknown address is not available', async () => {
    renderAt('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Not available' })).toBeTruthy();
  });

  it('refuses a malformed patient id without asking the server', async () => {
    const { calls } = renderAt('/patients/not-a-uuid');
    expect(await screen.findByRole('heading', { name: 'Not available' })).toBeTruthy();
    expect(calls.some((call) => call.path.startsWith('patients.'))).toBe(false);
  });
});
