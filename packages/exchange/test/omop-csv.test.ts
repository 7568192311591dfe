import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/index.ts';
import { omopCsv } from '../src/omop/csv.ts';

/** The OMOP writer's CSV cells against csv-stringify's (toCsv, every other CSV export): the same bytes. */
describe('omopCsv', () => {
  it('writes what toCsv writes: NULL empty, numbers plain, text quoted only when it must be, formulas escaped', () => {
    const columns = ['id', 'date', 'value', 'text'];
    const rows = [
      { id: 1, date: '2024-02-29', value: -0.3, text: 'EDSS (SNOMED 273554001)' },
      { id: 2, date: null, value: undefined, text: 'a, "quoted"\nline' },
      { id: 3, date: '2024-03-01', value: 1e21, text: '=HYPERLINK("x")' },
      { id: 4, date: '2024-03-02', value: 0, text: "'-5" },
      { id: 5, date: '2024-03-03', value: 3.5, text: '-5' },
      { id: 6, date: '2024-03-04', value: 1, text: 'carriage\rreturn' },
    ];
    expect(omopCsv(rows, columns, true)).toBe(toCsv(rows, columns, true));
    expect(omopCsv(rows, columns, false).split('\n')[1]).toBe('2,,,"a, ""quoted""');
    expect(omopCsv([], columns, true)).toBe('id,date,value,text\n');
  });
});
