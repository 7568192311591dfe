import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { noMaintenanceTherapyRule } from '../../../src/rules/therapy/no-maintenance-therapy.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { aqp4Test, attack, therapy } from './builders.ts';
import { lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = noMaintenanceTherapyRule;
const CODE = ['NO_MAINTENANCE_THERAPY'];

describe('NO_MAINTENANCE_THERAPY', () => {
  it.each([
    ['serostatus positive', 'positive', [], true],
    ['serostatus negative', 'negative', [], false],
    ['serostatus unknown', 'unknown', [], false],
    ['serostatus missing', undefined, [], false],
    ['negative status but a positive AQP4 test', 'negative', [aqp4Test('2023-02-01', 'positive')], true],
    ['unknown status and a borderline test', 'unknown', [aqp4Test('2023-02-01', 'borderline')], false],
    ['negative status, positive test after as-of', 'negative', [aqp4Test('2024-06-02', 'positive')], false],
  ] as const)('%s', (_label, aqp4Status, tests, flagged) => {
    const patient = patientWith(
      [attack('2023-01-01'), ...tests],
      aqp4Status === undefined ? { aqp4Status: undefined } : { aqp4Status },
    );
    const flags = run(rule, patient, '2024-06-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
    expect(statuses(flags)).toEqual(flagged ? ['open'] : []);
  });

  it('needs at least one attack on or before as-of', () => {
    const patient = patientWith([attack('2024-03-02')]);
    expect(run(rule, patientWith([]), '2024-06-01')).toEqual([]);
    expect(run(rule, patient, '2024-03-01')).toEqual([]);
    expect(codes(run(rule, patient, '2024-03-02'))).toEqual(CODE);
    expect(statuses(run(rule, patient, '2024-03-02'))).toEqual(['open']);
  });

  // The attack is on 2023-01-01: a therapy started on 2023-02-01 (31 days on) leaves the gap before it as
  // resolved history; what matters here is whether a flag is open on as-of.
  it.each([
    ['a maintenance therapy ongoing', [therapy('rituximab', '2023-02-01')], ['resolved']],
    [
      'a maintenance therapy stopping on as-of',
      [therapy('azathioprine', '2023-02-01', { stopDate: '2024-06-01' })],
      ['resolved'],
    ],
    [
      'a maintenance therapy stopped the day before',
      [therapy('azathioprine', '2023-02-01', { stopDate: '2024-05-31' })],
      ['resolved', 'open'],
    ],
    ['a maintenance therapy starting after as-of', [therapy('rituximab', '2024-06-02')], ['open']],
    ['only an MS drug', [therapy('interferon_beta', '2023-02-01')], ['open']],
    [
      'only AHSCT',
      [therapy('ahsct', '2023-02-01', { stopDate: '2023-02-01', stopReason: 'completed', schedule: 'once' })],
      ['open'],
    ],
  ])('with %s', (_label, therapies, expected) => {
    const patient = patientWith([attack('2023-01-01'), ...therapies]);
    const flags = run(rule, patient, '2024-06-01');
    expect(codes(flags)).toEqual(expected.map(() => 'NO_MAINTENANCE_THERAPY'));
    expect(statuses(flags)).toEqual(expected);
  });

  it('never treated: dated at the last attack, with the attack count', () => {
    const patient = patientWith([attack('2024-03-02'), attack('2023-01-01')]);
    const [flag] = run(rule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'critical',
      status: 'open',
      date: '2024-03-02',
      source: SOURCES.maintenance,
      details: {
        aqp4Status: 'positive',
        aqp4PositiveTestDate: null,
        attackCount: 2,
        lastAttackOnset: '2024-03-02',
        lastMaintenance: null,
        daysSince: 91,
        nonMaintenanceTherapiesActive: [],
      },
    });
    expect(flag?.message).toBe(
      'AQP4-IgG-positive patient with 2 attacks (the last on 2024-03-02) has no maintenance therapy on 2024-06-01, 91 days after the last attack; no maintenance therapy has been recorded. The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
    );
  });

  it('stopped after the last attack: dated at the last stop, which is named', () => {
    const patient = patientWith(
      [
        attack('2022-05-01'),
        therapy('mycophenolate', '2022-06-01', { stopDate: '2023-01-31', stopReason: 'switch' }),
        therapy('azathioprine', '2023-02-01', { stopDate: '2024-01-10', stopReason: 'adverse_event' }),
        therapy('fingolimod', '2024-02-01'),
        aqp4Test('2022-05-03', 'positive'),
      ],
      { aqp4Status: 'unknown' },
    );
    const [before, flag] = run(rule, patient, '2024-06-01');
    // The month from the attack to mycophenolate is history; the current gap is open.
    expect(before).toMatchObject({ date: '2022-05-01', status: 'resolved', resolvedOn: '2022-06-01' });
    expect(flag?.status).toBe('open');
    expect(flag?.date).toBe('2024-01-10');
    expect(flag?.details).toMatchObject({
      aqp4Status: 'unknown',
      aqp4PositiveTestDate: '2022-05-03',
      attackCount: 1,
      lastMaintenance: { agent: 'azathioprine', stopDate: '2024-01-10', stopReason: 'adverse_event' },
      daysSince: 143,
      nonMaintenanceTherapiesActive: ['fingolimod'],
    });
    expect(flag?.message).toBe(
      'AQP4-IgG-positive patient with 1 attack (on 2022-05-01) has no maintenance therapy on 2024-06-01, 143 days after maintenance was stopped; the last maintenance therapy, azathioprine, was stopped on 2024-01-10 (adverse event). Fingolimod is not an NMOSD maintenance therapy. The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
    );
  });

  it('attack after the last stop: dated at the attack; two other therapies are listed', () => {
    const patient = patientWith([
      therapy('rituximab', '2022-01-01', { stopDate: '2023-01-01' }),
      attack('2023-06-01'),
      therapy('interferon_beta', '2023-02-01'),
      therapy('natalizumab', '2023-03-01'),
    ]);
    const flags = run(rule, patient, '2023-06-01');
    expect(statuses(flags)).toEqual(['open']);
    const [flag] = flags;
    expect(flag?.date).toBe('2023-06-01');
    expect(flag?.details).toMatchObject({ daysSince: 0, lastMaintenance: { agent: 'rituximab', stopReason: null } });
    expect(flag?.message).toContain('0 days after the last attack');
    expect(flag?.message).toContain('(reason not recorded)');
    expect(flag?.message).toContain('Interferon beta and natalizumab are not NMOSD maintenance therapies.');
  });

  it('does not depend on input order (ties on the stop date included)', () => {
    const events = [
      attack('2022-01-01'),
      therapy('azathioprine', '2022-02-01', { stopDate: '2023-01-01' }),
      therapy('oral_prednisone', '2022-02-01', { stopDate: '2023-01-01' }),
    ];
    const flags = run(rule, patientWith(events), '2023-06-01');
    expect(run(rule, patientWith([...events].reverse()), '2023-06-01')).toEqual(flags);
    // The month before both started (a tie on the start: the first by agent is named), then the open gap.
    expect(lifecycles(flags)).toEqual([
      resolved('2022-01-01', '2022-02-01', 'azathioprine started on 2022-02-01'),
      opened('2023-01-01'),
    ]);
  });

  describe('lifecycle', () => {
    const ATTACK = '2024-01-01';

    it.each([
      ['the day before the attack', -1, []],
      ['on the attack', 0, [opened(ATTACK)]],
      ['the day before rituximab starts', 44, [opened(ATTACK)]],
      ['on the day rituximab starts', 45, [resolved(ATTACK, '2024-02-15', 'rituximab started on 2024-02-15')]],
      ['years later', 2000, [resolved(ATTACK, '2024-02-15', 'rituximab started on 2024-02-15')]],
    ])('untreated attack, rituximab on day 45: as of %s', (_label, day, expected) => {
      const patient = patientWith([attack(ATTACK), therapy('rituximab', '2024-02-15')]);
      expect(lifecycles(run(rule, patient, addDays(ATTACK, day)))).toEqual(expected);
    });

    it.each([
      ['on day 30 (within successorWithinDays): no history', 30, []],
      ['on day 31: resolved history', 31, [resolved(ATTACK, '2024-02-01', 'rituximab started on 2024-02-01')]],
    ])('maintenance started after the first attack %s', (_label, day, expected) => {
      const patient = patientWith([attack(ATTACK), therapy('rituximab', addDays(ATTACK, day))]);
      expect(lifecycles(run(rule, patient, addDays(ATTACK, day)))).toEqual(expected);
      expect(lifecycles(run(rule, patient, '2030-01-01'))).toEqual(expected);
      // The day before the start, the gap was open either way.
      expect(lifecycles(run(rule, patient, addDays(ATTACK, day - 1)))).toEqual([opened(ATTACK)]);
    });

    const STOP = '2023-01-10';
    const treated = [attack('2019-12-20'), therapy('azathioprine', '2020-01-01', { stopDate: STOP })];
    it.each([
      ['on the stop day (still on therapy)', 0, 31, []],
      ['the day after the stop', 1, 31, [opened(STOP)]],
      ['the day before the switch', 30, 31, [opened(STOP)]],
      [
        'on the switch, 31 days after the stop',
        31,
        31,
        [resolved(STOP, '2023-02-10', 'satralizumab started on 2023-02-10')],
      ],
      ['the day before a switch 30 days after the stop', 29, 30, [opened(STOP)]],
      ['on a switch 30 days after the stop: a switch, not a gap in care', 30, 30, []],
      ['a year after a switch 30 days after the stop', 395, 30, []],
    ])('stopped, then switched: as of %s', (_label, day, switchDay, expected) => {
      const patient = patientWith([...treated, therapy('satralizumab', addDays(STOP, switchDay))]);
      expect(lifecycles(run(rule, patient, addDays(STOP, day)))).toEqual(expected);
    });

    it('only the current stretch is open; an attack in an earlier stretch dates it; input order irrelevant', () => {
      const events = [
        attack('2015-01-01'),
        therapy('azathioprine', '2015-04-01', { stopDate: '2017-03-01', stopReason: 'adverse_event' }),
        attack('2017-06-01'),
        therapy('rituximab', '2017-07-01', { stopDate: '2021-01-01', stopReason: 'pregnancy' }),
        therapy('interferon_beta', '2021-03-01'),
        attack('2022-02-01'),
      ];
      const flags = run(rule, patientWith(events), '2022-06-01');
      expect(run(rule, patientWith([...events].reverse()), '2022-06-01')).toEqual(flags);
      expect(lifecycles(flags)).toEqual([
        resolved('2015-01-01', '2015-04-01', 'azathioprine started on 2015-04-01'),
        resolved('2017-06-01', '2017-07-01', 'rituximab started on 2017-07-01'),
        opened('2022-02-01'),
      ]);
      const [first, second] = flags;
      expect(first?.details).toMatchObject({
        attackCount: 1,
        lastAttackOnset: '2015-01-01',
        lastMaintenance: null,
        daysSince: 90,
        nonMaintenanceTherapiesActive: [],
      });
      expect(first?.message).toBe(
        'AQP4-IgG-positive patient with 1 attack (on 2015-01-01) had no maintenance therapy until azathioprine was started on 2015-04-01, 90 days after the last attack; no maintenance therapy had been recorded. The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
      );
      // Stopped 2017-03-01, attack 2017-06-01 in the gap: dated at the attack; 122 days from the stop to rituximab.
      expect(second?.details).toMatchObject({
        attackCount: 2,
        lastAttackOnset: '2017-06-01',
        lastMaintenance: { agent: 'azathioprine', stopDate: '2017-03-01', stopReason: 'adverse_event' },
        daysSince: 30,
      });
      expect(second?.message).toBe(
        'AQP4-IgG-positive patient with 2 attacks (the last on 2017-06-01) had no maintenance therapy until rituximab was started on 2017-07-01, 30 days after the last attack; the last maintenance therapy, azathioprine, was stopped on 2017-03-01 (adverse event). The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
      );
      expect(flags[2]?.details).toMatchObject({
        attackCount: 3,
        lastMaintenance: { agent: 'rituximab', stopDate: '2021-01-01', stopReason: 'pregnancy' },
        nonMaintenanceTherapiesActive: ['interferon_beta'],
      });
    });

    it('the open flag keeps its date when it is resolved (so an acknowledgement still refers to it)', () => {
      const events = [attack('2020-01-01'), attack('2020-02-10'), therapy('mycophenolate', '2020-03-20')];
      const open = run(rule, patientWith(events), '2020-03-19');
      const closed = run(rule, patientWith(events), '2020-03-20');
      expect(lifecycles(open)).toEqual([opened('2020-02-10')]);
      expect(lifecycles(closed)).toEqual([
        resolved('2020-02-10', '2020-03-20', 'mycophenolate mofetil started on 2020-03-20'),
      ]);
      expect(closed[0]?.details).toMatchObject({ attackCount: 2, daysSince: 39 });
    });

    it.each([
      [60, '2024-02-15', []],
      [44, '2024-02-15', [resolved(ATTACK, '2024-02-15', 'rituximab started on 2024-02-15')]],
    ])('successorWithinDays %i decides which stretches are history', (days, asOf, expected) => {
      const patient = patientWith([attack(ATTACK), therapy('rituximab', '2024-02-15')]);
      expect(lifecycles(run(rule, patient, asOf, { therapy: { successorWithinDays: days } }))).toEqual(expected);
    });

    it('maintenance courses that overlap or follow on the next day leave no gap', () => {
      const events = [
        attack(ATTACK),
        therapy('rituximab', ATTACK, { stopDate: '2024-06-30' }),
        therapy('inebilizumab', '2024-07-01', { stopDate: '2024-12-31' }),
        therapy('satralizumab', '2024-12-01'),
      ];
      expect(run(rule, patientWith(events), '2026-01-01')).toEqual([]);
    });
  });
});
