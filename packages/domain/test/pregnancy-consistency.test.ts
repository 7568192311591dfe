import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../src/records/event.ts';
import { type TimelineAnchor, timelineConsistencyIssues } from '../src/records/patient.ts';

const anchor: TimelineAnchor = { birthDate: '1990-01-01', diagnosisDate: null, firstAttackDate: null, sex: 'female' };
const TODAY = '2026-11-29';
const issuesOf = (events: TimelineEvent[], patient: TimelineAnchor = anchor) =>
  timelineConsistencyIssues(
    patient,
    events.map((event, index) => ({ index, event })),
    TODAY,
  ).map((i) => `${i.path.join('.')}: ${i.message}`);
const pregnancy = (startDate: string, fields: Partial<Extract<TimelineEvent, { type: 'pregnancy' }>> = {}) =>
  ({ type: 'pregnancy', startDate, ...fields }) as TimelineEvent;

describe('pregnancy record consistency', () => {
  it.each([
    ['an end on the start day', { endDate: '2024-03-01' }, []],
    [
      'an end the day before the start',
      { endDate: '2024-02-29' },
      ['events.0.endDate: must not be before the start date (2024-03-01)'],
    ],
    ['an expected end on the start day', { expectedEndDate: '2024-03-01' }, []],
    [
      'an expected end the day before the start',
      { expectedEndDate: '2024-02-29' },
      ['events.0.expectedEndDate: must not be before the start date (2024-03-01)'],
    ],
    ['an expected end in the future', { expectedEndDate: '2027-01-01' }, []],
    ['breastfeeding until the end day', { endDate: '2024-11-20', breastfeedingUntil: '2024-11-20' }, []],
    [
      'breastfeeding until the day before the end',
      { endDate: '2024-11-20', breastfeedingUntil: '2024-11-19' },
      ['events.0.breastfeedingUntil: must not be before the end date (2024-11-20)'],
    ],
    [
      'breastfeeding until before the start, no end',
      { breastfeedingUntil: '2024-02-01' },
      ['events.0.breastfeedingUntil: must not be before the start date (2024-03-01)'],
    ],
  ] as const)('%s', (_label, fields, expected) => {
    expect(issuesOf([pregnancy('2024-03-01', fields)])).toEqual(expected);
  });

  it('none for a male patient; a patient of unknown sex is not refused', () => {
    expect(issuesOf([pregnancy('2024-03-01')], { ...anchor, sex: 'male' })).toEqual([
      'events.0.startDate: a pregnancy cannot be recorded for a male patient',
    ]);
    expect(issuesOf([pregnancy('2024-03-01')], { ...anchor, sex: 'unknown' })).toEqual([]);
    expect(issuesOf([pregnancy('2024-03-01')], { ...anchor, sex: undefined })).toEqual([]);
  });

  describe('overlapping pregnancies', () => {
    it.each([
      ['the day after the earlier end', '2024-11-21', []],
      [
        'on the earlier end',
        '2024-11-20',
        [
          "events.1.startDate: overlaps events[0] (a pregnancy from 2024-03-01 to 2024-11-20); record the earlier one's end",
        ],
      ],
    ])('a second pregnancy starting %s', (_label, start, expected) => {
      expect(issuesOf([pregnancy('2024-03-01', { endDate: '2024-11-20' }), pregnancy(start)])).toEqual(expected);
    });

    it("without an end, the expected end, else start + 280, is the earlier one's last day", () => {
      expect(
        issuesOf([pregnancy('2024-03-01', { expectedEndDate: '2024-12-06' }), pregnancy('2024-12-06')]),
      ).toHaveLength(1);
      expect(issuesOf([pregnancy('2024-03-01', { expectedEndDate: '2024-12-06' }), pregnancy('2024-12-07')])).toEqual(
        [],
      );
      expect(issuesOf([pregnancy('2024-03-01'), pregnancy('2024-12-06')])).toHaveLength(1); // start + 280
      expect(issuesOf([pregnancy('2024-03-01'), pregnancy('2024-12-07')])).toEqual([]);
    });

    it('whatever the order of the events', () => {
      expect(issuesOf([pregnancy('2024-06-01'), pregnancy('2024-03-01', { endDate: '2024-11-20' })])).toEqual([
        "events.0.startDate: overlaps events[1] (a pregnancy from 2024-03-01 to 2024-11-20); record the earlier one's end",
      ]);
    });
  });
});
