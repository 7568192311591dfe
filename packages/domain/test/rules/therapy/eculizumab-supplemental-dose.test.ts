import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { eculizumabSupplementalDoseRule } from '../../../src/rules/therapy/eculizumab-supplemental-dose.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, therapy } from './builders.ts';

const rule = eculizumabSupplementalDoseRule;
const CODE = ['ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE'];
const eculizumab = therapy('eculizumab', '2023-01-10', { stopDate: '2024-01-10' });
const plexOn = (date: string, sessions?: number) =>
  attack(date, [{ type: 'plex', startDate: date, ...(sessions === undefined ? {} : { sessions }) }]);

describe('ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE', () => {
  it.each([
    ['the day before eculizumab starts', '2023-01-09', false],
    ['on the eculizumab start day', '2023-01-10', true],
    ['on the eculizumab stop day', '2024-01-10', true],
    ['the day after eculizumab stops', '2024-01-11', false],
  ])('PLEX started %s', (_label, date, flagged) => {
    expect(codes(run(rule, patientWith([eculizumab, plexOn(date, 5)]), '2024-06-01'))).toEqual(flagged ? CODE : []);
  });

  it('is a warning dated at the PLEX start with sessions and the eculizumab start', () => {
    const patient = patientWith([
      eculizumab,
      attack('2023-05-01', [
        { type: 'ivmp', startDate: '2023-05-01', days: 5, dailyDoseMg: 1000 },
        { type: 'plex', startDate: '2023-05-07', sessions: 5 },
      ]),
    ]);
    const [flag] = run(rule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      date: '2023-05-07',
      source: SOURCES.eculizumabPlex,
      details: {
        plexStartDate: '2023-05-07',
        sessions: 5,
        attackOnset: '2023-05-01',
        eculizumabStartDate: '2023-01-10',
        supplementalDoseMg: 600,
      },
    });
    expect(flag?.message).toBe(
      'Plasma exchange started on 2023-05-07 (5 sessions) for the attack of 2023-05-01, during eculizumab maintenance (started 2023-01-10): plasma exchange removes eculizumab, and the guideline calls for a supplemental 600 mg within 60 minutes after each session when the most recent dose was at least 600 mg.',
    );
  });

  it.each([
    [1, '1 session'],
    [undefined, 'number of sessions not recorded'],
  ])('sessions %s', (sessions, text) => {
    const [flag] = run(rule, patientWith([eculizumab, plexOn('2023-05-07', sessions)]), '2024-06-01');
    expect(flag?.message).toContain(`(${text})`);
    expect(flag?.details.sessions).toBe(sessions ?? null);
  });

  it('PLEX after as-of is not seen; eculizumab ongoing at as-of counts', () => {
    const ongoing = therapy('eculizumab', '2023-01-10');
    expect(run(rule, patientWith([ongoing, plexOn('2024-06-02')]), '2024-06-01')).toEqual([]);
    expect(codes(run(rule, patientWith([ongoing, plexOn('2024-06-01')]), '2024-06-01'))).toEqual(CODE);
  });

  it('ignores other acute treatments, other complement inhibitors and attacks without treatment', () => {
    const events = [
      eculizumab,
      therapy('ravulizumab', '2024-02-01'),
      attack('2023-03-01', [
        { type: 'ivmp', startDate: '2023-03-01' },
        { type: 'ivig', startDate: '2023-03-05' },
      ]),
      { type: 'relapse', onsetDate: '2023-04-01', phenotype: 'optic_neuritis', severity: 'mild' } as const,
      plexOn('2024-03-01'),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
    expect(run(rule, patientWith([plexOn('2024-03-01')]), '2024-06-01')).toEqual([]);
  });

  it('one flag per PLEX course, several attacks, input order irrelevant; the latest active course is named', () => {
    const events = [
      therapy('eculizumab', '2023-01-10'),
      therapy('eculizumab', '2023-06-01', { doses: ['2023-06-01'] }),
      plexOn('2023-03-01', 5),
      plexOn('2023-08-01', 7),
    ];
    const flags = run(rule, patientWith(events), '2024-06-01');
    expect(flags.map((f) => [f.date, f.details.eculizumabStartDate])).toEqual([
      ['2023-03-01', '2023-01-10'],
      ['2023-08-01', '2023-06-01'],
    ]);
    expect(run(rule, patientWith([...events].reverse()), '2024-06-01')).toEqual(flags);
  });
});
