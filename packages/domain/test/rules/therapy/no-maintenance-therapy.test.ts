import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { noMaintenanceTherapyRule } from '../../../src/rules/therapy/no-maintenance-therapy.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { aqp4Test, attack, mri, therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

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
    expectOpenWhen(flags, flagged, CODE);
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
      message:
        'AQP4-IgG-positive NMOSD (no diagnosis recorded; serostatus AQP4-IgG positive, MOG-IgG negative) with 2 attacks (the last on 2024-03-02, moderate transverse myelitis) has no maintenance therapy on 2024-06-01, 91 days after the last attack; no maintenance therapy has been recorded. AQP4-IgG-positive NMOSD is a relapsing disease: the NEMOS recommendations call for maintenance immunosuppression (rituximab preferred, or an approved biologic) after the first attack, indefinitely.',
    });
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
      'AQP4-IgG-positive NMOSD (no diagnosis recorded; serostatus AQP4-IgG positive on 2022-05-03, MOG-IgG negative) with 1 attack (on 2022-05-01, moderate transverse myelitis) has no maintenance therapy on 2024-06-01, 143 days after maintenance was stopped; the last maintenance therapy, azathioprine, was stopped on 2024-01-10 (adverse event). Fingolimod is not an NMOSD maintenance therapy. AQP4-IgG-positive NMOSD is a relapsing disease: the NEMOS recommendations call for maintenance immunosuppression (rituximab preferred, or an approved biologic) after the first attack, indefinitely.',
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
        'AQP4-IgG-positive NMOSD (no diagnosis recorded; serostatus AQP4-IgG positive, MOG-IgG negative) with 1 attack (on 2015-01-01, moderate transverse myelitis) had no maintenance therapy until azathioprine was started on 2015-04-01, 90 days after the last attack; no maintenance therapy had been recorded. AQP4-IgG-positive NMOSD is a relapsing disease: the NEMOS recommendations call for maintenance immunosuppression (rituximab preferred, or an approved biologic) after the first attack, indefinitely.',
      );
      // Stopped 2017-03-01, attack 2017-06-01 in the gap: dated at the attack; 122 days from the stop to rituximab.
      expect(second?.details).toMatchObject({
        attackCount: 2,
        lastAttackOnset: '2017-06-01',
        lastMaintenance: { agent: 'azathioprine', stopDate: '2017-03-01', stopReason: 'adverse_event' },
        daysSince: 30,
      });
      expect(second?.message).toBe(
        'AQP4-IgG-positive NMOSD (no diagnosis recorded; serostatus AQP4-IgG positive, MOG-IgG negative) with 2 attacks (the last on 2017-06-01, moderate transverse myelitis) had no maintenance therapy until rituximab was started on 2017-07-01, 30 days after the last attack; the last maintenance therapy, azathioprine, was stopped on 2017-03-01 (adverse event). AQP4-IgG-positive NMOSD is a relapsing disease: the NEMOS recommendations call for maintenance immunosuppression (rituximab preferred, or an approved biologic) after the first attack, indefinitely.',
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

describe('NO_MAINTENANCE_THERAPY by working diagnosis', () => {
  const FIRST = '2023-01-01';
  const SECOND = '2024-03-02';
  type Fields = Parameters<typeof patientWith>[1];
  const diagnoses: [string, Fields, string, 'critical' | 'warning', keyof typeof SOURCES][] = [
    ['AQP4-positive (derived)', { aqp4Status: 'positive' }, 'nmosd_aqp4_positive', 'critical', 'maintenance'],
    [
      'seronegative NMOSD (recorded)',
      { aqp4Status: 'negative', diagnosis: 'nmosd_seronegative' },
      'nmosd_seronegative',
      'critical',
      'maintenanceSeronegative',
    ],
    [
      'MOGAD (derived: MOG+, AQP4-)',
      { aqp4Status: 'negative', mogStatus: 'positive' },
      'mogad',
      'warning',
      'maintenanceMogad',
    ],
    ['MOGAD (recorded)', { aqp4Status: 'unknown', diagnosis: 'mogad' }, 'mogad', 'warning', 'maintenanceMogad'],
    [
      'double seronegative, nothing recorded',
      { aqp4Status: 'negative', mogStatus: 'negative' },
      'other_or_uncertain',
      'warning',
      'maintenanceUncertain',
    ],
    [
      'serostatus unknown',
      { aqp4Status: 'unknown', mogStatus: 'unknown' },
      'other_or_uncertain',
      'warning',
      'maintenanceUncertain',
    ],
    [
      'other or uncertain recorded despite AQP4+ status (the record wins)',
      { aqp4Status: 'positive', diagnosis: 'other_or_uncertain' },
      'other_or_uncertain',
      'warning',
      'maintenanceUncertain',
    ],
  ];
  const afterFirst = new Set(['nmosd_aqp4_positive', 'nmosd_seronegative']);

  it.each(diagnoses)('%s: after one attack and after two', (_label, fields, diagnosis, severity, source) => {
    const one = run(rule, patientWith([attack(FIRST)], fields), '2024-06-01');
    expect(codes(one)).toEqual(afterFirst.has(diagnosis) ? CODE : []);
    const two = run(rule, patientWith([attack(FIRST), attack(SECOND)], fields), '2024-06-01');
    expect(two.at(-1)).toMatchObject({
      code: 'NO_MAINTENANCE_THERAPY',
      severity,
      status: 'open',
      source: SOURCES[source],
      details: { diagnosis, attackCount: 2, maintenanceAfterAttacks: afterFirst.has(diagnosis) ? 1 : 2 },
    });
  });

  it.each([
    ['the day before the relapse', '2024-03-01', []],
    ['on the relapse', SECOND, [opened(SECOND)]],
    ['the day after', '2024-03-03', [opened(SECOND)]],
  ])('MOGAD: nothing after the first attack, open from the relapse: as of %s', (_label, asOf, expected) => {
    const patient = patientWith([attack(FIRST), attack(SECOND)], { aqp4Status: 'negative', mogStatus: 'positive' });
    expect(lifecycles(run(rule, patient, asOf))).toEqual(expected);
  });

  it('MOGAD: a taper after the first attack that ended leaves no history; the relapse opens the flag', () => {
    const patient = patientWith(
      [
        attack(FIRST),
        therapy('oral_prednisone', '2023-01-06', { stopDate: '2023-05-01', stopReason: 'completed' }),
        attack(SECOND),
      ],
      { aqp4Status: 'negative', mogStatus: 'positive' },
    );
    const flags = run(rule, patient, '2024-06-01');
    expect(lifecycles(flags)).toEqual([opened(SECOND)]);
    expect(flags[0]?.message).toBe(
      'MOG antibody-associated disease (MOGAD) (no diagnosis recorded; serostatus AQP4-IgG negative, MOG-IgG positive) with 2 attacks (the last on 2024-03-02, moderate transverse myelitis) has no maintenance therapy on 2024-06-01, 91 days after the last attack; no maintenance therapy has been recorded. MOGAD is monophasic in about half of patients, so maintenance is usually started after a relapse; this patient has had 2 attacks (the clinic expects maintenance from attack 2).',
    );
  });

  it('a steroid taper after an AQP4-positive attack is not maintenance: the flag is open during it', () => {
    const patient = patientWith([attack('2023-01-01'), therapy('oral_prednisone', '2023-01-06')], {
      aqp4Status: 'positive',
    });
    expect(lifecycles(run(rule, patient, '2023-03-01'))).toEqual([opened('2023-01-01')]);
    // Taken beyond taperMaxDays (183 days from its first dose) it is low-dose steroid maintenance.
    expect(lifecycles(run(rule, patient, '2023-07-08'))).toEqual([opened('2023-01-01')]);
    expect(run(rule, patient, '2023-07-09').filter((f) => f.status === 'open')).toEqual([]);
  });

  it('the issue example: double seronegative, five attacks, the last a severe myelitis, never treated', () => {
    const events = [
      attack('2019-02-01', [], { phenotype: 'optic_neuritis' }),
      attack('2020-04-01'),
      attack('2021-06-01', [], { phenotype: 'optic_neuritis' }),
      attack('2022-09-01'),
      attack('2024-01-15', [], { severity: 'severe' }),
      mri('2024-01-16', { extensiveSegments: 6 }),
    ];
    const flags = run(rule, patientWith(events, { aqp4Status: 'negative', mogStatus: 'negative' }), '2024-06-01');
    // Due from the second attack: the stretch from then on is open (no therapy ever started).
    expect(lifecycles(flags)).toEqual([opened('2024-01-15')]);
    expect(flags[0]).toMatchObject({
      severity: 'warning',
      details: { attackCount: 5, diagnosis: 'other_or_uncertain' },
    });
    expect(flags[0]?.message).toBe(
      'Other or uncertain diagnosis (no diagnosis recorded; serostatus AQP4-IgG negative, MOG-IgG negative) with 5 attacks (the last on 2024-01-15, severe transverse myelitis) has no maintenance therapy on 2024-06-01, 138 days after the last attack; no maintenance therapy has been recorded. A relapsing course of 5 attacks calls for maintenance immunosuppression whatever its final name (seronegative NMOSD, MOGAD or other); record the diagnosis.',
    );
  });

  it('a clinic may expect maintenance after the first MOGAD attack (setting)', () => {
    const patient = patientWith([attack(FIRST)], { aqp4Status: 'negative', mogStatus: 'positive' });
    expect(codes(run(rule, patient, '2024-06-01'))).toEqual([]);
    const settings = { therapy: { maintenanceAfterAttacks: { mogad: 1 } } };
    expect(codes(run(rule, patient, '2024-06-01', settings))).toEqual(CODE);
  });

  describe('an attack the record implies', () => {
    it.each([
      ['no attack, no dates', {}, null],
      ['first-attack date only', { firstAttackDate: '2020-05-01' }, '2020-05-01'],
      ['diagnosis date only', { diagnosisDate: '2020-06-01' }, '2020-06-01'],
      [
        'both: the first-attack date wins',
        { firstAttackDate: '2020-05-01', diagnosisDate: '2020-06-01' },
        '2020-05-01',
      ],
      ['a first-attack date after as-of', { firstAttackDate: '2024-06-02' }, null],
      ['a diagnosis date after as-of', { diagnosisDate: '2024-06-02' }, null],
    ])('AQP4-positive NMOSD without an attack record, %s', (_label, fields, expected) => {
      const flags = run(rule, patientWith([], fields), '2024-06-01');
      expect(lifecycles(flags)).toEqual(expected === null ? [] : [opened(expected)]);
      if (expected !== null) expect(flags[0]?.details).toMatchObject({ attackCount: 1, lastAttackOnset: expected });
    });

    it('says where the implied attack comes from', () => {
      const [flag] = run(rule, patientWith([], { diagnosisDate: '2020-06-01' }), '2024-06-01');
      expect(flag?.details).toMatchObject({ impliedFirstAttack: { date: '2020-06-01', from: 'diagnosis_date' } });
      expect(flag?.message).toContain('with 1 attack (on 2020-06-01; taken to be on the diagnosis date 2020-06-01');
    });

    it('a diagnosis date implies no attack for an uncertain diagnosis', () => {
      const patient = patientWith([], { aqp4Status: 'unknown', diagnosisDate: '2020-06-01' });
      const settings = { therapy: { maintenanceAfterAttacks: { other_or_uncertain: 1 } } };
      expect(run(rule, patient, '2024-06-01', settings)).toEqual([]);
    });

    // MOGAD needs two attacks: a first-attack date attackClusterDays (30) or more before the first
    // recorded onset is an earlier attack (as attack identity counts); less than 30 days before, it is
    // the same attack dated differently.
    it.each([
      [29, []],
      [30, [opened('2024-03-02')]],
      [31, [opened('2024-03-02')]],
    ])('MOGAD, first-attack date %i days before the only recorded attack', (days, expected) => {
      const patient = patientWith([attack('2024-03-02')], {
        aqp4Status: 'negative',
        mogStatus: 'positive',
        firstAttackDate: addDays('2024-03-02', -days),
      });
      const flags = run(rule, patient, '2024-06-01');
      expect(lifecycles(flags)).toEqual(expected);
      if (expected.length > 0)
        expect(flags[0]?.message).toContain(
          `2 attacks (the last on 2024-03-02, moderate transverse myelitis; the first on the recorded first-attack date ${addDays('2024-03-02', -days)})`,
        );
    });
  });
});
