import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FlagChips } from '../ui/FlagChip.tsx';
import { filtersOf, NO_FILTERS, statsFiltersOf } from './cohort-filters.ts';

describe('cohort filters', () => {
  it('send nothing for empty inputs and typed values as the API takes them', () => {
    expect(filtersOf(NO_FILTERS)).toEqual({});
    expect(
      filtersOf({
        ...NO_FILTERS,
        search: '  smith ',
        therapy: 'none',
        edssMin: '3.5',
        edssMax: 'six',
        flagCode: 'LOW_IGG',
      }),
    ).toEqual({ search: 'smith', currentTherapies: ['none'], edssMin: 3.5, edssMax: 'six', flagCodes: ['LOW_IGG'] });
  });

  it('leave the word search out of the statistics (they show no identities)', () => {
    expect(statsFiltersOf({ ...NO_FILTERS, search: 'smith', aqp4Status: 'positive' })).toEqual({
      aqp4Status: ['positive'],
    });
  });
});

describe('flag chips', () => {
  it('show each flag once, by its title, with how many are open', () => {
    const { container } = render(
      <FlagChips
        flags={[
          { code: 'BREAKTHROUGH_RELAPSE', severity: 'critical' },
          { code: 'BREAKTHROUGH_RELAPSE', severity: 'critical' },
          { code: 'LOW_IGG', severity: 'warning' },
        ]}
      />,
    );
    expect([...container.querySelectorAll('.chip')].map((c) => [c.textContent, c.className])).toEqual([
      ['Breakthrough relapse (critical)', 'chip critical'],
      ['Low IgG (warning)', 'chip warning'],
    ]);
    expect(container.querySelector('.chip-count')?.textContent).toBe('×2');
  });
});

describe('flag chips in the cohort table', () => {
  it('show at most the first codes and say how many more there are', () => {
    const { container } = render(
      <FlagChips
        max={1}
        flags={[
          { code: 'BREAKTHROUGH_RELAPSE', severity: 'critical' },
          { code: 'LOW_IGG', severity: 'warning' },
          { code: 'MRI_OVERDUE', severity: 'warning' },
        ]}
      />,
    );
    expect(container.querySelectorAll('.chip')).toHaveLength(1);
    expect(container.querySelector('.chip-more')?.textContent).toBe('+2 more');
    expect(container.querySelector('.chip-more')?.getAttribute('title')).toBe('Low IgG, MRI overdue');
  });
});
