import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { ravulizumabWeightBandRule } from '../../../src/rules/therapy/ravulizumab-weight-band.ts';
import { patientWith, run } from '../helpers.ts';
import { attack, therapy } from './builders.ts';
import { expired, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = ravulizumabWeightBandRule;
const weight = (date: string, kg: number): TimelineEvent => ({ type: 'bodyWeight', date, kg });
const course = (doses: [string, number][], stopDate?: string) =>
  therapy('ravulizumab', doses[0]?.[0] ?? '2024-01-01', {
    administrations: doses.map(([date, doseMg]) => ({ date, doseMg })),
    ...(stopDate === undefined ? {} : { stopDate }),
  });
const LOAD = '2024-01-01';
const MAINT = '2024-01-15';

describe('RAVULIZUMAB_WEIGHT_BAND_MISMATCH', () => {
  // [kg, loading mg, maintenance mg, flagged]
  it.each([
    [39.9, 2400, 3000, true],
    [40, 2400, 3000, false],
    [59.9, 2400, 3000, false],
    [59.9, 2700, 3300, true],
    [60, 2700, 3300, false],
    [60, 2400, 3000, true],
    [99.9, 2700, 3300, false],
    [99.9, 3000, 3600, true],
    [100, 3000, 3600, false],
    [100, 2700, 3300, true],
  ])('%s kg, %s mg loading then %s mg maintenance: flagged %s', (kg, loading, maintenance, flagged) => {
    const events = [
      weight('2023-12-20', kg),
      course([
        [LOAD, loading],
        [MAINT, maintenance],
      ]),
    ];
    const flags = run(rule, patientWith(events), '2024-02-01');
    expect(flags.map((f) => [f.date, f.status])).toEqual(flagged ? [[LOAD, 'open']] : []);
  });

  it.each([
    ['loading dose given as maintenance', 3300, 3300, LOAD, 'dose_mismatch'],
    ['maintenance dose given as loading', 2700, 2700, MAINT, 'dose_mismatch'],
  ])('%s (72 kg)', (_label, loading, maintenance, date, problem) => {
    const flags = run(
      rule,
      patientWith([
        weight('2023-12-20', 72),
        course([
          [LOAD, loading],
          [MAINT, maintenance],
        ]),
      ]),
      '2024-02-01',
    );
    expect(flags.map((f) => [f.date, (f.details.doses as { problem: string }[])[0]?.problem])).toEqual([
      [date, problem],
    ]);
  });

  it('a wrong maintenance dose: warning with the band, the weight and the expected dose', () => {
    const events = [
      weight('2023-12-20', 72),
      course([
        [LOAD, 2700],
        [MAINT, 3000],
      ]),
    ];
    const [flag] = run(rule, patientWith(events), '2024-02-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: MAINT,
      source: SOURCES.ravulizumabWeight,
      details: {
        ravulizumabStartDate: LOAD,
        doses: [
          {
            date: MAINT,
            doseMg: 3000,
            kind: 'maintenance',
            weightKg: 72,
            weightDate: '2023-12-20',
            band: '60 to < 100 kg',
            expectedMg: 3300,
            problem: 'dose_mismatch',
          },
        ],
      },
    });
    expect(flag?.message).toMatch(
      /^Ravulizumab 3000 mg \(maintenance\) on 2024-01-15 with 72 kg on 2023-12-20 \(60 to < 100 kg band: 3300 mg\)\. The ULTOMIRIS label/,
    );
  });

  it('uses the latest weight on or before each dose, not a later one', () => {
    // 58 kg until 2024-01-14, 61 kg from 2024-01-15 (the day of the maintenance dose).
    const events = [
      weight('2023-12-20', 58),
      weight(MAINT, 61),
      course([
        [LOAD, 2400],
        [MAINT, 3300],
      ]),
    ];
    expect(run(rule, patientWith(events), '2024-02-01')).toEqual([]);
    const late = [
      weight('2023-12-20', 58),
      weight('2024-01-16', 61),
      course([
        [LOAD, 2400],
        [MAINT, 3300],
      ]),
    ];
    expect(run(rule, patientWith(late), '2024-02-01').map((f) => f.date)).toEqual([MAINT]);
  });

  it('no weight before the dose: info, problem no_weight; a dose without an amount is not judged', () => {
    const [flag] = run(rule, patientWith([weight(MAINT, 72), course([[LOAD, 2700]])]), '2024-02-01');
    expect(flag).toMatchObject({
      severity: 'info',
      date: LOAD,
      details: { doses: [{ problem: 'no_weight', weightKg: null }] },
    });
    expect(flag?.message).toContain(
      'Ravulizumab 2700 mg (loading) on 2024-01-01 with no body weight recorded on or before it',
    );
    const unrecorded = therapy('ravulizumab', LOAD, { doses: [LOAD, MAINT] });
    expect(run(rule, patientWith([unrecorded]), '2024-02-01')).toEqual([]);
  });

  it('a dose during a plasma-exchange course is not judged (it may be supplemental), the first dose is', () => {
    const plex = attack('2024-03-01', [{ type: 'plex', startDate: '2024-03-01', sessions: 5 }]);
    const doses: [string, number][] = [
      [LOAD, 2700],
      [MAINT, 3300],
      ['2024-03-03', 1500],
    ];
    expect(run(rule, patientWith([weight('2023-12-20', 72), plex, course(doses)]), '2024-04-01')).toEqual([]);
    // The day after the PLEX course (start + 14) the dose is judged again.
    const after: [string, number][] = [
      [LOAD, 2700],
      [MAINT, 3300],
      ['2024-03-16', 1500],
    ];
    expect(
      run(rule, patientWith([weight('2023-12-20', 72), plex, course(after)]), '2024-04-01').map((f) => f.date),
    ).toEqual(['2024-03-16']);
  });

  describe('lifecycle: one flag per run of wrong doses, resolved by the next right dose, expired after the stop', () => {
    const wrongTwice: [string, number][] = [
      [LOAD, 2700],
      [MAINT, 3000],
      ['2024-03-11', 3000],
      ['2024-05-06', 3300],
    ];
    const fixed = resolved(
      MAINT,
      '2024-05-06',
      'ravulizumab 3300 mg on 2024-05-06 matches the 60 to < 100 kg band (72 kg on 2023-12-20)',
    );
    it.each([
      ['the day before the wrong dose', '2024-01-14', []],
      ['on the wrong dose', MAINT, [opened(MAINT)]],
      ['on the second wrong dose', '2024-03-11', [opened(MAINT)]],
      ['the day before the right dose', '2024-05-05', [opened(MAINT)]],
      ['on the right dose', '2024-05-06', [fixed]],
    ])('as of %s', (_label, asOf, expected) => {
      const flags = run(rule, patientWith([weight('2023-12-20', 72), course(wrongTwice)]), asOf);
      expect(lifecycles(flags)).toEqual(expected);
      if (asOf >= '2024-03-11') expect(flags[0]?.details.doses).toHaveLength(2);
    });

    it.each([
      ['on the stop day', '2024-02-01', [opened(MAINT)]],
      ['the day after the stop', '2024-02-02', [expired(MAINT, '2024-02-02')]],
    ])('stopped after a wrong dose: as of %s', (_label, asOf, expected) => {
      const events = [
        weight('2023-12-20', 72),
        course(
          [
            [LOAD, 2700],
            [MAINT, 3000],
          ],
          '2024-02-01',
        ),
      ];
      expect(lifecycles(run(rule, patientWith(events), asOf))).toEqual(expected);
    });

    it('a new run after a right dose is a new flag', () => {
      const doses: [string, number][] = [
        [LOAD, 2400],
        [MAINT, 3300],
        ['2024-03-11', 3300],
      ];
      const events = [weight('2023-12-20', 72), course(doses)];
      const flags = run(rule, patientWith(events), '2024-04-01');
      expect(lifecycles(flags)).toEqual([
        resolved(
          LOAD,
          MAINT,
          'ravulizumab 3300 mg on 2024-01-15 matches the 60 to < 100 kg band (72 kg on 2023-12-20)',
        ),
      ]);
      const again = run(
        rule,
        patientWith([...events.slice(0, 1), course([...doses, ['2024-05-06', 3600]])]),
        '2024-06-01',
      );
      expect(lifecycles(again).map((l) => [l.date, l.status])).toEqual([
        [LOAD, 'resolved'],
        ['2024-05-06', 'open'],
      ]);
    });
  });

  it.each([
    [[{ minKg: 50, loadingMg: 2400, maintenanceMg: 3000 }], 49.9, true],
    [[{ minKg: 50, loadingMg: 2400, maintenanceMg: 3000 }], 50, false],
  ])('ravulizumabWeightBands %j at %s kg', (bands, kg, flagged) => {
    const events = [
      weight('2023-12-20', kg),
      course([
        [LOAD, 2400],
        [MAINT, 3000],
      ]),
    ];
    const flags = run(rule, patientWith(events), '2024-02-01', { complement: { ravulizumabWeightBands: bands } });
    expect(flags.length).toBe(flagged ? 1 : 0);
  });
});
