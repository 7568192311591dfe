import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { edssOverdueRule } from '../../../src/rules/monitoring/edss-overdue.ts';
import { patientWith, run } from '../helpers.ts';
import { pregnancy } from './builders.ts';

const edss = (date: string): TimelineEvent => ({ type: 'edss', date, score: 2 });
const END = '2024-11-20';
const ended = pregnancy('2024-03-01', { endDate: END, outcome: 'live_birth' });
const openDue = (events: TimelineEvent[], asOf: string) =>
  run(edssOverdueRule, patientWith(events), asOf)
    .filter((f) => f.status === 'open')
    .map((f) => f.details.dueDate);

describe('EDSS_OVERDUE in the postpartum window: a 30-day interval', () => {
  it.each([
    ['on end + 30', addDays(END, 30), []],
    ['on end + 31', addDays(END, 31), [addDays(END, 30)]],
  ])('last EDSS before the pregnancy, as of %s', (_label, asOf, expected) => {
    expect(openDue([edss('2024-06-01'), ended], asOf)).toEqual(expected);
  });

  it('counts from an EDSS inside the window, while the due day stays inside it', () => {
    // EDSS on end + 40: next due end + 70 (inside the 90-day window).
    expect(openDue([edss(addDays(END, 40)), ended], addDays(END, 71))).toEqual([addDays(END, 70)]);
    // EDSS on end + 61: end + 91 is past the window, so the clinic's 365 days apply again.
    expect(openDue([edss(addDays(END, 61)), ended], addDays(END, 200))).toEqual([]);
  });

  it('names the shortened interval and the pregnancy', () => {
    const [flag] = run(edssOverdueRule, patientWith([edss('2024-06-01'), ended]), addDays(END, 31));
    expect(flag?.details).toMatchObject({
      intervalDays: 30,
      postpartum: { pregnancyEnd: END, windowEnd: addDays(END, 90) },
    });
    expect(flag?.message).toContain("the clinic's postpartum EDSS interval is 30 days");
  });

  it('without a recorded end, the usual interval', () => {
    const events = [edss('2024-06-01'), pregnancy('2024-03-01', { expectedEndDate: END })];
    expect(openDue(events, addDays(END, 31))).toEqual([]);
  });
});

describe('lifecycle of a postpartum EDSS episode', () => {
  const WINDOW_END = addDays(END, 90);
  const lifecyclesOf = (events: TimelineEvent[], asOf: string) =>
    run(edssOverdueRule, patientWith(events), asOf)
      .filter((f) => f.details.postpartum !== undefined)
      .map((f) => [f.date, f.status, f.resolvedOn ?? f.details.expiredOn ?? null]);
  it.each([
    ['on the window end, no EDSS', [edss('2024-06-01'), ended], WINDOW_END, [[addDays(END, 30), 'open', null]]],
    [
      'the day after the window end',
      [edss('2024-06-01'), ended],
      addDays(WINDOW_END, 1),
      [[addDays(END, 30), 'expired', addDays(WINDOW_END, 1)]],
    ],
    [
      'an EDSS on the window end resolves it',
      [edss('2024-06-01'), ended, edss(WINDOW_END)],
      '2025-06-01',
      [[addDays(END, 30), 'resolved', WINDOW_END]],
    ],
    [
      'an EDSS the day after the window end does not',
      [edss('2024-06-01'), ended, edss(addDays(WINDOW_END, 1))],
      '2025-06-01',
      [[addDays(END, 30), 'expired', addDays(WINDOW_END, 1)]],
    ],
  ] as const)('%s', (_label, events, asOf, expected) => {
    expect(lifecyclesOf([...events], asOf)).toEqual(expected);
  });

  it('the clinic interval still applies to the same gap', () => {
    const flags = run(edssOverdueRule, patientWith([edss('2024-06-01'), ended]), '2025-06-02');
    expect(flags.map((f) => [f.details.dueDate, f.status])).toEqual([
      ['2025-06-01', 'open'],
      [addDays(END, 30), 'expired'],
    ]);
  });
});
