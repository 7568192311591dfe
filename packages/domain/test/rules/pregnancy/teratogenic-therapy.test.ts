import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { teratogenicTherapyRule } from '../../../src/rules/pregnancy/teratogenic-therapy.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy } from '../therapy/builders.ts';
import { expired, lifecycles, opened, resolved } from '../therapy/lifecycle.ts';
import { pregnancy, referral } from './builders.ts';

const rule = teratogenicTherapyRule;
const CODE = ['TERATOGENIC_THERAPY_IN_PREGNANCY'];
const START = '2024-03-01';
const END = '2024-11-20';

describe('TERATOGENIC_THERAPY_IN_PREGNANCY', () => {
  describe('taken on a day of the pregnancy (start to last day, both included)', () => {
    it.each([
      [
        'stopped the day before the pregnancy starts (in washout: a warning)',
        { stopDate: addDays(START, -1) },
        'warning',
      ],
      ['stopped on the start day', { stopDate: START }, 'critical'],
      ['started on the last day', { start: END }, 'critical'],
      ['started the day after the last day', { start: addDays(END, 1) }, null],
    ] as const)('%s', (_label, fields, severity) => {
      const course = therapy('mycophenolate', 'start' in fields ? fields.start : '2023-01-01', {
        ...('stopDate' in fields ? { stopDate: fields.stopDate } : {}),
      });
      const flags = run(
        rule,
        patientWith([course, pregnancy(START, { endDate: END, outcome: 'live_birth' })]),
        '2025-01-01',
      );
      expect(flags.map((f) => f.severity)).toEqual(severity === null ? [] : [severity]);
    });
  });

  it('a critical flag dated at the first day of exposure, citing the label', () => {
    const events = [therapy('mycophenolate', '2023-01-01'), pregnancy(START, { expectedEndDate: '2024-12-06' })];
    const [flag] = run(rule, patientWith(events), '2024-04-10');
    expect(flag).toMatchObject({
      code: 'TERATOGENIC_THERAPY_IN_PREGNANCY',
      severity: 'critical',
      status: 'open',
      date: START,
      source: SOURCES.teratogenicMycophenolate,
      details: {
        agent: 'mycophenolate',
        exposure: 'pregnancy',
        pregnancyStart: START,
        pregnancyEnd: '2024-12-06',
        pregnancyEndBasis: 'expected',
        exposedFrom: START,
        exposedDays: 41,
      },
    });
    expect(flag?.message).toContain(
      'Mycophenolate mofetil was taken during a pregnancy (started 2024-03-01, expected to end 2024-12-06)',
    );
  });

  it.each([
    ['mycophenolate', 'teratogenicMycophenolate'],
    ['methotrexate', 'teratogenicMethotrexate'],
    ['teriflunomide', 'teratogenicTeriflunomide'],
    ['fingolimod', 'teratogenicS1p'],
    ['siponimod', 'teratogenicS1p'],
    ['ozanimod', 'teratogenicS1p'],
    ['ponesimod', 'teratogenicS1p'],
  ] as const)('%s is teratogenic (%s)', (agent, source) => {
    const flags = run(rule, patientWith([therapy(agent, '2023-01-01'), pregnancy(START)]), '2024-04-01');
    expect(flags.map((f) => [f.code, f.source])).toEqual([[CODE[0], SOURCES[source]]]);
  });

  it.each(['azathioprine', 'rituximab', 'oral_prednisone', 'eculizumab'] as const)('%s is not', (agent) => {
    expect(run(rule, patientWith([therapy(agent, '2023-01-01'), pregnancy(START)]), '2024-04-01')).toEqual([]);
  });

  it('a clinic may list another agent; it cites the pregnancy review', () => {
    const settings = { pregnancy: { teratogenicAgents: ['other'] } };
    const flags = run(rule, patientWith([therapy('other', '2023-01-01'), pregnancy(START)]), '2024-04-01', settings);
    expect(flags.map((f) => f.source)).toEqual([SOURCES.teratogenicOther]);
  });

  it('with no end recorded the pregnancy lasts 280 days from its start', () => {
    const events = [therapy('methotrexate', addDays(START, 280)), pregnancy(START)];
    expect(codes(run(rule, patientWith(events), '2025-06-01'))).toEqual(CODE);
    const later = [therapy('methotrexate', addDays(START, 281)), pregnancy(START)];
    expect(run(rule, patientWith(later), '2025-06-01')).toEqual([]);
  });

  it('a pregnancy starting after as-of is not seen', () => {
    expect(run(rule, patientWith([therapy('mycophenolate', '2023-01-01'), pregnancy(START)]), '2024-02-29')).toEqual(
      [],
    );
  });

  describe('washout before conception: the label period after stopping', () => {
    it.each([
      ['mycophenolate', 42, true],
      ['mycophenolate', 43, false],
      ['methotrexate', 183, true],
      ['methotrexate', 184, false],
      ['fingolimod', 60, true],
      ['siponimod', 11, false],
      ['teriflunomide', 730, true],
    ] as const)('%s stopped %i days before the start: flagged %s', (agent, daysBefore, flagged) => {
      const events = [therapy(agent, '2020-01-01', { stopDate: addDays(START, -daysBefore) }), pregnancy(START)];
      const flags = run(rule, patientWith(events), '2024-04-01');
      expect(flags.map((f) => [f.severity, f.details.exposure])).toEqual(flagged ? [['warning', 'washout']] : []);
    });
  });

  describe('lifecycle', () => {
    const events = (stopDate?: string) => [
      therapy('mycophenolate', '2023-01-01', stopDate ? { stopDate } : {}),
      pregnancy(START, { endDate: END, outcome: 'live_birth' }),
    ];
    it.each([
      ['on the start day', START, [opened(START)]],
      ['on the last day of the pregnancy', END, [opened(START)]],
      ['the day after it', addDays(END, 1), [expired(START, addDays(END, 1))]],
    ])('never stopped, as of %s', (_label, asOf, expected) => {
      // The actual end is hidden until it is reached: before it the pregnancy is taken to last 280 days.
      const flags = run(rule, patientWith(events()), asOf);
      expect(lifecycles(flags).map((l) => ({ ...l }))).toEqual(expected);
    });

    it.each([
      ['the day before the stop', '2024-03-31', [opened(START)]],
      ['on the stop', '2024-04-01', [resolved(START, '2024-04-01', 'mycophenolate mofetil stopped on 2024-04-01')]],
      [
        'after the pregnancy',
        '2025-01-01',
        [resolved(START, '2024-04-01', 'mycophenolate mofetil stopped on 2024-04-01')],
      ],
    ])('stopped during the pregnancy, as of %s', (_label, asOf, expected) => {
      expect(lifecycles(run(rule, patientWith(events('2024-04-01')), asOf))).toEqual(expected);
    });

    it('a stop after the pregnancy ended does not resolve it: expired', () => {
      expect(lifecycles(run(rule, patientWith(events('2024-12-01')), '2025-01-01'))).toEqual([
        expired(START, addDays(END, 1)),
      ]);
    });

    it('a washout exposure is resolved by a referral to obstetrics, else expires after the pregnancy', () => {
      const washout = [
        therapy('mycophenolate', '2023-01-01', { stopDate: '2024-02-01' }),
        pregnancy(START, { endDate: END, outcome: 'live_birth' }),
      ];
      expect(lifecycles(run(rule, patientWith([...washout, referral('2024-03-20')]), '2024-04-01'))).toEqual([
        resolved(START, '2024-03-20', 'referred to obstetrics on 2024-03-20'),
      ]);
      expect(
        lifecycles(run(rule, patientWith([...washout, referral('2024-03-20', 'hepatology')]), '2024-04-01')),
      ).toEqual([opened(START)]);
      expect(lifecycles(run(rule, patientWith(washout), '2025-01-01'))).toEqual([expired(START, addDays(END, 1))]);
    });
  });
});
