import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import type { TherapyEvent } from '../../../src/records/therapy.ts';
import { breakthroughRule } from '../../../src/rules/relapse/breakthrough.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, flagHead, patientWith, run } from '../helpers.ts';
import { attack, dosed, lifecycle, resolved, therapy } from './fixtures.ts';

const START = '2023-01-10';
const on = (days: number) => addDays(START, days);

/** A therapy with recorded 1 g doses. */
const dosedGram = (agent: TherapyAgent, startDate: string, doses: string[], stopDate?: string): TherapyEvent =>
  dosed(agent, startDate, doses, stopDate, 1000);

describe('BREAKTHROUGH_RELAPSE / EARLY_RELAPSE_ON_THERAPY', () => {
  it.each<[TherapyAgent, number, string[]]>([
    ['rituximab', 0, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 29, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 30, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 31, ['BREAKTHROUGH_RELAPSE']],
    ['eculizumab', 14, ['EARLY_RELAPSE_ON_THERAPY']],
    ['eculizumab', 15, ['BREAKTHROUGH_RELAPSE']],
    ['azathioprine', 179, ['EARLY_RELAPSE_ON_THERAPY']],
    ['azathioprine', 180, ['EARLY_RELAPSE_ON_THERAPY']],
    ['azathioprine', 181, ['BREAKTHROUGH_RELAPSE']],
    ['satralizumab', 31, ['BREAKTHROUGH_RELAPSE']],
    ['ivig_maintenance', 31, ['BREAKTHROUGH_RELAPSE']],
  ])('%s, attack %i days after the start: %j', (agent, days, expected) => {
    const flags = run(breakthroughRule, patientWith([therapy(agent, START), attack(on(days))]), '2025-01-01');
    expect(codes(flags)).toEqual(expected);
    // Months later: a breakthrough with no change of therapy is still open, an early relapse expired.
    expect(flags.map((f) => f.status)).toEqual([expected[0] === 'BREAKTHROUGH_RELAPSE' ? 'open' : 'expired']);
    expect(flags[0]?.date).toBe(on(days));
    expect(flags[0]?.details).toMatchObject({ agents: [agent], therapies: [{ agent, daysOnTherapy: days }] });
  });

  it('raises nothing without maintenance therapy, or on a non-maintenance (MS) drug only', () => {
    expect(run(breakthroughRule, patientWith([attack('2024-03-02')]), '2024-04-01')).toEqual([]);
    const onMsDrug = patientWith([therapy('natalizumab', '2022-01-01'), attack('2024-03-02')]);
    expect(run(breakthroughRule, onMsDrug, '2024-04-01')).toEqual([]);
  });

  it('ignores a therapy started after the onset, and an attack after the as-of date', () => {
    const patient = patientWith([therapy('rituximab', '2024-03-03'), attack('2024-03-02')]);
    expect(run(breakthroughRule, patient, '2024-04-01')).toEqual([]);
    const later = patientWith([therapy('satralizumab', START), attack('2024-03-02')]);
    expect(run(breakthroughRule, later, '2024-03-01')).toEqual([]);
    expect(codes(run(breakthroughRule, later, '2024-03-02'))).toEqual(['BREAKTHROUGH_RELAPSE']);
  });

  it.each([
    ['stopped the day before onset', '2024-03-01', []],
    ['stopped on the onset day', '2024-03-02', ['BREAKTHROUGH_RELAPSE']],
    ['stopped the day after onset', '2024-03-03', ['BREAKTHROUGH_RELAPSE']],
  ])('a therapy %s (the stop resolves the breakthrough)', (_label, stopDate, expected) => {
    const patient = patientWith([therapy('mycophenolate', START, stopDate), attack('2024-03-02')]);
    const flags = run(breakthroughRule, patient, '2024-06-01');
    expect(codes(flags)).toEqual(expected);
    expect(lifecycle(flags)).toEqual(
      expected.map((code) => ({
        code,
        status: 'resolved',
        resolvedOn: stopDate,
        resolution: `mycophenolate stopped on ${stopDate}`,
      })),
    );
  });

  it('counts a stop recorded after the as-of date as not yet known (still active)', () => {
    const patient = patientWith([therapy('mycophenolate', START, '2024-05-01'), attack('2024-03-02')]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
    expect(flag?.status).toBe('open');
    expect(flag?.details.therapies).toEqual([
      {
        agent: 'mycophenolate',
        startDate: START,
        firstDoseDate: START,
        stopDate: null,
        daysOnTherapy: 417,
        onsetOfEffectDays: 180,
        inCarryOver: false,
      },
    ]);
  });

  it.each([
    ['in the gap between the courses', '2021-02-01', []],
    ['19 days into the restarted course', '2021-03-20', ['EARLY_RELAPSE_ON_THERAPY']],
    ['30 days into the restarted course', '2021-03-31', ['EARLY_RELAPSE_ON_THERAPY']],
    ['31 days into the restarted course', '2021-04-01', ['BREAKTHROUGH_RELAPSE']],
    ['late in the first course', '2020-12-01', ['BREAKTHROUGH_RELAPSE']],
  ])('a restarted therapy counts from the course active on the onset: attack %s', (_label, onset, expected) => {
    const patient = patientWith([
      therapy('rituximab', '2021-03-01'),
      attack(onset),
      dosedGram('rituximab', '2020-01-01', ['2020-01-01', '2020-07-01'], '2021-01-01'),
    ]);
    const flags = run(breakthroughRule, patient, '2022-01-01');
    expect(codes(flags)).toEqual(expected);
    if (onset === '2020-12-01') {
      // The first course stopped on 2021-01-01, after this attack: that stop resolves it.
      expect(lifecycle(flags)).toEqual([
        resolved('BREAKTHROUGH_RELAPSE', '2021-01-01', 'rituximab stopped on 2021-01-01'),
      ]);
    } else {
      expect(flags.map((f) => f.status)).toEqual(
        expected.map((code) => (code === 'BREAKTHROUGH_RELAPSE' ? 'open' : 'expired')),
      );
    }
  });

  it('names the established therapy on a switch with overlap, and reports the new one as still within its window', () => {
    const patient = patientWith([
      therapy('azathioprine', '2022-01-01'),
      therapy('rituximab', '2024-02-21'),
      attack('2024-03-02'),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag).toMatchObject({
      ...flagHead('BREAKTHROUGH_RELAPSE', 'critical', '2024-03-02', 'open'),
    });
    expect(flag?.source).toBe(SOURCES.breakthrough);
    expect(flag?.details).toMatchObject({
      onsetDate: '2024-03-02',
      phenotype: 'optic_neuritis',
      severity: 'moderate',
      agents: ['azathioprine'],
      therapies: [{ agent: 'azathioprine', daysOnTherapy: 791, onsetOfEffectDays: 180 }],
      therapiesWithinWindow: [{ agent: 'rituximab', daysOnTherapy: 10, onsetOfEffectDays: 30 }],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (optic neuritis, moderate) occurred on maintenance therapy beyond its onset-of-effect window: ' +
        'azathioprine (started 2022-01-01, 791 days before onset; window 180 days). This is a breakthrough relapse: ' +
        'check adherence and dosing, and move to a first-line or approved agent: rituximab, or an approved biologic ' +
        '(eculizumab, ravulizumab, inebilizumab or satralizumab). ' +
        'Still within the onset-of-effect window: rituximab (started 2024-02-21, 10 days before onset; window 30 days).',
    );
  });

  it('names every agent beyond its window, and sets oral prednisone beside another agent aside', () => {
    const patient = patientWith([
      therapy('oral_prednisone', '2023-01-01', '2024-06-01'),
      therapy('azathioprine', '2023-01-01'),
      therapy('mycophenolate', '2023-02-01'),
      attack('2024-03-02'),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag?.status).toBe('open');
    expect(flag?.details.agents).toEqual(['azathioprine', 'mycophenolate']);
    expect(flag?.details.therapiesWithinWindow).toEqual([]);
    expect(flag?.message).toContain(
      'azathioprine (started 2023-01-01, 426 days before onset; window 180 days) and mycophenolate (started 2023-02-01, 395 days before onset; window 180 days).',
    );
    expect(flag?.message).toContain('Oral prednisone (a bridge or add-on) is not judged on its own.');
  });

  it('describes an early attack and every course still within its window', () => {
    const patient = patientWith([
      therapy('eculizumab', '2024-02-27', '2024-03-02'),
      therapy('rituximab', '2024-03-01'),
      attack('2024-03-02', undefined, { phenotype: 'area_postrema', severity: 'mild' }),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag).toMatchObject({
      ...flagHead('EARLY_RELAPSE_ON_THERAPY', 'info', '2024-03-02', 'open'),
    });
    expect(flag?.source).toBe(SOURCES.earlyRelapse);
    expect(flag?.details).toMatchObject({ agents: ['eculizumab', 'rituximab'] });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (area postrema syndrome, mild) occurred within the onset-of-effect window of ' +
        'eculizumab (started 2024-02-27, 4 days before onset; window 14 days; stopped 2024-03-02) and ' +
        'rituximab (started 2024-03-01, 1 day before onset; window 30 days). ' +
        'The therapy may not have taken effect yet, so this attack alone does not show treatment failure.',
    );
  });

  it('raises one flag per attack, whatever the input order', () => {
    const events = [
      attack('2024-06-01'),
      therapy('rituximab', '2024-01-01'),
      attack('2024-01-20'),
      attack('2023-06-01'),
      attack('2024-01-01'),
    ];
    const flags = run(breakthroughRule, patientWith(events), '2024-12-31');
    // 2024-01-01 and 2024-01-20 are 19 days apart: one attack.
    expect(flags.map((f) => [f.code, f.date, f.status])).toEqual([
      ['EARLY_RELAPSE_ON_THERAPY', '2024-01-01', 'expired'],
      ['BREAKTHROUGH_RELAPSE', '2024-06-01', 'open'],
    ]);
    expect(run(breakthroughRule, patientWith([...events].reverse()), '2024-12-31')).toEqual(flags);
  });

  it('follows the clinic onset-of-effect settings', () => {
    const patient = patientWith([therapy('rituximab', START), attack(on(45))]);
    expect(codes(run(breakthroughRule, patient, '2024-01-01'))).toEqual(['BREAKTHROUGH_RELAPSE']);
    const flags = run(breakthroughRule, patient, '2024-01-01', { onsetOfEffectDays: { rituximab: 45 } });
    expect(codes(flags)).toEqual(['EARLY_RELAPSE_ON_THERAPY']);
    expect(flags[0]?.details.therapies).toMatchObject([{ daysOnTherapy: 45, onsetOfEffectDays: 45 }]);
    expect(flags[0]?.status).toBe('expired');
  });
});

describe('BREAKTHROUGH_RELAPSE lifecycle: resolved by a change of maintenance on or after onset, no expiry', () => {
  const ONSET = '2021-06-01';
  const breakthrough = (status: string, resolvedOn?: string, resolution?: string) => [
    { code: 'BREAKTHROUGH_RELAPSE', status, ...(resolvedOn ? { resolvedOn, resolution } : {}) },
  ];

  it.each([
    ['2021-08-31', breakthrough('open')],
    ['2021-09-01', breakthrough('resolved', '2021-09-01', 'switched to satralizumab on 2021-09-01')],
    ['2031-01-01', breakthrough('resolved', '2021-09-01', 'switched to satralizumab on 2021-09-01')],
  ])('a switch (rituximab stopped and satralizumab started on 2021-09-01), as of %s', (asOf, expected) => {
    const patient = patientWith([
      dosedGram('rituximab', '2020-01-01', ['2020-01-01', '2021-03-01'], '2021-09-01'),
      attack(ONSET),
      therapy('satralizumab', '2021-09-01'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, asOf))).toEqual(expected);
  });

  it('another maintenance agent started while no stop is recorded: resolved, not called a switch', () => {
    const patient = patientWith([
      therapy('azathioprine', '2020-01-01'),
      attack(ONSET),
      therapy('rituximab', '2021-06-15'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, '2021-07-01'))).toEqual(
      breakthrough('resolved', '2021-06-15', 'rituximab started on 2021-06-15'),
    );
  });

  it.each([
    ['2023-02-09', breakthrough('open')],
    ['2023-02-10', breakthrough('resolved', '2023-02-10', 'rituximab redosed on 2023-02-10')],
  ])('a rituximab redose on 2023-02-10, as of %s', (asOf, expected) => {
    const patient = patientWith([
      dosedGram('rituximab', '2021-01-10', ['2021-01-10', '2021-01-24', '2022-08-10', '2023-02-10', '2023-08-10']),
      attack('2023-01-05'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, asOf))).toEqual(expected);
  });

  it.each<[TherapyAgent]>([['rituximab'], ['ocrelizumab'], ['inebilizumab']])(
    'a dose of %s on the onset day is a redose',
    (agent) => {
      const patient = patientWith([dosedGram(agent, '2020-01-10', ['2020-01-10', ONSET]), attack(ONSET)]);
      expect(lifecycle(run(breakthroughRule, patient, ONSET))).toEqual(
        breakthrough('resolved', ONSET, `${agent} redosed on ${ONSET}`),
      );
    },
  );

  it('a new rituximab course recorded without doses is a redose from its start', () => {
    const patient = patientWith([
      dosedGram('rituximab', '2020-01-10', ['2020-01-10', '2021-01-10'], '2021-06-01'),
      attack(ONSET),
      therapy('rituximab', '2021-07-01'),
    ]);
    // The first course's stop on the onset day comes first.
    expect(lifecycle(run(breakthroughRule, patient, '2021-07-01'))).toEqual(
      breakthrough('resolved', ONSET, `rituximab stopped on ${ONSET}`),
    );
    const ongoing = patientWith([
      dosedGram('rituximab', '2020-01-10', ['2020-01-10', '2021-01-10']),
      attack(ONSET),
      therapy('rituximab', '2021-07-01'),
    ]);
    expect(lifecycle(run(breakthroughRule, ongoing, '2021-07-01'))).toEqual(
      breakthrough('resolved', '2021-07-01', 'rituximab redosed on 2021-07-01'),
    );
  });

  it.each([
    ['2022-01-04', breakthrough('open')],
    ['2022-01-05', breakthrough('resolved', '2022-01-05', 'rituximab stopped on 2022-01-05')],
  ])('rituximab stopped on 2022-01-05, as of %s', (asOf, expected) => {
    const patient = patientWith([
      dosedGram('rituximab', '2020-01-01', ['2020-01-01', '2021-05-01'], '2022-01-05'),
      attack(ONSET),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, asOf))).toEqual(expected);
  });

  it.each<[TherapyAgent]>([
    ['eculizumab'],
    ['ravulizumab'],
    ['satralizumab'],
    ['tocilizumab'],
    ['ofatumumab'],
    ['ivig_maintenance'],
    ['azathioprine'],
    ['mycophenolate'],
  ])('a routine scheduled dose of %s after the attack is not a change: still open years later', (agent) => {
    const doses = ['2020-01-01', '2021-05-18', '2021-06-01', '2021-06-15', '2021-06-29', '2022-06-28'];
    const patient = patientWith([dosedGram(agent, '2020-01-01', doses), attack(ONSET)]);
    expect(lifecycle(run(breakthroughRule, patient, '2030-01-01'))).toEqual(breakthrough('open'));
  });

  it('an eculizumab scheduled dose is not a change, its stop is', () => {
    const patient = patientWith([
      dosedGram('eculizumab', '2020-01-01', ['2020-01-01', '2021-05-25', '2021-06-08', '2021-06-22'], '2021-07-06'),
      attack(ONSET),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, '2021-07-05'))).toEqual(breakthrough('open'));
    expect(lifecycle(run(breakthroughRule, patient, '2021-07-06'))).toEqual(
      breakthrough('resolved', '2021-07-06', 'eculizumab stopped on 2021-07-06'),
    );
  });

  it('changes before the onset do not count; the earliest change after it does', () => {
    const patient = patientWith([
      dosedGram('rituximab', '2020-01-10', ['2020-01-10', '2021-05-31', '2021-12-01'], '2022-03-01'),
      attack(ONSET),
      therapy('inebilizumab', '2022-03-02'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, '2021-11-30'))).toEqual(breakthrough('open'));
    expect(lifecycle(run(breakthroughRule, patient, '2023-01-01'))).toEqual(
      breakthrough('resolved', '2021-12-01', 'rituximab redosed on 2021-12-01'),
    );
  });

  it('is judged against the therapies beyond their window: a dose of one still inside it is not a change', () => {
    // Switching from azathioprine to rituximab when the attack came: the second induction infusion is planned.
    const patient = patientWith([
      therapy('azathioprine', '2022-01-01'),
      dosedGram('rituximab', '2024-02-21', ['2024-02-21', '2024-03-06']),
      attack('2024-03-02'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, '2024-03-10'))).toEqual(breakthrough('open'));
  });

  it('an MS drug, AHSCT or an unnamed agent started is not a change of NMOSD maintenance', () => {
    const patient = patientWith([
      therapy('azathioprine', '2020-01-01'),
      attack(ONSET),
      therapy('natalizumab', '2021-07-01'),
      therapy('ahsct', '2021-08-01'),
      therapy('other', '2021-09-01'),
    ]);
    expect(lifecycle(run(breakthroughRule, patient, '2022-01-01'))).toEqual(breakthrough('open'));
  });

  it('each breakthrough is judged on its own: a change after the first attack does not resolve the next one', () => {
    const patient = patientWith([
      dosedGram('rituximab', '2020-01-10', ['2020-01-10', '2021-07-01']),
      attack(ONSET),
      attack('2022-03-01'),
    ]);
    expect(run(breakthroughRule, patient, '2022-04-01').map((f) => [f.date, f.status, f.resolution])).toEqual([
      [ONSET, 'resolved', 'rituximab redosed on 2021-07-01'],
      ['2022-03-01', 'open', undefined],
    ]);
  });
});

describe('EARLY_RELAPSE_ON_THERAPY lifecycle: open to onset + 30, expired after, never resolved', () => {
  it.each([
    [0, 'open'],
    [30, 'open'],
    [31, 'expired'],
    [400, 'expired'],
  ])('attack 10 days into rituximab, switched on day 5; as of day %i: %s', (asOfDay, status) => {
    const onset = '2024-03-02';
    const patient = patientWith([
      therapy('rituximab', '2024-02-21', addDays(onset, 5)),
      attack(onset),
      therapy('satralizumab', addDays(onset, 5)),
    ]);
    const flags = run(breakthroughRule, patient, addDays(onset, asOfDay));
    expect(lifecycle(flags)).toEqual([
      { code: 'EARLY_RELAPSE_ON_THERAPY', status, ...(status === 'expired' ? { expiredOn: addDays(onset, 31) } : {}) },
    ]);
  });

  it('follows settings.lifecycle.acutePhaseDays', () => {
    const patient = patientWith([therapy('rituximab', '2024-02-21'), attack('2024-03-02')]);
    const settings = { lifecycle: { acutePhaseDays: 7 } };
    expect(run(breakthroughRule, patient, '2024-03-09', settings)[0]?.status).toBe('open');
    expect(run(breakthroughRule, patient, '2024-03-10', settings)[0]?.status).toBe('expired');
  });
});

describe('BREAKTHROUGH_RELAPSE: only the latest breakthrough is open', () => {
  it('an earlier breakthrough that nothing resolved expires the day the next one begins', () => {
    const patient = patientWith([
      { type: 'therapy', agent: 'satralizumab', startDate: '2020-01-01' },
      { type: 'relapse', onsetDate: '2021-03-01', phenotype: 'optic_neuritis', severity: 'mild' },
      { type: 'relapse', onsetDate: '2022-06-01', phenotype: 'transverse_myelitis', severity: 'moderate' },
    ]);
    const statuses = (asOf: string) =>
      run(breakthroughRule, patient, asOf)
        .filter((f) => f.code === 'BREAKTHROUGH_RELAPSE')
        .map((f) => [f.date, f.status, f.details.expiredOn ?? null]);
    expect(statuses('2022-05-31')).toEqual([['2021-03-01', 'open', null]]);
    expect(statuses('2022-06-01')).toEqual([
      ['2021-03-01', 'expired', '2022-06-01'],
      ['2022-06-01', 'open', null],
    ]);
  });
});
