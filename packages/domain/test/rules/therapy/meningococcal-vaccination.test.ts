import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { meningococcalVaccinationRule } from '../../../src/rules/therapy/meningococcal-vaccination.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy, vaccination } from './builders.ts';
import { expectOpenWhen, expired, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = meningococcalVaccinationRule;
const CODE = ['MENINGOCOCCAL_VACCINATION_MISSING'];
const FIRST = '2024-03-01';
const eculizumab = therapy('eculizumab', FIRST);

/** MenACWY 2 doses 56 days apart, ending on `last`. */
const acwySeries = (last: string): TimelineEvent[] => [
  vaccination(addDays(last, -56), 'menacwy'),
  vaccination(last, 'menacwy'),
];
/** MenB (product not recorded) 3 doses at 0, 1 and 6 months, ending on `last`. */
const menbSeries = (last: string): TimelineEvent[] => [
  vaccination(addDays(last, -183), 'menb'),
  vaccination(addDays(last, -153), 'menb'),
  vaccination(last, 'menb'),
];
/** Both series complete on the day `daysBefore` the first dose. */
const both = (daysBefore: number) => [
  ...acwySeries(addDays(FIRST, -daysBefore)),
  ...menbSeries(addDays(FIRST, -daysBefore)),
];

describe('MENINGOCOCCAL_VACCINATION_MISSING', () => {
  it.each([
    ['15 days before', 15, false],
    ['exactly 14 days before', 14, false],
    ['13 days before', 13, 'open'],
    ['on the first dose day (resolved by it)', 0, 'resolved'],
    ['300 days before', 300, false],
  ])('both series complete %s the first dose', (_label, daysBefore, status) => {
    const flags = run(rule, patientWith([eculizumab, ...both(daysBefore)]), FIRST);
    expect(codes(flags)).toEqual(status ? CODE : []);
    expect(statuses(flags)).toEqual(status ? [status] : []);
  });

  it.each([
    // Completed 13 days before: prophylaxis was needed from the first dose to completion + 13 (the first dose).
    [13, FIRST, [opened(FIRST)]],
    [13, addDays(FIRST, 1), [expired(FIRST, addDays(FIRST, 1))]],
    // Completed the day before the first dose: needed to first dose + 12, expired from + 13.
    [1, addDays(FIRST, 12), [opened(FIRST)]],
    [1, addDays(FIRST, 13), [expired(FIRST, addDays(FIRST, 13))]],
  ])('series complete %i days before, no prophylaxis: as of %s', (daysBefore, asOf, expected) => {
    expect(lifecycles(run(rule, patientWith([eculizumab, ...both(daysBefore)]), asOf))).toEqual(expected);
  });

  it.each([
    ['eculizumab', true],
    ['ravulizumab', true],
    ['satralizumab', false],
    ['rituximab', false],
  ] as const)('%s without vaccination: flagged %s', (agent, flagged) => {
    expectOpenWhen(run(rule, patientWith([therapy(agent, FIRST)]), '2024-06-01'), flagged, CODE);
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
        seriesCompletedOn: null,
        prophylaxisNeededUntil: null,
      },
      message:
        'Eculizumab first dose on 2024-03-01: no MenACWY vaccination recorded; no MenB vaccination recorded. Meningococcal ACWY and B vaccination must be complete and current at least 14 days before the first dose (by 2024-02-16); otherwise antibacterial prophylaxis from the first dose until 14 days after the series is complete: no meningococcal prophylaxis is recorded from the first dose.',
    });
  });

  it('one dose of each is an incomplete series: both named with their dates', () => {
    const events = [eculizumab, vaccination('2024-01-01', 'menacwy'), vaccination('2024-01-01', 'menb')];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.details.missing).toEqual([
      { vaccine: 'menacwy', status: 'incomplete', dates: ['2024-01-01'] },
      { vaccine: 'menb', status: 'incomplete', dates: ['2024-01-01'] },
    ]);
    expect(flag?.message).toContain(
      'MenACWY series not complete by 2024-02-16 (given on 2024-01-01 (60 days before the first dose)); MenB series not complete by 2024-02-16',
    );
  });

  it.each([
    ['55 days apart: incomplete', 55, true],
    ['56 days apart (8 weeks): complete', 56, false],
  ])('MenACWY doses %s', (_label, apart, flagged) => {
    const events = [
      eculizumab,
      vaccination('2023-06-01', 'menacwy'),
      vaccination(addDays('2023-06-01', apart), 'menacwy'),
      ...menbSeries('2023-12-01'),
    ];
    expect(codes(run(rule, patientWith(events), FIRST))).toEqual(flagged ? CODE : []);
  });

  it.each([
    ['third MenB dose 182 days after the first: incomplete', 182, true],
    ['third MenB dose 183 days after the first: complete', 183, false],
  ])('%s', (_label, third, flagged) => {
    const events = [
      eculizumab,
      ...acwySeries('2023-06-01'),
      vaccination('2023-06-01', 'menb'),
      vaccination('2023-07-01', 'menb'),
      vaccination(addDays('2023-06-01', third), 'menb'),
    ];
    expect(codes(run(rule, patientWith(events), FIRST))).toEqual(flagged ? CODE : []);
  });

  describe('a series given years before is not current protection: the booster is due', () => {
    it.each([
      // MenACWY booster due 1825 days after the last dose; MenB 365 days after the primary series.
      ['MenACWY last dose 1824 days before', 1824, 100, false],
      ['MenACWY last dose 1825 days before', 1825, 100, true],
      ['MenB series 364 days before', 100, 364, false],
      ['MenB series 365 days before', 100, 365, true],
    ])('%s the first dose', (_label, acwyDays, menbDays, flagged) => {
      const events = [eculizumab, ...acwySeries(addDays(FIRST, -acwyDays)), ...menbSeries(addDays(FIRST, -menbDays))];
      const flags = run(rule, patientWith(events), FIRST);
      expect(codes(flags)).toEqual(flagged ? CODE : []);
      if (flagged) expect(flags[0]?.details.missing).toMatchObject([{ status: 'booster_due' }]);
    });

    it('both series given seven years before: both boosters due, named with their dates', () => {
      const events = [eculizumab, ...acwySeries('2017-03-01'), ...menbSeries('2017-03-01')];
      const [flag] = run(rule, patientWith(events), FIRST);
      expect(flag?.message).toContain(
        'MenACWY last given on 2017-03-01, booster due since 2022-02-28; MenB last given on 2017-03-01, booster due since 2018-03-01.',
      );
      // A booster of each before the first dose (at least 14 days) restores protection.
      const boosted = [...events, vaccination('2024-02-01', 'menacwy'), vaccination('2024-02-01', 'menb')];
      expect(run(rule, patientWith(boosted), FIRST)).toEqual([]);
    });
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

  it('the first dose is the first recorded administration, not the start date', () => {
    const course = therapy('eculizumab', '2024-02-01', { doses: ['2024-03-01', '2024-03-08'] });
    expect(run(rule, patientWith([course, ...both(14)]), FIRST)).toEqual([]);
    const [flag] = run(rule, patientWith([course, ...both(13)]), FIRST);
    expect(flag?.date).toBe(FIRST);
  });

  it('vaccinations after as-of are not seen; other vaccines do not count', () => {
    const events = [
      eculizumab,
      vaccination('2024-01-01', 'pneumococcal'),
      ...acwySeries('2023-06-01'),
      ...menbSeries('2024-07-01'),
    ];
    const [flag] = run(rule, patientWith(events), '2024-06-01');
    expect(flag?.details.missing).toEqual([
      { vaccine: 'menb', status: 'incomplete', dates: ['2023-12-31', '2024-01-30'] },
    ]);
    expect(flag?.status).toBe('open');
  });

  it('a restart counts earlier vaccinations while they are current', () => {
    const events = [
      ...both(900),
      therapy('eculizumab', '2022-01-01', { stopDate: '2022-06-01' }),
      vaccination('2023-01-01', 'menb'),
      therapy('eculizumab', FIRST),
    ];
    expect(run(rule, patientWith(events), FIRST)).toEqual([]);
  });

  it.each([
    [7, 13, false],
    [14, 13, true],
    [28, 27, true],
    [28, 28, false],
  ])('meningococcalLeadDays %i, series complete %i days before', (lead, daysBefore, flagged) => {
    const flags = run(rule, patientWith([eculizumab, ...both(daysBefore)]), FIRST, {
      therapy: { meningococcalLeadDays: lead },
    });
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it.each([
    [[30], 'two MenB doses a month apart complete the series (ACIP 2020 MenB-4C)', false],
    [[30, 183], 'two MenB doses a month apart do not', true],
  ])('menbDaysFromFirstDose.unknownProduct %j: %s', (schedule, _label, flagged) => {
    const events = [
      eculizumab,
      ...acwySeries('2023-06-01'),
      vaccination('2023-06-01', 'menb'),
      vaccination('2023-07-01', 'menb'),
    ];
    const flags = run(rule, patientWith(events), FIRST, {
      complement: { menbDaysFromFirstDose: { unknownProduct: schedule } },
    });
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  describe('lifecycle: vaccinated after the first dose, without prophylaxis', () => {
    const ACWY = addDays(FIRST, 10);
    const MENB = addDays(FIRST, 20);
    const events = [eculizumab, ...acwySeries(ACWY), ...menbSeries(MENB)];
    const completed = resolved(FIRST, MENB, `vaccination series completed on ${MENB}`);
    it.each([
      ['on the first dose', 0, [opened(FIRST)]],
      ['on the MenACWY day (MenB still incomplete)', 10, [opened(FIRST)]],
      ['the day before MenB completes', 19, [opened(FIRST)]],
      ['on the day MenB completes', 20, [completed]],
      ['a year later', 365, [completed]],
    ])('as of %s', (_label, day, expected) => {
      expect(lifecycles(run(rule, patientWith(events), addDays(FIRST, day)))).toEqual(expected);
    });

    it('a vaccination on the stop day wins over the stop; the earlier of the two resolves', () => {
      const course = therapy('eculizumab', FIRST, { stopDate: '2024-03-31' });
      const sameDay = [course, ...acwySeries('2024-01-01'), ...menbSeries('2024-03-31')];
      expect(lifecycles(run(rule, patientWith(sameDay), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-03-31', 'vaccination series completed on 2024-03-31'),
      ]);
      const later = [course, ...acwySeries('2024-01-01'), ...menbSeries('2024-04-01')];
      expect(lifecycles(run(rule, patientWith(later), '2024-06-01'))).toEqual([
        resolved(FIRST, '2024-03-31', 'eculizumab stopped on 2024-03-31'),
      ]);
    });
  });
});

describe('MenB products: a series is one product; pentavalent MenABCWY counts for both serogroup components', () => {
  const product = (date: string, vaccine: 'menb' | 'menabcwy' | 'menacwy', p?: string): TimelineEvent =>
    ({ type: 'vaccination', date, vaccine, ...(p === undefined ? {} : { product: p }) }) as TimelineEvent;
  const menb = (p: string | undefined, days: number[]) => days.map((d) => product(addDays('2023-06-01', d), 'menb', p));

  it.each([
    ['Bexsero 0, 30, 183 days', menb('bexsero', [0, 30, 183]), false],
    ['Bexsero 0, 30, 182 days', menb('bexsero', [0, 30, 182]), true],
    ['Trumenba 0, 30, 183 days', menb('trumenba', [0, 30, 183]), false],
    [
      'Bexsero, Trumenba, Bexsero (not interchangeable)',
      [...menb('bexsero', [0]), ...menb('trumenba', [30]), ...menb('bexsero', [183])],
      true,
    ],
    [
      'product not recorded for one dose (never mixed with a named product)',
      [...menb('bexsero', [0, 30]), ...menb(undefined, [183])],
      true,
    ],
    [
      'Penbraya, Trumenba, Penbraya (one manufacturer)',
      [
        product('2023-06-01', 'menabcwy', 'penbraya'),
        ...menb('trumenba', [30]),
        product(addDays('2023-06-01', 183), 'menabcwy', 'penbraya'),
      ],
      false,
    ],
    [
      'Penmenvy, Bexsero, Penmenvy',
      [
        product('2023-06-01', 'menabcwy', 'penmenvy'),
        ...menb('bexsero', [30]),
        product(addDays('2023-06-01', 183), 'menabcwy', 'penmenvy'),
      ],
      false,
    ],
  ])('%s (MenACWY complete): flagged %s', (_label, menbDoses, flagged) => {
    const events = [eculizumab, ...acwySeries('2023-06-01'), ...menbDoses];
    expect(codes(run(rule, patientWith(events), FIRST))).toEqual(flagged ? CODE : []);
  });

  it('two pentavalent doses 8 weeks apart complete the MenACWY series', () => {
    const events = [
      eculizumab,
      product('2023-06-01', 'menabcwy', 'penbraya'),
      product('2023-07-27', 'menabcwy', 'penbraya'),
      ...menb('trumenba', [183]),
    ];
    // MenACWY: 2023-06-01 and 2023-07-27 (56 days); MenB: Penbraya, Penbraya (56 days), Trumenba (183 days).
    expect(run(rule, patientWith(events), FIRST)).toEqual([]);
  });

  it.each([
    ['bexsero [30] (ACIP 2020)', { bexsero: [30] }, false],
    ['bexsero [30, 183] (ACIP 2024, the default)', {}, true],
  ])('menbDaysFromFirstDose %s: two Bexsero doses a month apart', (_label, schedule, flagged) => {
    const events = [eculizumab, ...acwySeries('2023-06-01'), ...menb('bexsero', [0, 30])];
    const flags = run(rule, patientWith(events), FIRST, { complement: { menbDaysFromFirstDose: schedule } });
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });
});

describe('antibacterial prophylaxis (indication meningococcal) from the first dose to 2 weeks after the series', () => {
  // Vaccinated after the first dose: MenACWY completes on FIRST + 10, MenB on FIRST + 20: prophylaxis is needed
  // from FIRST to FIRST + 33 (series + 13), both included.
  const vaccines = [...acwySeries(addDays(FIRST, 10)), ...menbSeries(addDays(FIRST, 20))];
  const prophylaxis = (start: number, stop: number | null, indication = 'meningococcal'): TimelineEvent =>
    ({
      type: 'prophylaxis',
      agent: 'amoxicillin',
      indication,
      startDate: addDays(FIRST, start),
      ...(stop === null ? {} : { stopDate: addDays(FIRST, stop) }),
    }) as TimelineEvent;
  const flagsWith = (covers: TimelineEvent[], asOfDay: number) =>
    run(rule, patientWith([eculizumab, ...vaccines, ...covers]), addDays(FIRST, asOfDay));

  it.each([
    ['from the first dose to series + 13', [prophylaxis(0, 33)], []],
    ['from the first dose, still taken', [prophylaxis(0, null)], []],
    ['from the first dose in two back-to-back courses', [prophylaxis(0, 10), prophylaxis(11, 40)], []],
  ])('covered %s: no flag', (_label, covers, expected) => {
    expect(lifecycles(flagsWith(covers, 60))).toEqual(expected);
  });

  it.each([
    ['on the last day needed (series + 13)', 33, [opened(addDays(FIRST, 33))]],
    ['the day after', 34, [expired(addDays(FIRST, 33), addDays(FIRST, 34))]],
  ])('stopped one day early (series + 12): as of %s', (_label, asOfDay, expected) => {
    expect(lifecycles(flagsWith([prophylaxis(0, 32)], asOfDay))).toEqual(expected);
  });

  it('stopped one day early: the message names the stop and the series', () => {
    const [flag] = flagsWith([prophylaxis(0, 32)], 33);
    expect(flag?.message).toContain(
      `meningococcal prophylaxis stopped on ${addDays(FIRST, 32)} while it was needed until ${addDays(FIRST, 33)} (series completed on ${addDays(FIRST, 20)}).`,
    );
    expect(flag?.details).toMatchObject({
      seriesCompletedOn: addDays(FIRST, 20),
      prophylaxisNeededUntil: addDays(FIRST, 33),
    });
  });

  const restarted = resolved(
    FIRST,
    addDays(FIRST, 1),
    `meningococcal prophylaxis (amoxicillin) started on ${addDays(FIRST, 1)}`,
  );
  it.each([
    ['started the day after the first dose: as of the first dose', [prophylaxis(1, 40)], 0, [opened(FIRST)]],
    ['started the day after the first dose: as of that day', [prophylaxis(1, 40)], 1, [restarted]],
    [
      'a gap of 4 days in the middle, later closed',
      [prophylaxis(0, 5), prophylaxis(10, 40)],
      60,
      [
        resolved(
          addDays(FIRST, 6),
          addDays(FIRST, 10),
          `meningococcal prophylaxis (amoxicillin) started on ${addDays(FIRST, 10)}`,
        ),
      ],
    ],
    [
      'a gap of 4 days in the middle: as of its third day',
      [prophylaxis(0, 5), prophylaxis(10, 40)],
      8,
      [opened(addDays(FIRST, 6))],
    ],
    ['started late, then stopped early: two flags', [prophylaxis(1, 5)], 8, [restarted, opened(addDays(FIRST, 6))]],
  ])('%s', (_label, covers, asOfDay, expected) => {
    expect(lifecycles(flagsWith(covers, asOfDay))).toEqual(expected);
  });

  it('prophylaxis for another indication does not count', () => {
    expect(lifecycles(flagsWith([prophylaxis(0, 40, 'pneumocystis')], 5))).toEqual([opened(FIRST)]);
  });
});
