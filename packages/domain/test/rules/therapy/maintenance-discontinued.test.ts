import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { maintenanceDiscontinuedRule } from '../../../src/rules/therapy/maintenance-discontinued.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = maintenanceDiscontinuedRule;
const CODE = ['MAINTENANCE_DISCONTINUED'];
const STOP = '2024-01-10';
const stopped = therapy('azathioprine', '2022-01-01', { stopDate: STOP, stopReason: 'adverse_event' });

describe('MAINTENANCE_DISCONTINUED', () => {
  it.each([
    ['on the stop day', 0, false],
    ['29 days after', 29, false],
    ['on stop + window (30 days)', 30, false],
    ['on stop + window + 1', 31, true],
    ['a year later', 365, true],
  ])('as of %s', (_label, days, flagged) => {
    const flags = run(rule, patientWith([stopped]), addDays(STOP, days));
    expectOpenWhen(flags, flagged, CODE);
  });

  it('is a warning dated at the stop, with agent, reason and days without therapy', () => {
    const [flag] = run(rule, patientWith([stopped]), '2024-03-01');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: STOP,
      source: SOURCES.discontinuation,
      details: {
        agent: 'azathioprine',
        startDate: '2022-01-01',
        stopDate: STOP,
        stopReason: 'adverse_event',
        daysWithoutTherapy: 51,
        successorWithinDays: 30,
      },
      message:
        'Azathioprine (started 2022-01-01) was stopped on 2024-01-10 (adverse event) and no maintenance therapy followed within 30 days (by 2024-02-09); 51 days without maintenance therapy as of 2024-03-01. The NEMOS recommendations warn against stopping maintenance immunotherapy without a successor.',
    });
  });

  it('a stop recorded after as-of is not known yet', () => {
    expect(run(rule, patientWith([stopped]), '2024-01-09')).toEqual([]);
  });

  it.each([
    ['a switch started the day after the stop', therapy('rituximab', '2024-01-11'), false],
    ['a switch started on the last day of the window', therapy('rituximab', '2024-02-09'), false],
    ['a restart of the same agent within the window', therapy('azathioprine', '2024-02-01'), false],
    ['a same-day switch', therapy('rituximab', STOP), false],
    ['an overlapping therapy running on', therapy('mycophenolate', '2023-06-01'), false],
    [
      'an overlapping therapy stopped within the window',
      therapy('mycophenolate', '2023-06-01', { stopDate: '2024-01-20' }),
      false,
    ],
    ['a concurrent therapy stopped the same day', therapy('oral_prednisone', '2023-06-01', { stopDate: STOP }), true],
    ['a therapy stopped before', therapy('mycophenolate', '2021-01-01', { stopDate: '2021-12-31' }), true],
    ['a non-maintenance therapy', therapy('interferon_beta', '2024-01-11'), true],
    ['AHSCT', therapy('ahsct', '2024-01-20', { stopDate: '2024-01-20', stopReason: 'completed' }), true],
  ])('with %s', (_label, other, flagged) => {
    const flags = run(rule, patientWith([stopped, other]), '2024-06-01');
    const azathioprine = flags.filter((f) => f.details.agent === 'azathioprine');
    expect(azathioprine.length > 0).toBe(flagged);
    expect(statuses(azathioprine)).toEqual(flagged ? ['open'] : []);
  });

  it('a successor stopped within the window: the gap is judged from the successor stop', () => {
    const patient = patientWith([
      stopped,
      therapy('rituximab', '2024-01-20', { stopDate: '2024-02-01', stopReason: 'patient_choice' }),
    ]);
    expect(run(rule, patient, '2024-03-02')).toEqual([]);
    const [flag] = run(rule, patient, '2024-03-03');
    expect(flag?.status).toBe('open');
    expect(flag?.details).toMatchObject({ agent: 'rituximab', stopDate: '2024-02-01', daysWithoutTherapy: 31 });
    expect(flag?.message).toContain("(patient's choice)");
  });

  it('a gap closed later is resolved history, even when the later course stopped too', () => {
    const later = therapy('mycophenolate', '2024-05-01', { stopDate: '2024-09-01' });
    const patient = patientWith([stopped, later]);
    const closed = resolved(STOP, '2024-05-01', 'switched to mycophenolate mofetil on 2024-05-01');
    expect(codes(run(rule, patient, '2024-04-30'))).toEqual(CODE);
    expect(lifecycles(run(rule, patient, '2024-04-30'))).toEqual([opened(STOP)]);
    expect(lifecycles(run(rule, patient, '2024-05-01'))).toEqual([closed]);
    expect(lifecycles(run(rule, patient, '2024-10-01'))).toEqual([closed]);
    const flags = run(rule, patient, '2024-10-02');
    expect(flags.map((f) => f.details.agent)).toEqual(['azathioprine', 'mycophenolate']);
    expect(lifecycles(flags)).toEqual([closed, opened('2024-09-01')]);
  });

  it('two courses stopped together are flagged once each; no stop reason recorded', () => {
    const events = [
      therapy('azathioprine', '2023-01-01', { stopDate: STOP }),
      therapy('oral_prednisone', '2023-01-01', { stopDate: STOP }),
    ];
    const flags = run(rule, patientWith(events), '2024-06-01');
    expect(flags.map((f) => f.details.agent)).toEqual(['azathioprine', 'oral_prednisone']);
    expect(statuses(flags)).toEqual(['open', 'open']);
    expect(flags[0]?.details.stopReason).toBeNull();
    expect(flags[0]?.message).toContain('(reason not recorded)');
    expect(run(rule, patientWith([...events].reverse()), '2024-06-01')).toEqual(flags);
  });

  it.each([
    [0, '2024-01-10', false],
    [0, '2024-01-11', true],
    [90, '2024-04-09', false],
    [90, '2024-04-10', true],
  ])('successorWithinDays %i as of %s', (days, asOf, flagged) => {
    const flags = run(rule, patientWith([stopped]), asOf, { therapy: { successorWithinDays: days } });
    expectOpenWhen(flags, flagged, CODE);
  });

  it('a window of 0 still accepts a same-day switch; the switch is then judged on its own stop', () => {
    const zero = { therapy: { successorWithinDays: 0 } };
    expect(run(rule, patientWith([stopped, therapy('rituximab', STOP)]), '2024-01-11', zero)).toEqual([]);
    const oneDay = patientWith([stopped, therapy('rituximab', STOP, { stopDate: STOP })]);
    expect(run(rule, oneDay, '2024-01-11', zero).map((f) => [f.details.agent, f.status])).toEqual([
      ['rituximab', 'open'],
    ]);
  });

  describe('lifecycle: open while nothing follows, resolved by the next maintenance start', () => {
    const restart = (day: number) => therapy('azathioprine', addDays(STOP, day));
    const restartedOn = resolved(STOP, '2024-02-24', 'azathioprine restarted on 2024-02-24');
    it.each([
      ['on stop + window', 30, []],
      ['on stop + window + 1', 31, [opened(STOP)]],
      ['the day before the restart', 44, [opened(STOP)]],
      ['on the restart', 45, [restartedOn]],
      ['years later', 2000, [restartedOn]],
    ])('restarted on day 45: as of %s', (_label, day, expected) => {
      expect(lifecycles(run(rule, patientWith([stopped, restart(45)]), addDays(STOP, day)))).toEqual(expected);
    });

    it.each([
      ['on day 30: a switch, never flagged', 30, []],
      [
        'on day 31: a discontinuation, resolved the day it is known',
        31,
        [resolved(STOP, '2024-02-10', 'switched to satralizumab on 2024-02-10')],
      ],
    ])('a switch %s', (_label, day, expected) => {
      const patient = patientWith([stopped, therapy('satralizumab', addDays(STOP, day))]);
      expect(lifecycles(run(rule, patient, addDays(STOP, day - 1)))).toEqual([]);
      expect(lifecycles(run(rule, patient, addDays(STOP, day)))).toEqual(expected);
      expect(lifecycles(run(rule, patient, '2030-01-01'))).toEqual(expected);
    });

    it('a resolved flag counts the days without therapy up to the day before the next start', () => {
      const patient = patientWith([stopped, therapy('satralizumab', '2024-09-01')]);
      const before = run(rule, patient, '2024-08-31');
      expect(before[0]?.details.daysWithoutTherapy).toBe(234);
      expect(before[0]?.message).toContain('; 234 days without maintenance therapy as of 2024-08-31.');
      const [flag] = run(rule, patient, '2025-06-01');
      expect(flag).toMatchObject({
        status: 'resolved',
        resolvedOn: '2024-09-01',
        resolution: 'switched to satralizumab on 2024-09-01',
        details: { agent: 'azathioprine', daysWithoutTherapy: 234 },
        message:
          'Azathioprine (started 2022-01-01) was stopped on 2024-01-10 (adverse event) and no maintenance therapy followed within 30 days (by 2024-02-09); 234 days without maintenance therapy until satralizumab was started on 2024-09-01. The NEMOS recommendations warn against stopping maintenance immunotherapy without a successor.',
      });
    });

    it('two discontinuations: the earlier is resolved by the restart, the later is open; input order irrelevant', () => {
      const events = [
        therapy('rituximab', '2018-01-01', { stopDate: '2019-01-01', stopReason: 'pregnancy' }),
        therapy('rituximab', '2020-06-01', { stopDate: '2023-01-01', stopReason: 'patient_choice' }),
      ];
      const flags = run(rule, patientWith(events), '2024-01-01');
      expect(run(rule, patientWith([...events].reverse()), '2024-01-01')).toEqual(flags);
      expect(lifecycles(flags)).toEqual([
        resolved('2019-01-01', '2020-06-01', 'rituximab restarted on 2020-06-01'),
        opened('2023-01-01'),
      ]);
    });
  });

  it('raises nothing for ongoing or non-maintenance therapies', () => {
    expect(run(rule, patientWith([therapy('rituximab', '2020-01-01')]), '2024-01-01')).toEqual([]);
    const ms = therapy('natalizumab', '2020-01-01', { stopDate: '2021-01-01' });
    expect(run(rule, patientWith([ms]), '2024-01-01')).toEqual([]);
  });
});

describe('MAINTENANCE_DISCONTINUED: an attack steroid taper is not maintenance', () => {
  const ONSET = '2023-03-01';
  const MOGAD = { aqp4Status: 'negative', mogStatus: 'positive' } as const;
  const taper = (startDay: number, stopReason?: 'completed' | 'adverse_event' | 'patient_choice') =>
    therapy('oral_prednisone', addDays(ONSET, startDay), {
      stopDate: addDays(ONSET, startDay + 120),
      ...(stopReason === undefined ? {} : { stopReason }),
    });
  const attackOn = (onsetDate: string) =>
    ({ type: 'relapse', onsetDate, phenotype: 'optic_neuritis', severity: 'moderate' }) as const;

  it.each([
    ['started on the onset day', 0, []],
    ['started 30 days after onset (the last day of the window)', 30, []],
    ['started 31 days after onset', 31, CODE],
    ['started the day before onset (not after the attack)', -1, CODE],
  ])('MOGAD, prednisone %s, stopped 120 days later', (_label, startDay, expected) => {
    const patient = patientWith([attackOn(ONSET), taper(startDay)], MOGAD);
    expect(codes(run(rule, patient, '2025-01-01'))).toEqual(expected);
  });

  it.each([
    ['completed', 'completed'],
    ['reason not recorded', undefined],
    ['adverse event', 'adverse_event'],
  ] as const)('the stop reason does not matter (%s)', (_label, reason) => {
    const patient = patientWith([attackOn(ONSET), taper(3, reason)], MOGAD);
    expect(run(rule, patient, '2025-01-01')).toEqual([]);
  });

  it.each([
    ['MOGAD recorded', { aqp4Status: 'unknown', diagnosis: 'mogad' }, []],
    ['MOGAD derived from tests', { aqp4Status: 'unknown', mogStatus: 'unknown' }, []],
    // Whatever the diagnosis (NO_MAINTENANCE_THERAPY asks whether maintenance is due).
    ['AQP4-positive NMOSD', { aqp4Status: 'positive' }, []],
    ['seronegative NMOSD recorded', { aqp4Status: 'negative', diagnosis: 'nmosd_seronegative' }, []],
    ['double seronegative', { aqp4Status: 'negative', mogStatus: 'negative' }, []],
  ] as const)('in any diagnosis: %s', (label, fields, expected) => {
    const tests =
      label === 'MOGAD derived from tests'
        ? [
            { type: 'antibody', date: '2023-03-02', antibody: 'AQP4', assay: 'cba_live', result: 'negative' } as const,
            { type: 'antibody', date: '2023-03-02', antibody: 'MOG', assay: 'cba_live', result: 'positive' } as const,
          ]
        : [];
    const patient = patientWith([attackOn(ONSET), taper(3), ...tests], fields);
    expect(codes(run(rule, patient, '2025-01-01'))).toEqual(expected);
  });

  it.each([
    ['183 days (a taper)', 183, []],
    ['184 days (low-dose steroid maintenance)', 184, CODE],
  ])('prednisone started after an attack and taken for %s', (_label, days, expected) => {
    const course = therapy('oral_prednisone', addDays(ONSET, 3), { stopDate: addDays(ONSET, 3 + days) });
    const patient = patientWith([attackOn(ONSET), course], { aqp4Status: 'positive' });
    expect(codes(run(rule, patient, '2025-01-01'))).toEqual(expected);
  });

  it('another maintenance drug stopped in MOGAD is still a discontinuation', () => {
    const patient = patientWith(
      [attackOn(ONSET), therapy('mycophenolate', addDays(ONSET, 10), { stopDate: '2024-01-01' })],
      MOGAD,
    );
    expect(codes(run(rule, patient, '2025-01-01'))).toEqual(CODE);
  });
});
