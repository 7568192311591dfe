import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { meningococcalVaccinationRule } from '../../../src/rules/therapy/meningococcal-vaccination.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy, vaccination } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = meningococcalVaccinationRule;
const CODE = ['MENINGOCOCCAL_VACCINATION_MISSING'];
const FIRST = '2024-03-01';
const eculizumab = therapy('eculizumab', FIRST);
const both = (daysBefore: number) => [
  vaccination(addDays(FIRST, -daysBefore), 'menacwy'),
  vaccination(addDays(FIRST, -daysBefore), 'menb'),
];

describe('MENINGOCOCCAL_VACCINATION_MISSING', () => {
  // Vaccines given late are still on record, so the series is complete from that day: the flag (about
  // how the course started) is resolved on it.
  it.each([
    ['15 days before', 15, false],
    ['exactly 14 days before', 14, false],
    ['13 days before', 13, true],
    ['on the first dose day', 0, true],
    ['a year before', 365, false],
  ])('both vaccines %s the first dose', (_label, daysBefore, flagged) => {
    const flags = run(rule, patientWith([eculizumab, ...both(daysBefore)]), '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
    const on = addDays(FIRST, -daysBefore);
    // A flag is never resolved before its own date (the first dose): vaccines given too late, but
    // before the first dose, resolve it on that day.
    expect(lifecycles(flags)).toEqual(flagged ? [resolved(FIRST, FIRST, `vaccination series completed on ${on}`)] : []);
  });

  it.each([
    ['eculizumab', true],
    ['ravulizumab', true],
    ['satralizumab', false],
    ['rituximab', false],
  ] as const)('%s without vaccination: flagged %s', (agent, flagged) => {
    const flags = run(rule, patientWith([therapy(agent, FIRST)]), '2024-06-01');
    expectOpenWhen(flags, flagged, CODE);
  });

  const stoppedOn = resolved(FIRST, '2024-05-01', 'ravulizumab stopped on 2024-05-01');
  it.each([
    ['the day before the start', '2024-02-29', []],
    ['on the start', FIRST, [opened(FIRST)]],
    ['the day before the stop', '2024-04-30', [opened(FIRST)]],
    ['on the stop day', '2024-05-01', [stoppedOn]],
    ['after the stop', '2024-05-02', [stoppedOn]],
  ])('course active (then stopped) as of %s', (_label, asOf, expected) => {
    const patient = patientWith([therapy('ravulizumab', FIRST, { stopDate: '2024-05-01' })]);
    expect(lifecycles(run(rule, patient, asOf))).toEqual(expected);
  });

  it('nothing recorded: critical, dated at the first dose, names both vaccines', () => {
    const [flag] = run(rule, patientWith([eculizumab]), '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'critical',
      status: 'open',
      date: FIRST,
      source: SOURCES.meningococcal,
      details: {
        agent: 'eculizumab',
        firstDoseDate: FIRST,
        leadDays: 14,
        vaccinateBy: '2024-02-16',
        missing: [
          { vaccine: 'menacwy', status: 'not_recorded', dates: [] },
          { vaccine: 'menb', status: 'not_recorded', dates: [] },
        ],
      },
      message:
        'Eculizumab first dose on 2024-03-01: no MenACWY vaccination recorded; no MenB vaccination recorded. Meningococcal ACWY and B vaccination is required at least 14 days before the first dose (by 2024-02-16); if therapy could not wait, antibacterial prophylaxis must cover the gap.',
    });
  });

  it('one in time, the other too late: only the late one is named, with its dates', () => {
    const events = [
      eculizumab,
      vaccination('2024-01-01', 'menacwy'),
      vaccination('2024-02-20', 'menb'),
      vaccination('2024-03-01', 'menb'),
      vaccination('2024-03-02', 'menb'),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.details.missing).toEqual([
      { vaccine: 'menb', status: 'too_late', dates: ['2024-02-20', '2024-03-01', '2024-03-02'] },
    ]);
    expect(flag?.message).toBe(
      'Eculizumab first dose on 2024-03-01: MenB given only on 2024-02-20 (10 days before the first dose) and on 2024-03-01 (the day of the first dose) and on 2024-03-02 (1 day after the first dose). Meningococcal ACWY and B vaccination is required at least 14 days before the first dose (by 2024-02-16); if therapy could not wait, antibacterial prophylaxis must cover the gap.',
    );
    // Both were on record from the first MenB on 2024-02-20, before the first dose: resolved on the
    // first dose's day (a flag is never resolved before its own date).
    expect(flag).toMatchObject({
      status: 'resolved',
      resolvedOn: '2024-03-01',
      resolution: 'vaccination series completed on 2024-02-20',
    });
  });

  it('the first dose is the first recorded administration, not the start date', () => {
    const course = therapy('eculizumab', '2024-02-01', { doses: ['2024-03-01', '2024-03-08'] });
    expect(run(rule, patientWith([course, ...both(14)]), '2024-06-01')).toEqual([]);
    const [flag] = run(rule, patientWith([course, ...both(13)]), '2024-06-01');
    expect(flag?.date).toBe(FIRST);
    expect(flag?.status).toBe('resolved');
  });

  it('vaccinations after as-of are not seen; other vaccines do not count', () => {
    const events = [
      eculizumab,
      vaccination('2024-01-01', 'pneumococcal'),
      vaccination('2024-01-01', 'menacwy'),
      vaccination('2024-07-01', 'menb'),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.details.missing).toEqual([{ vaccine: 'menb', status: 'not_recorded', dates: [] }]);
    expect(flag?.status).toBe('open');
  });

  it('a restart counts earlier vaccinations; each active course is judged', () => {
    const events = [
      vaccination('2020-01-01', 'menacwy'),
      vaccination('2020-01-01', 'menb'),
      therapy('eculizumab', '2020-02-01', { stopDate: '2021-01-01' }),
      therapy('eculizumab', '2023-01-01'),
    ];
    expect(run(rule, patientWith(events), '2024-06-01')).toEqual([]);
  });

  it.each([
    [7, 13, false],
    [14, 13, true],
    [28, 27, true],
    [28, 28, false],
  ])('meningococcalLeadDays %i, vaccinated %i days before', (lead, daysBefore, flagged) => {
    const flags = run(rule, patientWith([eculizumab, ...both(daysBefore)]), '2024-06-01', {
      therapy: { meningococcalLeadDays: lead },
    });
    expect(codes(flags)).toEqual(flagged ? CODE : []);
    expect(statuses(flags)).toEqual(flagged ? ['resolved'] : []);
  });

  describe('lifecycle: open until both vaccines are on record or the course stops', () => {
    const ACWY = addDays(FIRST, 10);
    const MENB = addDays(FIRST, 20);
    const completed = resolved(FIRST, MENB, `vaccination series completed on ${MENB}`);
    it.each([
      ['on the first dose', 0, [opened(FIRST)]],
      ['on the MenACWY day (MenB still missing)', 10, [opened(FIRST)]],
      ['the day before MenB', 19, [opened(FIRST)]],
      ['on the MenB day', 20, [completed]],
      ['a year later', 365, [completed]],
    ])('vaccinated after the first dose: as of %s', (_label, day, expected) => {
      const patient = patientWith([eculizumab, vaccination(ACWY, 'menacwy'), vaccination(MENB, 'menb')]);
      expect(lifecycles(run(rule, patient, addDays(FIRST, day)))).toEqual(expected);
    });

    it.each([
      ['the day before the stop', 29, [opened(FIRST)]],
      ['on the stop day', 30, [resolved(FIRST, '2024-03-31', 'eculizumab stopped on 2024-03-31')]],
    ])('stopped unvaccinated on day 30: as of %s', (_label, day, expected) => {
      const patient = patientWith([therapy('eculizumab', FIRST, { stopDate: '2024-03-31' })]);
      expect(lifecycles(run(rule, patient, addDays(FIRST, day)))).toEqual(expected);
    });

    it('a vaccination on the stop day wins over the stop; the earlier of the two resolves', () => {
      const course = therapy('eculizumab', FIRST, { stopDate: '2024-03-31' });
      const sameDay = [course, vaccination('2024-01-01', 'menacwy'), vaccination('2024-03-31', 'menb')];
      expect(lifecycles(run(rule, patientWith(sameDay), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-03-31', 'vaccination series completed on 2024-03-31'),
      ]);
      const later = [course, vaccination('2024-01-01', 'menacwy'), vaccination('2024-04-01', 'menb')];
      expect(lifecycles(run(rule, patientWith(later), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-03-31', 'eculizumab stopped on 2024-03-31'),
      ]);
    });

    it('a past unvaccinated course is resolved history; a later course after vaccination raises nothing', () => {
      const events = [
        therapy('eculizumab', '2020-02-01', { stopDate: '2021-01-01' }),
        vaccination('2022-06-01', 'menacwy'),
        vaccination('2022-06-01', 'menb'),
        therapy('ravulizumab', '2023-01-01'),
      ];
      const flags = run(rule, patientWith(events), '2024-06-01');
      expect(flags.map((f) => f.details.agent)).toEqual(['eculizumab']);
      expect(lifecycles(flags)).toEqual([resolved('2020-02-01', '2021-01-01', 'eculizumab stopped on 2021-01-01')]);
    });
  });
});
