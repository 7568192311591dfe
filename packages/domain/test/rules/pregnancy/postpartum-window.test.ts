import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { postpartumWindowRule } from '../../../src/rules/pregnancy/postpartum-window.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { patientWith, run } from '../helpers.ts';
import { therapy } from '../therapy/builders.ts';
import { expired, lifecycles, opened } from '../therapy/lifecycle.ts';
import { pregnancy } from './builders.ts';

const rule = postpartumWindowRule;
const START = '2024-03-01';
const END = '2024-11-20';
const ended = pregnancy(START, { endDate: END, outcome: 'live_birth', breastfeedingUntil: '2025-05-01' });

describe('POSTPARTUM_HIGH_RISK_WINDOW', () => {
  it.each([
    ['the day before the end (end not known yet)', addDays(END, -1), []],
    ['on the end day', END, [opened(END)]],
    ['on end + 90, the last day of the window', addDays(END, 90), [opened(END)]],
    ['on end + 91', addDays(END, 91), [expired(END, addDays(END, 91))]],
  ])('as of %s', (_label, asOf, expected) => {
    expect(lifecycles(run(rule, patientWith([ended]), asOf))).toEqual(expected);
  });

  it('a warning without maintenance therapy, saying to restart it', () => {
    const [flag] = run(rule, patientWith([ended]), '2024-12-01');
    expect(flag).toMatchObject({
      code: 'POSTPARTUM_HIGH_RISK_WINDOW',
      severity: 'warning',
      date: END,
      source: SOURCES.postpartum,
      details: {
        pregnancyStart: START,
        pregnancyEnd: END,
        outcome: 'live_birth',
        breastfeedingUntil: '2025-05-01',
        windowEnd: addDays(END, 90),
        daysSinceEnd: 11,
        maintenanceAgents: [],
      },
    });
    expect(flag?.message).toContain('No maintenance therapy protects on 2024-12-01: restart one now');
  });

  it('info while maintenance therapy protects, saying to keep it', () => {
    const [flag] = run(rule, patientWith([ended, therapy('azathioprine', '2024-11-25')]), '2024-12-01');
    expect(flag?.severity).toBe('info');
    expect(flag?.details.maintenanceAgents).toEqual(['azathioprine']);
    expect(flag?.message).toContain('Maintenance therapy (azathioprine) protects on 2024-12-01: keep it');
  });

  it('rituximab given before the pregnancy still protects through its carry-over', () => {
    const events = [ended, therapy('rituximab', '2024-07-01', { stopDate: '2024-07-01', doses: ['2024-07-01'] })];
    expect(run(rule, patientWith(events), '2024-12-01')[0]?.severity).toBe('info');
  });

  it.each(['miscarriage', 'termination', 'stillbirth'] as const)('after a %s too', (outcome) => {
    const events = [pregnancy(START, { endDate: '2024-05-01', outcome })];
    expect(run(rule, patientWith(events), '2024-05-10').map((f) => f.status)).toEqual(['open']);
  });

  it('no window while only an expected end is recorded', () => {
    const events = [pregnancy(START, { expectedEndDate: '2024-12-06' })];
    expect(run(rule, patientWith(events), '2025-01-01')).toEqual([]);
  });

  it('the window length is a setting', () => {
    const settings = { pregnancy: { postpartumDays: 180 } };
    expect(lifecycles(run(rule, patientWith([ended]), addDays(END, 180), settings))).toEqual([opened(END)]);
  });
});
