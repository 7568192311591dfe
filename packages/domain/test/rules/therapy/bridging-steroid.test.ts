import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { bridgingSteroidRule } from '../../../src/rules/therapy/bridging-steroid.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, therapy } from './builders.ts';
import { expired, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = bridgingSteroidRule;
const CODE = ['BRIDGING_STEROID_STOPPED_EARLY'];
const START = '2024-01-01';
/** Azathioprine's window: 180 days from the first dose, its last day. */
const WINDOW_END = addDays(START, 180); // 2024-06-29
const azathioprine = therapy('azathioprine', START);
const prednisone = (stopDate: string | null, startDate = '2023-12-20') =>
  therapy('oral_prednisone', startDate, { stopDate });

describe('BRIDGING_STEROID_STOPPED_EARLY', () => {
  it.each([
    ['on the window end (covered through it)', WINDOW_END, false],
    ['the day before the window end', addDays(WINDOW_END, -1), true],
    ['on the first dose day', START, true],
    ['the day before the first dose (no bridge: not flagged)', addDays(START, -1), false],
  ])('prednisone stopped %s', (_label, stop, flagged) => {
    const flags = run(rule, patientWith([azathioprine, prednisone(stop)]), stop);
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it('a warning dated at the stop, with the window and the days short', () => {
    const [flag] = run(rule, patientWith([azathioprine, prednisone('2024-03-01')]), '2024-03-10');
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: '2024-03-01',
      source: SOURCES.bridging,
      details: {
        agent: 'azathioprine',
        firstDoseDate: START,
        onsetOfEffectDays: 180,
        windowEnd: WINDOW_END,
        steroid: 'oral prednisone',
        steroidStopDate: '2024-03-01',
        daysShort: 120,
      },
    });
    expect(flag?.message).toContain('was stopped on 2024-03-01, 60 days into the 180 days azathioprine needs');
  });

  it('a stop not yet known (after as-of) raises nothing', () => {
    expect(run(rule, patientWith([azathioprine, prednisone('2024-03-01')]), '2024-02-29')).toEqual([]);
  });

  it.each([
    ['mycophenolate', true],
    ['azathioprine', true],
    ['methotrexate', false],
    ['rituximab', false],
  ] as const)('%s: flagged %s by default', (agent, flagged) => {
    const flags = run(rule, patientWith([therapy(agent, START), prednisone('2024-02-01')]), '2024-03-01');
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it('methotrexate when the clinic adds it to bridging.agents', () => {
    const events = [therapy('methotrexate', START), prednisone('2024-02-01')];
    const settings = { bridging: { agents: ['azathioprine', 'mycophenolate', 'methotrexate'] } };
    expect(codes(run(rule, patientWith(events), '2024-03-01', settings))).toEqual(CODE);
  });

  it('the window counts from the first dose given and follows onsetOfEffectDays', () => {
    const late = therapy('azathioprine', START, { doses: ['2024-02-01'] });
    // Stopped on the first dose's window end minus one day.
    const stop = addDays('2024-02-01', 89);
    const settings = { onsetOfEffectDays: { azathioprine: 90 } };
    expect(codes(run(rule, patientWith([late, prednisone(stop)]), stop, settings))).toEqual(CODE);
    expect(run(rule, patientWith([late, prednisone(addDays(stop, 1))]), '2024-06-01', settings)).toEqual([]);
  });

  describe("an attack's oral steroid taper with its days", () => {
    const withTaper = (days: number | undefined) =>
      patientWith([
        attack('2023-12-10', [
          { type: 'ivmp', startDate: '2023-12-11', days: 5, dailyDoseMg: 1000 },
          { type: 'oral_steroid_taper', startDate: '2023-12-16', ...(days === undefined ? {} : { days }) },
        ]),
        azathioprine,
      ]);
    // A 73-day window ends on 2024-03-14; a taper's last day is start + days - 1 (2023-12-16 + 89).
    const shortWindow = { onsetOfEffectDays: { azathioprine: 73 } };
    it.each([
      [90, false],
      [89, true],
      [10, false], // ended 2023-12-25, before the first dose: no bridge
    ])('%i days: flagged %s', (days, flagged) => {
      expect(codes(run(rule, withTaper(days), '2024-12-01', shortWindow))).toEqual(flagged ? CODE : []);
    });
    it('named as a taper, resolved by a prednisone course started later', () => {
      const patient = patientWith([...withTaper(30).events, prednisone(null, '2024-02-01')]);
      expect(run(rule, patient, '2024-12-01')[0]).toMatchObject({
        date: '2024-01-14',
        details: { steroid: 'oral steroid taper', steroidStopDate: '2024-01-14' },
        resolution: 'oral prednisone restarted on 2024-02-01',
      });
    });
    it('a taper with no days recorded has no known end and is not judged', () => {
      expect(run(rule, withTaper(undefined), '2024-12-01')).toEqual([]);
    });
    it('a taper that runs into a prednisone course is one bridge', () => {
      const patient = patientWith([...withTaper(30).events, prednisone(null, '2024-01-14')]);
      expect(run(rule, patient, '2024-12-01')).toEqual([]);
    });
  });

  it('not flagged when another maintenance therapy past its window protects (rituximab carry-over)', () => {
    const events = [
      therapy('rituximab', '2023-01-01', { doses: ['2023-01-01', '2023-10-01'], stopDate: '2023-12-31' }),
      azathioprine,
      prednisone('2024-02-01'),
    ];
    expect(run(rule, patientWith(events), '2024-03-01')).toEqual([]);
    // Past the carry-over (2023-10-01 + 183 = 2024-04-01) the bridge matters again.
    const later = [...events.slice(0, 2), prednisone('2024-04-02')];
    expect(codes(run(rule, patientWith(later), '2024-05-01'))).toEqual(CODE);
  });

  it('not flagged when azathioprine itself stopped by the steroid stop', () => {
    const events = [therapy('azathioprine', START, { stopDate: '2024-02-01' }), prednisone('2024-02-01')];
    expect(run(rule, patientWith(events), '2024-03-01')).toEqual([]);
  });

  describe('lifecycle', () => {
    const STOP = '2024-03-01';
    const restarted = resolved(STOP, '2024-03-15', 'oral prednisone restarted on 2024-03-15');
    it.each([
      ['on the stop day', STOP, [opened(STOP)]],
      ['on the window end', WINDOW_END, [opened(STOP)]],
      ['the day after the window end', addDays(WINDOW_END, 1), [expired(STOP, addDays(WINDOW_END, 1))]],
    ])('not restarted, as of %s', (_label, asOf, expected) => {
      expect(lifecycles(run(rule, patientWith([azathioprine, prednisone(STOP)]), asOf))).toEqual(expected);
    });

    it.each([
      ['the day before the restart', '2024-03-14', [opened(STOP)]],
      ['on the restart', '2024-03-15', [restarted]],
      ['after the window', '2024-12-01', [restarted]],
    ])('restarted on 2024-03-15 and kept on, as of %s', (_label, asOf, expected) => {
      const events = [azathioprine, prednisone(STOP), prednisone(null, '2024-03-15')];
      expect(lifecycles(run(rule, patientWith(events), asOf))).toEqual(expected);
    });

    it('a restart on the window end still resolves; one the day after does not', () => {
      const onEnd = [azathioprine, prednisone(STOP), prednisone(null, WINDOW_END)];
      expect(lifecycles(run(rule, patientWith(onEnd), '2024-12-01'))).toEqual([
        resolved(STOP, WINDOW_END, `oral prednisone restarted on ${WINDOW_END}`),
      ]);
      const after = [azathioprine, prednisone(STOP), prednisone(null, addDays(WINDOW_END, 1))];
      expect(lifecycles(run(rule, patientWith(after), '2024-12-01'))).toEqual([expired(STOP, addDays(WINDOW_END, 1))]);
    });

    it('a restart stopped early again is its own flag', () => {
      const events = [azathioprine, prednisone(STOP), prednisone('2024-04-30', '2024-03-15')];
      expect(lifecycles(run(rule, patientWith(events), '2024-05-01'))).toEqual([
        resolved(STOP, '2024-03-15', 'oral prednisone restarted on 2024-03-15'),
        opened('2024-04-30'),
      ]);
    });

    it('expires the day after azathioprine stops when it stops before the window end', () => {
      const events = [therapy('azathioprine', START, { stopDate: '2024-04-01' }), prednisone(STOP)];
      expect(lifecycles(run(rule, patientWith(events), '2024-04-01'))).toEqual([opened(STOP)]);
      expect(lifecycles(run(rule, patientWith(events), '2024-04-02'))).toEqual([expired(STOP, '2024-04-02')]);
    });
  });
});
