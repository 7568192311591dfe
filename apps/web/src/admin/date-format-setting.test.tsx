import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApi } from '../test/api-stub.tsx';
import { DateFormatSetting } from './DateFormatSetting.tsx';

afterEach(cleanup);

describe('the date format setting', () => {
  it('offers each locale by an example date and saves the one chosen', async () => {
    const user = userEvent.setup();
    let stored = 'en-GB';
    const { calls } = renderWithApi(<DateFormatSetting />, {
      'settings.display': () => ({ dateLocale: stored }),
      'settings.updateDisplay': (input) => {
        stored = (input as { dateLocale: string }).dateLocale;
        return { dateLocale: stored };
      },
    });
    const select = screen.getByLabelText('Dates shown as') as HTMLSelectElement;
    expect(await screen.findByRole('option', { name: '3 Feb 2024 (en-GB)' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Feb 3, 2024 (en-US)' })).toBeTruthy();

    await user.selectOptions(select, 'en-US');
    await user.click(screen.getByRole('button', { name: 'Save date format' }));
    expect(await screen.findByText('Dates are now shown as Feb 3, 2024.')).toBeTruthy();
    expect(calls.find((call) => call.path === 'settings.updateDisplay')?.input).toEqual({ dateLocale: 'en-US' });
  });
});
