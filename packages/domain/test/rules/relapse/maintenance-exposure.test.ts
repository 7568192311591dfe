import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { LabEvent } from '../../../src/records/lab.ts';
import { FLAG_ACTIONS } from '../../../src/rules/actions.ts';
import { breakthroughAdvice, breakthroughRule } from '../../../src/rules/relapse/breakthrough.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { noMaintenanceTherapyRule } from '../../../src/rules/therapy/no-maintenance-therapy.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, dosed, expired, lifecycle, resolved, therapy } from './fixtures.ts';

const DOSE = '2023-01-10';
const plus = (n: number) => addDays(DOSE, n);

const lab = (date: string, test: LabEvent['test'], value: number): LabEvent => ({
  type: 'lab',
  date,
  test,
  value,
  unit: '%',
});

describe('onset of effect counts from the first dose given, not the recorded start', () => {
  // Azathioprine recorded as started on 2022-06-01, first tablet taken on DOSE: window 180 days from DOSE.
  it.each([
    [179, 'EARLY_RELAPSE_ON_THERAPY'],
    [180, 'EARLY_RELAPSE_ON_THERAPY'],
    [181, 'BREAKTHROUGH_RELAPSE'],
  ])('attack %i days after the first dose: %s', (days, code) => {
    const patient = patientWith([dosed('azathioprine', '2022-06-01', [DOSE]), attack(plus(days))]);
    const [flag] = run(breakthroughRule, patient, plus(days));
    expect(flag?.code).toBe(code);
    expect(flag?.details.therapies).toMatchObject([{ firstDoseDate: DOSE, daysOnTherapy: days }]);
    expect(flag?.message).toContain(`azathioprine (started 2022-06-01, first dose ${DOSE}, ${days} days before onset;`);
  });

  it('a course recorded before the onset with its first dose after it is still within its window', () => {
    const patient = patientWith([dosed('rituximab', '2024-02-20', ['2024-03-05']), attack('2024-03-02')]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag?.code).toBe('EARLY_RELAPSE_ON_THERAPY');
    expect(flag?.message).toContain('rituximab (started 2024-02-20, first dose 2024-03-05, after onset;');
  });
});

describe('oral prednisone as a bridge', () => {
  it.each([
    [180, 'EARLY_RELAPSE_ON_THERAPY', ['azathioprine']],
    [181, 'BREAKTHROUGH_RELAPSE', ['azathioprine']],
  ])('prednisone beyond its window bridging azathioprine, attack on azathioprine day %i: %s', (days, code, agents) => {
    const patient = patientWith([therapy('oral_prednisone', DOSE), therapy('azathioprine', DOSE), attack(plus(days))]);
    const [flag, ...rest] = run(breakthroughRule, patient, plus(days));
    expect(rest).toEqual([]);
    expect(flag?.code).toBe(code);
    expect(flag?.details.agents).toEqual(agents);
    expect(flag?.message).toContain('Oral prednisone (a bridge or add-on) is not judged on its own.');
  });

  it('prednisone alone beyond its window is a breakthrough: move to a first-line or approved agent', () => {
    const patient = patientWith([therapy('oral_prednisone', DOSE), attack(plus(15))]);
    const [flag] = run(breakthroughRule, patient, plus(15));
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
    expect(flag?.details).toMatchObject({ agents: ['oral_prednisone'], onBiologic: false });
    expect(flag?.message).toContain('move to a first-line or approved agent: rituximab, or an approved biologic');
  });
});

describe('B-cell depletion carries over a stop (bCellTherapy.carryOverDays 183 after the last dose)', () => {
  // Rituximab infused on DOSE, stopped 30 days later (e.g. planned pregnancy), no successor.
  const stopped = (onset: string) =>
    patientWith([dosed('rituximab', DOSE, [DOSE], plus(30)), attack(onset)], { aqp4Status: 'positive' });

  it.each([
    [31, ['BREAKTHROUGH_RELAPSE'], []],
    [183, ['BREAKTHROUGH_RELAPSE'], []],
    [184, [], ['NO_MAINTENANCE_THERAPY']],
  ])('attack %i days after the last infusion: %j, %j', (days, relapseCodes, maintenanceCodes) => {
    const patient = stopped(plus(days));
    const flags = run(breakthroughRule, patient, plus(days));
    expect(codes(flags)).toEqual(relapseCodes);
    if (relapseCodes.length > 0) {
      expect(flags[0]?.details.therapies).toMatchObject([{ agent: 'rituximab', inCarryOver: true }]);
      expect(flags[0]?.message).toContain('stopped 2023-02-09, B-cell depletion carrying over');
    }
    expect(codes(run(noMaintenanceTherapyRule, patient, plus(days)))).toEqual(maintenanceCodes);
  });

  it('NO_MAINTENANCE_THERAPY starts the day after the carry-over ends, not the day after the stop', () => {
    const patient = patientWith([attack('2022-12-01'), dosed('rituximab', DOSE, [DOSE], plus(30))]);
    expect(run(noMaintenanceTherapyRule, patient, plus(183)).filter((f) => f.status === 'open')).toEqual([]);
    const [open] = run(noMaintenanceTherapyRule, patient, plus(184)).filter((f) => f.status === 'open');
    expect(open?.code).toBe('NO_MAINTENANCE_THERAPY');
  });

  it('follows the per-agent setting; other agents stop protecting on their stop day', () => {
    const patient = stopped(plus(100));
    const settings = { bCellTherapy: { carryOverDays: { rituximab: 90 } } };
    expect(run(breakthroughRule, patient, plus(100), settings)).toEqual([]);
    const aza = patientWith([therapy('azathioprine', '2022-01-01', '2023-06-01'), attack('2023-06-02')]);
    expect(run(breakthroughRule, aza, '2023-06-02')).toEqual([]);
  });
});

describe('RELAPSE_ON_LAPSED_DOSING: an anti-CD20/CD19 agent whose dosing had lapsed', () => {
  it.each<[TherapyAgent, number, string]>([
    ['rituximab', 183, 'BREAKTHROUGH_RELAPSE'],
    ['rituximab', 184, 'RELAPSE_ON_LAPSED_DOSING'],
    ['ocrelizumab', 183, 'BREAKTHROUGH_RELAPSE'],
    ['ocrelizumab', 184, 'RELAPSE_ON_LAPSED_DOSING'],
    ['inebilizumab', 183, 'BREAKTHROUGH_RELAPSE'],
    ['inebilizumab', 184, 'RELAPSE_ON_LAPSED_DOSING'],
    ['ofatumumab', 31, 'BREAKTHROUGH_RELAPSE'],
    ['ofatumumab', 32, 'RELAPSE_ON_LAPSED_DOSING'],
  ])('%s, attack %i days after the last dose, no B-cell count: %s', (agent, days, code) => {
    const patient = patientWith([dosed(agent, '2022-01-01', ['2022-01-01', DOSE]), attack(plus(days))]);
    const [flag, ...rest] = run(breakthroughRule, patient, plus(days));
    expect(rest).toEqual([]);
    expect(flag?.code).toBe(code);
    expect(flag?.severity).toBe('critical');
    if (code === 'RELAPSE_ON_LAPSED_DOSING') {
      expect(flag?.source).toBe(SOURCES.lapsedDosing);
      expect(flag?.details).toMatchObject({
        agents: [agent],
        reasons: ['interval_elapsed'],
        therapies: [{ agent, lapse: { reason: 'interval_elapsed', lastDose: DOSE, daysSinceLastDose: days } }],
      });
    }
  });

  it('ofatumumab with no injection recorded: no lapse can be read from the record (breakthrough)', () => {
    const patient = patientWith([therapy('ofatumumab', '2022-01-01'), attack('2022-06-01')]);
    const [flag] = run(breakthroughRule, patient, '2022-06-01');
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
  });

  it('the issue example: 436 days after the last rituximab infusion, B cells repopulated', () => {
    const onset = plus(436);
    const patient = patientWith([
      dosed('rituximab', '2021-06-01', ['2021-06-01', '2021-06-15', DOSE]),
      lab(addDays(onset, -20), 'cd19_percent', 4.2),
      attack(onset, undefined, { phenotype: 'transverse_myelitis', severity: 'severe' }),
    ]);
    const [flag, ...rest] = run(breakthroughRule, patient, onset);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'RELAPSE_ON_LAPSED_DOSING', severity: 'critical', date: onset, status: 'open' });
    expect(flag?.details).toMatchObject({ reasons: ['b_cells_returned'] });
    expect(flag?.message).toBe(
      `Attack on ${onset} (transverse myelitis, severe) occurred when the dosing of rituximab had lapsed: ` +
        `rituximab (started 2021-06-01, 1024 days before onset; window 30 days): last dose on ${DOSE}, 436 days before; ` +
        `redosing interval 183 days; CD19+ B cells 4.2% on ${addDays(onset, -20)} (above 0.1%): B cells had returned. ` +
        'This is a relapse on lapsed dosing, not a failure of rituximab: redose now and tighten B-cell monitoring ' +
        '(CD19 and memory B cells); do not switch drug for this attack alone.',
    );
    expect(FLAG_ACTIONS.RELAPSE_ON_LAPSED_DOSING).toContain('redose');
  });

  it.each([
    ['CD19 above 0.1% 100 days after the infusion', [lab(plus(90), 'cd19_percent', 0.5)], 'RELAPSE_ON_LAPSED_DOSING'],
    ['CD19 at 0.1% (not above)', [lab(plus(90), 'cd19_percent', 0.1)], 'BREAKTHROUGH_RELAPSE'],
    [
      'memory B above 0.05% in the first 2 years',
      [lab(plus(90), 'cd27_memory_b_percent', 0.06)],
      'RELAPSE_ON_LAPSED_DOSING',
    ],
    // Returned B cells stay returned until a redose or a later depleted count, however old the count.
    ['a raised count 61 days before onset', [lab(plus(39), 'cd19_percent', 0.5)], 'RELAPSE_ON_LAPSED_DOSING'],
    [
      'a raised count, then a depleted one',
      [lab(plus(39), 'cd19_percent', 0.5), lab(plus(70), 'cd19_percent', 0.05)],
      'BREAKTHROUGH_RELAPSE',
    ],
  ])('attack 100 days after the infusion, %s: %s', (_label, labs, code) => {
    const patient = patientWith([dosed('rituximab', DOSE, [DOSE]), ...labs, attack(plus(100))]);
    expect(codes(run(breakthroughRule, patient, plus(100)))).toEqual([code]);
  });

  it('a recent count showing continued depletion makes a late attack a breakthrough (B-cell-guided dosing)', () => {
    const patient = patientWith([
      dosed('rituximab', DOSE, [DOSE]),
      lab(plus(400), 'cd19_percent', 0.01),
      lab(plus(400), 'cd27_memory_b_percent', 0.01),
      attack(plus(436)),
    ]);
    const [flag] = run(breakthroughRule, patient, plus(436));
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
    expect(flag?.message).toContain(
      'switch to another mechanism of action: from anti-CD20/CD19 to complement inhibitor (eculizumab or ravulizumab) and IL-6 receptor inhibitor (satralizumab)',
    );
  });

  it('a relapse in the carry-over after the stop whose counts show B-cell return is a lapse on that agent', () => {
    const patient = patientWith([
      dosed('rituximab', DOSE, [DOSE], plus(30)),
      lab(plus(140), 'cd19_percent', 1.5),
      attack(plus(150)),
    ]);
    const [flag] = run(breakthroughRule, patient, plus(150));
    expect(flag?.code).toBe('RELAPSE_ON_LAPSED_DOSING');
    expect(flag?.details.therapies).toMatchObject([{ agent: 'rituximab', inCarryOver: true }]);
    // Stopped on purpose: there is no dose to give; the advice is to restart or start maintenance.
    expect(flag?.message).toContain('restart it or start another maintenance therapy now');
    expect(flag?.message).not.toContain('redose now');
  });

  it('a relapse after a switch is judged on the successor, not on the stopped agent still carrying over', () => {
    const patient = patientWith([
      dosed('ofatumumab', '2022-01-01', ['2022-01-01', '2022-12-01'], '2023-01-01'),
      therapy('azathioprine', '2023-01-02'),
      attack('2023-03-01'),
    ]);
    const flags = run(breakthroughRule, patient, '2023-03-01');
    expect(codes(flags)).toEqual(['EARLY_RELAPSE_ON_THERAPY']);
    expect(flags[0]?.details.agents).toEqual(['azathioprine']);
  });

  describe('lifecycle: resolved by a dose of the agent or a switch; otherwise open, no expiry', () => {
    const onset = plus(300);
    const base = [dosed('rituximab', DOSE, [DOSE, plus(310)]), attack(onset)];

    it.each([
      [plus(309), { code: 'RELAPSE_ON_LAPSED_DOSING', status: 'open' }],
      [plus(310), resolved('RELAPSE_ON_LAPSED_DOSING', plus(310), `rituximab redosed on ${plus(310)}`)],
    ])('redosed 10 days after onset, as of %s', (asOf, expected) => {
      expect(lifecycle(run(breakthroughRule, patientWith(base), asOf))).toEqual([expected]);
    });

    it('a switch resolves it; oral prednisone started is not a switch', () => {
      const patient = patientWith([
        dosed('rituximab', DOSE, [DOSE], plus(320)),
        attack(onset),
        therapy('oral_prednisone', plus(301)),
        therapy('satralizumab', plus(320)),
      ]);
      expect(lifecycle(run(breakthroughRule, patient, plus(319)))).toEqual([
        { code: 'RELAPSE_ON_LAPSED_DOSING', status: 'open' },
      ]);
      expect(lifecycle(run(breakthroughRule, patient, plus(320)))).toEqual([
        resolved('RELAPSE_ON_LAPSED_DOSING', plus(320), `switched to satralizumab on ${plus(320)}`),
      ]);
    });

    it('a scheduled ofatumumab injection after the attack is a redose', () => {
      const patient = patientWith([dosed('ofatumumab', DOSE, [DOSE, plus(45)]), attack(plus(40))]);
      expect(lifecycle(run(breakthroughRule, patient, plus(50)))).toEqual([
        resolved('RELAPSE_ON_LAPSED_DOSING', plus(45), `ofatumumab redosed on ${plus(45)}`),
      ]);
    });

    it('stays open years later; an unaddressed one expires the day the next lapsed or breakthrough attack begins', () => {
      const patient = patientWith([dosed('rituximab', DOSE, [DOSE]), attack(plus(300)), attack(plus(700))]);
      expect(lifecycle(run(breakthroughRule, patient, plus(699)))).toEqual([
        { code: 'RELAPSE_ON_LAPSED_DOSING', status: 'open' },
      ]);
      expect(lifecycle(run(breakthroughRule, patient, plus(3000)))).toEqual([
        expired('RELAPSE_ON_LAPSED_DOSING', plus(700)),
        { code: 'RELAPSE_ON_LAPSED_DOSING', status: 'open' },
      ]);
    });
  });
});

describe('breakthrough advice fits the agent', () => {
  it.each<[TherapyAgent[], boolean, string]>([
    [
      ['rituximab'],
      true,
      'from anti-CD20/CD19 to complement inhibitor (eculizumab or ravulizumab) and IL-6 receptor inhibitor (satralizumab)',
    ],
    [
      ['eculizumab'],
      true,
      'from complement inhibitor to anti-CD20/CD19 (inebilizumab or rituximab) and IL-6 receptor inhibitor (satralizumab)',
    ],
    [
      ['satralizumab'],
      true,
      'from IL-6 receptor inhibitor to anti-CD20/CD19 (inebilizumab or rituximab) and complement inhibitor',
    ],
    [['azathioprine'], false, 'move to a first-line or approved agent: rituximab, or an approved biologic'],
    [['mycophenolate'], false, 'move to a first-line or approved agent'],
    [['methotrexate'], false, 'move to a first-line or approved agent'],
    [['oral_prednisone'], false, 'move to a first-line or approved agent'],
    [['azathioprine', 'tocilizumab'], true, 'from IL-6 receptor inhibitor to'],
  ])('%j: on a biologic %s, "%s"', (agents, onBiologic, advice) => {
    const result = breakthroughAdvice(agents);
    expect(result.onBiologic).toBe(onBiologic);
    expect(result.advice).toContain(advice);
  });

  it('names the switch in the breakthrough message of an eculizumab patient', () => {
    const patient = patientWith([therapy('eculizumab', '2022-01-01'), attack('2024-03-02')]);
    const [flag] = run(breakthroughRule, patient, '2024-03-02');
    expect(flag?.details).toMatchObject({ onBiologic: true });
    expect(flag?.message).toContain('from complement inhibitor to anti-CD20/CD19');
  });
});

describe('RELAPSE_ON_LAPSED_DOSING: another agent added while the lapsed course goes on', () => {
  it('is resolved by the start, not written as a switch', () => {
    const patient = patientWith([
      dosed('rituximab', DOSE, [DOSE]),
      attack(plus(300)),
      therapy('eculizumab', plus(330)),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, plus(340)))).toEqual([
      resolved('RELAPSE_ON_LAPSED_DOSING', plus(330), `eculizumab started on ${plus(330)}`),
    ]);
  });
});

describe("an attack's steroid taper is not maintenance", () => {
  it.each([
    ['AQP4-positive', { aqp4Status: 'positive' }],
    ['MOGAD', { aqp4Status: 'negative', mogStatus: 'positive' }],
  ] as const)('%s: a relapse during the taper is no breakthrough', (_label, fields) => {
    const patient = patientWith(
      [attack('2023-01-01'), therapy('oral_prednisone', '2023-01-06'), attack('2023-03-17')],
      fields,
    );
    expect(run(breakthroughRule, patient, '2023-03-17')).toEqual([]);
  });

  it('prednisone taken beyond 6 months is low-dose maintenance: a relapse then is judged on it', () => {
    const patient = patientWith([attack('2023-01-01'), therapy('oral_prednisone', '2023-01-06'), attack('2023-09-01')]);
    expect(codes(run(breakthroughRule, patient, '2023-09-01'))).toEqual(['BREAKTHROUGH_RELAPSE']);
  });
});

describe('breakthrough advice outside AQP4-positive NMOSD', () => {
  it.each([
    ['nmosd_aqp4_positive', 'an approved biologic (eculizumab, ravulizumab, inebilizumab or satralizumab)', false],
    ['nmosd_seronegative', 'move to a first-line agent: rituximab (eculizumab', true],
    ['mogad', 'in MOGAD, consider monthly maintenance IVIG', false],
  ] as const)('azathioprine, working diagnosis %s', (diagnosis, advice, offLabel) => {
    const patient = patientWith([therapy('azathioprine', '2022-01-01'), attack('2024-03-02')], { diagnosis });
    const [flag] = run(breakthroughRule, patient, '2024-03-02');
    expect(flag?.message).toContain(advice);
    expect(flag?.message.includes('labelled for AQP4-positive NMOSD only')).toBe(offLabel);
  });

  it('MOGAD on rituximab: IVIG, not another NMOSD biologic, and the MOGAD evidence as the source', () => {
    const patient = patientWith(
      [dosed('rituximab', '2023-01-01', ['2023-01-01', '2024-01-01']), attack('2024-03-02')],
      { diagnosis: 'mogad', aqp4Status: 'negative', mogStatus: 'positive' },
    );
    const [flag] = run(breakthroughRule, patient, '2024-03-02');
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
    expect(flag?.message).toContain('in MOGAD, consider monthly maintenance IVIG');
    expect(flag?.message).not.toContain('complement inhibitor');
    expect(flag?.source).toBe(SOURCES.breakthroughMogad);
  });

  it('a seronegative patient on rituximab: switch mechanism, with the labels named', () => {
    const patient = patientWith(
      [dosed('rituximab', '2023-01-01', ['2023-01-01', '2024-01-01']), attack('2024-03-02')],
      { diagnosis: 'nmosd_seronegative', aqp4Status: 'negative' },
    );
    const [flag] = run(breakthroughRule, patient, '2024-03-02');
    expect(flag?.message).toContain(
      'from anti-CD20/CD19 to complement inhibitor (eculizumab or ravulizumab) and IL-6 receptor inhibitor (satralizumab) (eculizumab, ravulizumab, inebilizumab and satralizumab are labelled for AQP4-positive NMOSD only)',
    );
  });
});

describe('RELAPSE_ON_LAPSED_DOSING: a scheduled dose of a complement or IL-6 receptor inhibitor was late', () => {
  // Eculizumab in maintenance: doses on days 0, 7, 14, 21, 28 and 42; the next due on day 56, 2 days allowed.
  const ECULIZUMAB = [0, 7, 14, 21, 28, 42].map(plus);

  it.each([
    ['on the last day of the grace', 58, 'BREAKTHROUGH_RELAPSE'],
    ['the day after the grace', 59, 'RELAPSE_ON_LAPSED_DOSING'],
    ['a month after the grace', 90, 'RELAPSE_ON_LAPSED_DOSING'],
  ])('eculizumab, attack %s (day %i)', (_label, day, code) => {
    const patient = patientWith([dosed('eculizumab', DOSE, ECULIZUMAB), attack(plus(day))]);
    expect(codes(run(breakthroughRule, patient, plus(day)))).toEqual([code]);
  });

  it('says which dose was late, asks to redose on schedule, cites the labels; the next dose resolves it', () => {
    const patient = patientWith([dosed('eculizumab', DOSE, [...ECULIZUMAB, plus(75)]), attack(plus(70))]);
    const [flag] = run(breakthroughRule, patient, plus(80));
    expect(flag).toMatchObject({
      code: 'RELAPSE_ON_LAPSED_DOSING',
      source: SOURCES.doseSchedules,
      status: 'resolved',
      resolvedOn: plus(75),
      resolution: `eculizumab redosed on ${plus(75)}`,
      details: { reasons: ['dose_overdue'] },
    });
    expect(flag?.message).toContain(
      `last dose on ${plus(42)} (dose 6), 28 days before; the next maintenance dose (every 14 days) was due on ${plus(56)} (2 days allowed) and had not been given. This is a relapse on lapsed dosing, not a failure of eculizumab: redose now and keep to the dose schedule;`,
    );
  });

  it.each([
    ['satralizumab, third loading dose late', 'satralizumab' as TherapyAgent, [0, 14], 40, 'RELAPSE_ON_LAPSED_DOSING'],
    ['satralizumab within its grace', 'satralizumab' as TherapyAgent, [0, 14, 28], 63, 'BREAKTHROUGH_RELAPSE'],
    ['tocilizumab a dose late', 'tocilizumab' as TherapyAgent, [0, 28], 64, 'RELAPSE_ON_LAPSED_DOSING'],
    ['ravulizumab on schedule', 'ravulizumab' as TherapyAgent, [0, 14], 77, 'BREAKTHROUGH_RELAPSE'],
    ['ravulizumab a dose late', 'ravulizumab' as TherapyAgent, [0, 14], 78, 'RELAPSE_ON_LAPSED_DOSING'],
  ])('%s', (_label, agent, days, attackDay, code) => {
    const patient = patientWith([dosed(agent, DOSE, days.map(plus)), attack(plus(attackDay))]);
    expect(codes(run(breakthroughRule, patient, plus(attackDay)))).toEqual([code]);
  });

  it('a course recorded without its doses cannot show a late one: breakthrough', () => {
    const patient = patientWith([therapy('eculizumab', DOSE), attack(plus(200))]);
    expect(codes(run(breakthroughRule, patient, plus(200)))).toEqual(['BREAKTHROUGH_RELAPSE']);
  });
});
