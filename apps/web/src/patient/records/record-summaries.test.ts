import { describe, expect, it } from 'vitest';
import { describeRecord } from './record-summaries.ts';

describe('record summaries', () => {
  const lab = (fields: Record<string, unknown>) => ({ id: 'l1', version: 1, date: '2024-01-01', ...fields });

  it('shows a lab unit by its label, not its UCUM code', () => {
    expect(describeRecord('labs', lab({ test: 'wbc', value: 5.3, unit: '10*9/L' }))).toBe('White cells, 5.3 ×10⁹/L');
    expect(describeRecord('labs', lab({ test: 'bilirubin', value: 12, unit: 'umol/L' }))).toBe('Bilirubin, 12 µmol/L');
    expect(describeRecord('labs', lab({ test: 'igg', value: 800 }))).toBe('IgG, 800');
    expect(describeRecord('labs', lab({ test: 'hbsag', result: 'negative' }))).toBe('HBsAg, negative');
  });

  it('writes the dates inside a summary in the clinic format', () => {
    const therapy = { id: 't1', version: 1, agent: 'rituximab', startDate: '2020-02-01', stopDate: '2022-08-01' };
    expect(describeRecord('therapies', therapy)).toBe('rituximab, until 1 Aug 2022');
  });
});
