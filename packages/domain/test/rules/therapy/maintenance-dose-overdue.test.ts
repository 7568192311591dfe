import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import { resolveRuleSettings } from '../../../src/rules/settings.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { maintenanceDoseOverdueRule } from '../../../src/rules/therapy/maintenance-dose-overdue.ts';
import { patientWith, run } from '../helpers.ts';
import { therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = maintenanceDoseOverdueRule;
const CODE = ['MAINTENANCE_DOSE_OVERDUE'];
const START = '2024-01-01';
const day = (n: number) => addDays(START, n);

/**
 * Per agent and place in the schedule: the doses given (days from START), the next dose's due day
 * (days from START) and the grace (settings `dosing`).
 */
const SCHEDULES: [string, TherapyAgent, number[], number, number][] = [
  ['eculizumab, second start dose', 'eculizumab', [0], 7, 2],
  ['eculizumab, fifth dose (week 5)', 'eculizumab', [0, 7, 14, 21], 28, 2],
  ['eculizumab, maintenance', 'eculizumab', [0, 7, 14, 21, 28, 42], 56, 2],
  ['ravulizumab, first maintenance dose', 'ravulizumab', [0], 14, 7],
  ['ravulizumab, maintenance', 'ravulizumab', [0, 14], 70, 7],
  ['satralizumab, third loading dose', 'satralizumab', [0, 14], 28, 7],
  ['satralizumab, maintenance', 'satralizumab', [0, 14, 28], 56, 7],
  ['tocilizumab', 'tocilizumab', [0, 28], 56, 7],
  ['inebilizumab, 6 months from the first infusion', 'inebilizumab', [0, 14], 183, 14],
  ['inebilizumab, maintenance', 'inebilizumab', [0, 14, 183], 366, 14],
  ['ocrelizumab, 6 months from the first infusion', 'ocrelizumab', [0, 14], 183, 14],
  ['ofatumumab, week 4', 'ofatumumab', [0, 7, 14], 28, 7],
  ['ofatumumab, monthly', 'ofatumumab', [0, 7, 14, 28], 59, 7],
  ['maintenance IVIG', 'ivig_maintenance', [0, 28, 56], 84, 7],
];

describe('MAINTENANCE_DOSE_OVERDUE per agent', () => {
  describe.each(SCHEDULES)('%s', (_label, agent, doses, due, grace) => {
    const course = therapy(agent, START, { doses: doses.map(day) });
    const lastOfGrace = due + grace;

    it.each([
      ['the due day', due, false],
      ['the last day of the grace', lastOfGrace, false],
      ['the day after the grace', lastOfGrace + 1, true],
      ['a year later', lastOfGrace + 365, true],
    ])('as of %s', (_when, asOf, flagged) => {
      expectOpenWhen(run(rule, patientWith([course]), day(asOf)), flagged, CODE);
    });

    it('is dated at the first overdue day', () => {
      const [flag] = run(rule, patientWith([course]), day(lastOfGrace + 10));
      expect(flag).toMatchObject({
        severity: 'warning',
        status: 'open',
        date: day(lastOfGrace + 1),
        source: SOURCES.doseSchedules,
        details: { agent, dosesGiven: doses.length, doseNumber: doses.length + 1, dueOn: day(due), graceDays: grace },
      });
    });

    it.each([
      ['on the last day of the grace: no episode', lastOfGrace, []],
      [
        'a week late: a resolved episode',
        lastOfGrace + 7,
        [
          resolved(
            day(lastOfGrace + 1),
            day(lastOfGrace + 7),
            `${agentWords(agent)} dose given on ${day(lastOfGrace + 7)}`,
          ),
        ],
      ],
    ])('the next dose given %s', (_when, given, expected) => {
      const dosed = therapy(agent, START, { doses: [...doses, given].map(day) });
      expect(lifecycles(run(rule, patientWith([dosed]), day(given + 1)))).toEqual(expected);
    });
  });
});

const agentWords = (agent: TherapyAgent) => (agent === 'ivig_maintenance' ? 'maintenance IVIG' : agent);

describe('MAINTENANCE_DOSE_OVERDUE: the schedule', () => {
  it('says where in the schedule the patient is, in a message for a neurologist', () => {
    const course = therapy('satralizumab', START, { doses: [day(0), day(14)] });
    const [flag] = run(rule, patientWith([course]), day(40));
    expect(flag?.message).toBe(
      'Satralizumab: last dose on 2024-01-15 (dose 2); dose 3 of the start doses (days 0, 14 and 28 from the first dose) was due on 2024-01-29 (7 days allowed), and no dose has been recorded or planned since: overdue since 2024-02-06, 12 days after the due day.',
    );
    expect(flag?.details).toMatchObject({ phase: 'start', gapDays: 14, lastDose: day(14), lastDoseRecorded: true });
    const maintenance = therapy('satralizumab', START, { doses: [day(0), day(14), day(28)] });
    const [later] = run(rule, patientWith([maintenance]), day(70));
    expect(later?.message).toContain('the next maintenance dose (every 28 days) was due on 2024-02-26');
    expect(later?.details).toMatchObject({ phase: 'maintenance', gapDays: 28 });
  });

  it('a late dose moves the schedule on from itself (the labels: give it, then resume the interval)', () => {
    const course = therapy('eculizumab', START, { doses: [0, 7, 14, 21, 28, 50].map(day) });
    expect(run(rule, patientWith([course]), day(66)).filter((f) => f.status === 'open')).toEqual([]);
    const flags = run(rule, patientWith([course]), day(67));
    expect(lifecycles(flags)).toEqual([
      resolved(day(45), day(50), 'eculizumab dose given on 2024-02-20'),
      opened(day(67)),
    ]);
  });

  it('without recorded doses the course start stands for the first dose', () => {
    const bare = therapy('tocilizumab', START);
    expect(run(rule, patientWith([bare]), day(35))).toEqual([]);
    const [flag] = run(rule, patientWith([bare]), day(36));
    expect(flag?.message).toContain('Tocilizumab: no dose recorded since the course start on 2024-01-01;');
    expect(flag?.details).toMatchObject({ lastDoseRecorded: false, dosesGiven: 1 });
  });

  it('self-injected agents without any injection recorded are not checked', () => {
    for (const agent of ['ofatumumab', 'satralizumab'] as const)
      expect(run(rule, patientWith([therapy(agent, START)]), day(400))).toEqual([]);
  });

  it.each(['rituximab', 'azathioprine', 'mycophenolate', 'methotrexate', 'oral_prednisone', 'natalizumab'] as const)(
    'raises nothing for %s (no dose schedule here)',
    (agent) => {
      expect(run(rule, patientWith([therapy(agent, START, { doses: [START] })]), day(800))).toEqual([]);
    },
  );

  it.each([
    [{ graceDays: 0 }, 57, true],
    [{ graceDays: 0 }, 56, false],
    [{ intervalDays: 35 }, 70, false],
    [{ intervalDays: 35 }, 71, true],
  ])('settings dosing.satralizumab %o as of day %i', (override, asOf, flagged) => {
    const course = therapy('satralizumab', START, { doses: [0, 14, 28].map(day) });
    const settings = { dosing: { satralizumab: override } };
    expectOpenWhen(run(rule, patientWith([course]), day(asOf), settings), flagged, CODE);
  });

  it.each([
    [{ startDoseDays: [7, 14] }, 'dosing.eculizumab.startDoseDays'],
    [{ startDoseDays: [0, 14, 14] }, 'dosing.eculizumab.startDoseDays'],
    [{ intervalDays: 0 }, 'dosing.eculizumab.intervalDays'],
    [{ graceDays: -1 }, 'dosing.eculizumab.graceDays'],
  ])('a bad schedule %o is refused, naming the field', (eculizumab, path) => {
    expect(() => resolveRuleSettings({ dosing: { eculizumab } })).toThrow(path.split('.').at(-1));
  });

  it('one flag per running course; doses after as-of are not seen', () => {
    const later = therapy('eculizumab', START, { doses: [0, 7, 14, 21, 28, 42, 56].map(day) });
    expect(run(rule, patientWith([later]), day(60))).toEqual([]);
    expect(lifecycles(run(rule, patientWith([later]), day(55)))).toEqual([]);
    expect(
      run(rule, patientWith([therapy('ivig_maintenance', START), therapy('tocilizumab', START)]), day(40)),
    ).toHaveLength(2);
  });
});

describe('MAINTENANCE_DOSE_OVERDUE lifecycle', () => {
  const DOSES = [0, 14, 28].map(day); // satralizumab: next due day 56, overdue from day 64
  const due = day(64);

  it.each([
    ['the day before the stop', 99, [opened(due)]],
    ['on the stop day', 100, [resolved(due, day(100), 'satralizumab stopped on 2024-04-10')]],
    ['two years later', 830, [resolved(due, day(100), 'satralizumab stopped on 2024-04-10')]],
  ])('stopped on day 100 without a dose: as of %s', (_label, asOf, expected) => {
    const course = therapy('satralizumab', START, { doses: DOSES, stopDate: day(100) });
    expect(lifecycles(run(rule, patientWith([course]), day(asOf)))).toEqual(expected);
  });

  it('stopped within the grace: never overdue; a dose on the stop day resolves as a dose', () => {
    expect(
      run(rule, patientWith([therapy('satralizumab', START, { doses: DOSES, stopDate: day(63) })]), day(400)),
    ).toEqual([]);
    const lastDose = therapy('satralizumab', START, { doses: [...DOSES, day(100)], stopDate: day(100) });
    expect(lifecycles(run(rule, patientWith([lastDose]), day(400)))).toEqual([
      resolved(due, day(100), 'satralizumab dose given on 2024-04-10'),
    ]);
  });

  it('never expires while the course runs', () => {
    const course = therapy('satralizumab', START, { doses: DOSES });
    expect(lifecycles(run(rule, patientWith([course]), day(3000)))).toEqual([opened(due)]);
  });

  it('every late gap stays in the history; only the current one is open; input order irrelevant', () => {
    const doses = [0, 14, 28, 70, 98, 140].map(day);
    const flags = run(rule, patientWith([therapy('satralizumab', START, { doses })]), day(200));
    expect(lifecycles(flags)).toEqual([
      resolved(due, day(70), 'satralizumab dose given on 2024-03-11'),
      resolved(day(134), day(140), 'satralizumab dose given on 2024-05-20'),
      opened(day(176)),
    ]);
    const reversed = therapy('satralizumab', START, { doses: [...doses].reverse() });
    expect(run(rule, patientWith([reversed]), day(200))).toEqual(flags);
  });

  it('a history episode says when the dose was due, in words that stay true', () => {
    const course = therapy('satralizumab', START, { doses: [...DOSES, day(70)] });
    const [flag] = run(rule, patientWith([course]), day(80));
    expect(flag?.message).toBe(
      'Satralizumab: last dose on 2024-01-29 (dose 3); the next maintenance dose (every 28 days) was due on 2024-02-26 (7 days allowed): the dose was overdue from 2024-03-05.',
    );
  });
});

describe('MAINTENANCE_DOSE_OVERDUE: a planned administration', () => {
  /** A course with its given doses and planned (not yet given) ones, days from START. */
  const planned = (agent: TherapyAgent, doses: number[], plans: number[]) =>
    therapy(agent, START, {
      administrations: [
        ...doses.map((n) => ({ date: day(n) })),
        ...plans.map((n) => ({ date: day(n), planned: true })),
      ],
    });

  describe.each(SCHEDULES)('%s', (_label, agent, doses, due, grace) => {
    const lastOfGrace = due + grace;
    const plan = lastOfGrace + 10;

    it.each([
      ['the day after the grace, the plan in the future', lastOfGrace + 1, false],
      ['on the planned day', plan, false],
      ['the day after the planned day, not given', plan + 1, true],
    ])('planned for 10 days after the grace: as of %s', (_when, asOf, flagged) => {
      expectOpenWhen(run(rule, patientWith([planned(agent, doses, [plan])]), day(asOf)), flagged, CODE);
    });

    it('a passed plan dates the flag the day after it, and says so', () => {
      const [flag] = run(rule, patientWith([planned(agent, doses, [plan])]), day(plan + 3));
      expect(flag).toMatchObject({ date: day(plan + 1), details: { missedPlan: day(plan) } });
      expect(flag?.message).toContain(`the dose planned for ${day(plan)} is not recorded as given`);
    });

    it('a plan within the grace that passed: overdue from the day after the grace as before', () => {
      const [flag] = run(rule, patientWith([planned(agent, doses, [due])]), day(lastOfGrace + 1));
      expect(flag).toMatchObject({ date: day(lastOfGrace + 1), status: 'open', details: { missedPlan: day(due) } });
    });

    it.each([
      ['on the planned day (the plan left on record): no episode', plan, []],
      [
        '3 days after the planned day: an episode from the day after it',
        plan + 3,
        [resolved(day(plan + 1), day(plan + 3), `${agentWords(agent)} dose given on ${day(plan + 3)}`)],
      ],
    ])('given %s', (_when, given, expected) => {
      const course = planned(agent, [...doses, given], [plan]);
      expect(lifecycles(run(rule, patientWith([course]), day(given + 1)))).toEqual(expected);
    });
  });

  it('a plan dated on or before the last dose does not count', () => {
    const course = planned('satralizumab', [0, 14, 28], [28, 20]);
    expectOpenWhen(run(rule, patientWith([course]), day(64)), true, CODE);
  });
});
