import { describe, expect, it } from 'vitest';
import { addDays, laterDate } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import {
  eculizumabSupplementalDoseRule,
  ravulizumabSupplementalDoseRule,
} from '../../../src/rules/therapy/supplemental-dose.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, therapy } from './builders.ts';
import { expired, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = eculizumabSupplementalDoseRule;
const CODE = ['ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE'];
const eculizumab = therapy('eculizumab', '2023-01-10', { stopDate: '2024-01-10' });
const plexOn = (date: string, sessions?: number) =>
  attack(date, [{ type: 'plex', startDate: date, ...(sessions === undefined ? {} : { sessions }) }]);

describe('ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE', () => {
  it.each([
    // Before the start: eculizumab started during the PLEX course (see below) up to 14 days before.
    ['15 days before eculizumab starts', '2022-12-26', false],
    ['14 days before eculizumab starts', '2022-12-27', true],
    ['on the eculizumab start day', '2023-01-10', true],
    ['on the eculizumab stop day', '2024-01-10', true],
    ['the day after eculizumab stops', '2024-01-11', false],
  ])('PLEX started %s', (_label, date, flagged) => {
    const flags = run(rule, patientWith([eculizumab, plexOn(date, 5)]), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
    // No eculizumab dose recorded, and the PLEX course (14 days) is over by 2024-06-01.
    expect(lifecycles(flags)).toEqual(flagged ? [expired(laterDate(date, '2023-01-10'), addDays(date, 15))] : []);
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
      status: 'expired',
      date: '2023-05-07',
      source: SOURCES.eculizumabPlex,
      details: {
        expiredOn: '2023-05-22',
        plexStartDate: '2023-05-07',
        sessions: 5,
        attackOnset: '2023-05-01',
        eculizumabStartDate: '2023-01-10',
        supplementalDoseMg: 600,
      },
      message:
        'Plasma exchange started on 2023-05-07 (5 sessions) for the attack of 2023-05-01, during eculizumab maintenance (started 2023-01-10): plasma exchange removes eculizumab, and the SOLIRIS label calls for a supplemental 600 mg within 60 minutes after each session when the most recent dose was at least 600 mg.',
    });
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
    const flags = run(rule, patientWith([ongoing, plexOn('2024-06-01')]), '2024-06-01');
    expect(codes(flags)).toEqual(CODE);
    expect(statuses(flags)).toEqual(['open']);
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
    expect(statuses(flags)).toEqual(['expired', 'expired']);
    expect(run(rule, patientWith([...events].reverse()), '2024-06-01')).toEqual(flags);
  });

  describe('lifecycle: resolved by an eculizumab dose within the PLEX course, else expired after it', () => {
    const PLEX = '2023-05-07';
    const course = (doses: string[]) => therapy('eculizumab', '2023-01-10', { doses: ['2023-01-10', ...doses] });

    it.each([
      ['the day before the PLEX', -1, []],
      ['on the PLEX start', 0, [opened(PLEX)]],
      ['on start + 14, the last day of the course', 14, [opened(PLEX)]],
      ['on start + 15', 15, [expired(PLEX, '2023-05-22')]],
      ['a year later', 365, [expired(PLEX, '2023-05-22')]],
    ])('no dose recorded: as of %s', (_label, day, expected) => {
      expect(lifecycles(run(rule, patientWith([course([]), plexOn(PLEX, 5)]), addDays(PLEX, day)))).toEqual(expected);
    });

    it.each([
      ['the day before the dose', 2, 3, [opened(PLEX)]],
      ['on the dose', 3, 3, [resolved(PLEX, '2023-05-10', 'supplemental dose given on 2023-05-10')]],
      [
        'after the course, dose on day 3',
        30,
        3,
        [resolved(PLEX, '2023-05-10', 'supplemental dose given on 2023-05-10')],
      ],
      ['on the PLEX start, dose that day', 0, 0, [resolved(PLEX, PLEX, `supplemental dose given on ${PLEX}`)]],
      [
        'after the course, dose on day 14',
        30,
        14,
        [resolved(PLEX, '2023-05-21', 'supplemental dose given on 2023-05-21')],
      ],
      ['after the course, dose on day 15 (too late)', 30, 15, [expired(PLEX, '2023-05-22')]],
      ['after the course, dose the day before the PLEX', 30, -1, [expired(PLEX, '2023-05-22')]],
    ])('as of %s', (_label, day, doseDay, expected) => {
      const patient = patientWith([course([addDays(PLEX, doseDay)]), plexOn(PLEX, 5)]);
      expect(lifecycles(run(rule, patient, addDays(PLEX, day)))).toEqual(expected);
    });

    it.each([
      [7, '2023-05-14', [opened(PLEX)]],
      [7, '2023-05-15', [expired(PLEX, '2023-05-15')]],
    ])('plexCourseDays %i as of %s', (days, asOf, expected) => {
      const flags = run(rule, patientWith([course([]), plexOn(PLEX)]), asOf, { lifecycle: { plexCourseDays: days } });
      expect(lifecycles(flags)).toEqual(expected);
    });
  });
});

describe('a complement inhibitor started during a PLEX course (PLEX 2023-05-07, course to 2023-05-21)', () => {
  const PLEX = '2023-05-07';
  const startedOn = (agent: 'eculizumab' | 'ravulizumab', first: string, later: string[] = []) =>
    therapy(agent, first, { doses: [first, ...later] });

  it.each([
    ['the day before the PLEX (active on its start)', '2023-05-06', PLEX, false],
    ['on the PLEX start', PLEX, PLEX, true],
    ['the day after the PLEX start', '2023-05-08', '2023-05-08', true],
    ['on the last day of the PLEX course', '2023-05-21', '2023-05-21', true],
    ['the day after the PLEX course', '2023-05-22', null, false],
  ])('first dose %s', (_label, first, flagDate, during) => {
    for (const [rule, agent] of [
      [eculizumabSupplementalDoseRule, 'eculizumab'],
      [ravulizumabSupplementalDoseRule, 'ravulizumab'],
    ] as const) {
      const flags = run(rule, patientWith([startedOn(agent, first), plexOn(PLEX, 5)]), '2023-05-21');
      expect(flags.map((f) => [f.date, f.status, f.details.startedDuringPlex])).toEqual(
        flagDate === null ? [] : [[flagDate, 'open', during]],
      );
    }
  });

  it('names the start during PLEX in the message', () => {
    const [flag] = run(
      eculizumabSupplementalDoseRule,
      patientWith([startedOn('eculizumab', '2023-05-10'), plexOn(PLEX, 5)]),
      '2023-05-12',
    );
    expect(flag?.message).toContain(
      'Plasma exchange started on 2023-05-07 (5 sessions) for the attack of 2023-05-07, Eculizumab was started during it (first dose 2023-05-10): plasma exchange removes eculizumab',
    );
  });

  const FIRST = '2023-05-10';
  it.each([
    ['the first dose alone does not resolve it', [], '2023-05-21', [opened(FIRST)]],
    ['a second dose the same day does not either', [FIRST], '2023-05-21', [opened(FIRST)]],
    [
      'a dose the day after the first',
      ['2023-05-11'],
      '2023-05-21',
      [resolved(FIRST, '2023-05-11', 'supplemental dose given on 2023-05-11')],
    ],
    [
      'a dose on the last day of the course',
      ['2023-05-21'],
      '2023-06-30',
      [resolved(FIRST, '2023-05-21', 'supplemental dose given on 2023-05-21')],
    ],
    ['a dose the day after the course (too late)', ['2023-05-22'], '2023-06-30', [expired(FIRST, '2023-05-22')]],
  ])('%s', (_label, later, asOf, expected) => {
    const flags = run(
      ravulizumabSupplementalDoseRule,
      patientWith([startedOn('ravulizumab', FIRST, later), plexOn(PLEX, 5)]),
      asOf,
    );
    expect(lifecycles(flags)).toEqual(expected);
  });
});

describe('RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE', () => {
  const rule = ravulizumabSupplementalDoseRule;
  const ravulizumab = therapy('ravulizumab', '2023-01-10', {
    stopDate: '2024-01-10',
    administrations: [
      { date: '2023-01-10', doseMg: 2700 },
      { date: '2023-01-24', doseMg: 3300 },
    ],
  });

  it.each([
    ['15 days before ravulizumab starts', '2022-12-26', false],
    ['14 days before ravulizumab starts (started during PLEX)', '2022-12-27', true],
    ['on the ravulizumab start day', '2023-01-10', true],
    ['on the ravulizumab stop day', '2024-01-10', true],
    ['the day after ravulizumab stops', '2024-01-11', false],
  ])('PLEX started %s', (_label, date, flagged) => {
    const flags = run(rule, patientWith([ravulizumab, plexOn(date, 5)]), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? ['RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE'] : []);
  });

  it('is a warning citing the ULTOMIRIS label, with the most recent dose', () => {
    const [flag] = run(rule, patientWith([ravulizumab, plexOn('2023-05-07', 5)]), '2023-05-08');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: '2023-05-07',
      source: SOURCES.ravulizumabPlex,
      details: {
        plexStartDate: '2023-05-07',
        sessions: 5,
        ravulizumabStartDate: '2023-01-10',
        startedDuringPlex: false,
        lastDoseMg: 3300,
        supplementalWithinHours: 4,
      },
      message:
        'Plasma exchange started on 2023-05-07 (5 sessions) for the attack of 2023-05-07, during ravulizumab maintenance (started 2023-01-10): plasma exchange removes ravulizumab, and the ULTOMIRIS label calls for a supplemental dose, its amount set by the most recent dose, within 4 hours after each session.',
    });
  });

  it.each([
    ['on the PLEX start + 14', '2023-05-21', [opened('2023-05-07')]],
    ['on the PLEX start + 15', '2023-05-22', [expired('2023-05-07', '2023-05-22')]],
  ])('no dose: as of %s', (_label, asOf, expected) => {
    expect(lifecycles(run(rule, patientWith([ravulizumab, plexOn('2023-05-07')]), asOf))).toEqual(expected);
  });

  it('a ravulizumab dose in the PLEX course resolves it; eculizumab is not its concern', () => {
    const dosed = therapy('ravulizumab', '2023-01-10', { doses: ['2023-01-10', '2023-05-09'] });
    expect(lifecycles(run(rule, patientWith([dosed, plexOn('2023-05-07')]), '2023-06-01'))).toEqual([
      resolved('2023-05-07', '2023-05-09', 'supplemental dose given on 2023-05-09'),
    ]);
    expect(run(rule, patientWith([therapy('eculizumab', '2023-01-10'), plexOn('2023-05-07')]), '2023-06-01')).toEqual(
      [],
    );
  });
});
