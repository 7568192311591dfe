import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { maintenanceDiscontinuedRule } from '../../../src/rules/therapy/maintenance-discontinued.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy } from './builders.ts';

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
    expect(codes(run(rule, patientWith([stopped]), addDays(STOP, days)))).toEqual(flagged ? CODE : []);
  });

  it('is a warning dated at the stop, with agent, reason and days without therapy', () => {
    const [flag] = run(rule, patientWith([stopped]), '2024-03-01');
    expect(flag).toMatchObject({
      severity: 'warning',
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
    });
    expect(flag?.message).toBe(
      'Azathioprine (started 2022-01-01) was stopped on 2024-01-10 (adverse event) and no maintenance therapy followed within 30 days (by 2024-02-09); 51 days without maintenance therapy as of 2024-03-01. The guideline warns against discontinuing maintenance immunotherapy prematurely.',
    );
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
    expect(flags.filter((f) => f.details.agent === 'azathioprine').length > 0).toBe(flagged);
  });

  it('a successor stopped within the window: the gap is judged from the successor stop', () => {
    const patient = patientWith([
      stopped,
      therapy('rituximab', '2024-01-20', { stopDate: '2024-02-01', stopReason: 'patient_choice' }),
    ]);
    expect(run(rule, patient, '2024-03-02')).toEqual([]);
    const [flag] = run(rule, patient, '2024-03-03');
    expect(flag?.details).toMatchObject({ agent: 'rituximab', stopDate: '2024-02-01', daysWithoutTherapy: 31 });
    expect(flag?.message).toContain("(patient's choice)");
  });

  it('a gap closed later is not actionable, even when the later course stopped too', () => {
    const later = therapy('mycophenolate', '2024-05-01', { stopDate: '2024-09-01' });
    const patient = patientWith([stopped, later]);
    expect(codes(run(rule, patient, '2024-04-30'))).toEqual(CODE);
    expect(run(rule, patient, '2024-05-01')).toEqual([]);
    expect(run(rule, patient, '2024-10-01')).toEqual([]);
    const flags = run(rule, patient, '2024-10-02');
    expect(flags.map((f) => f.details.agent)).toEqual(['mycophenolate']);
  });

  it('two courses stopped together are flagged once each; no stop reason recorded', () => {
    const events = [
      therapy('azathioprine', '2023-01-01', { stopDate: STOP }),
      therapy('oral_prednisone', '2023-01-01', { stopDate: STOP }),
    ];
    const flags = run(rule, patientWith(events), '2024-06-01');
    expect(flags.map((f) => f.details.agent)).toEqual(['azathioprine', 'oral_prednisone']);
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
    expect(codes(flags)).toEqual(flagged ? CODE : []);
  });

  it('a window of 0 still accepts a same-day switch; the switch is then judged on its own stop', () => {
    const zero = { therapy: { successorWithinDays: 0 } };
    expect(run(rule, patientWith([stopped, therapy('rituximab', STOP)]), '2024-01-11', zero)).toEqual([]);
    const oneDay = patientWith([stopped, therapy('rituximab', STOP, { stopDate: STOP })]);
    expect(run(rule, oneDay, '2024-01-11', zero).map((f) => f.details.agent)).toEqual(['rituximab']);
  });

  it('raises nothing for ongoing or non-maintenance therapies', () => {
    expect(run(rule, patientWith([therapy('rituximab', '2020-01-01')]), '2024-01-01')).toEqual([]);
    const ms = therapy('natalizumab', '2020-01-01', { stopDate: '2021-01-01' });
    expect(run(rule, patientWith([ms]), '2024-01-01')).toEqual([]);
  });
});
