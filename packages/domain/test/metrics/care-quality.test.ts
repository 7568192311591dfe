import { describe, expect, it } from 'vitest';
import { patientCareQuality, summarizeCareQuality } from '../../src/metrics/care-quality.ts';
import type { TimelineEvent } from '../../src/records/event.ts';
import { ruleContext } from '../../src/rules/engine.ts';
import { DEFAULT_RULE_SETTINGS } from '../../src/rules/settings.ts';
import { patientWith } from '../rules/helpers.ts';

const attack = (
  onsetDate: string,
  severity: 'mild' | 'severe',
  treatments: [string, number][] = [],
): TimelineEvent => ({
  type: 'relapse',
  onsetDate,
  phenotype: 'transverse_myelitis',
  severity,
  acuteTreatments: treatments.map(([type, day]) => {
    const start = new Date(`${onsetDate}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + day);
    return { type: type as 'ivmp', startDate: start.toISOString().slice(0, 10) };
  }),
});

const facts = (events: TimelineEvent[], asOf = '2024-06-30') =>
  patientCareQuality(ruleContext(patientWith(events), asOf, DEFAULT_RULE_SETTINGS));

describe('care quality of one patient', () => {
  it.each([
    [14, true],
    [15, false],
  ])('an attack first treated on day %i is treated within 14 days: %s', (day, met) => {
    const [year] = summarizeCareQuality(
      [{ patientId: 'p', facts: facts([attack('2023-03-01', 'mild', [['ivmp', day]])]) }],
      14,
    );
    expect(year?.treatedWithinDays).toMatchObject({ cases: 1, met: met ? 1 : 0 });
  });

  it.each<[string, [string, number][], number | null]>([
    [
      'an oral taper on day 2, IVMP on day 20',
      [
        ['oral_steroid_taper', 2],
        ['ivmp', 20],
      ],
      20,
    ],
    ['an oral taper alone', [['oral_steroid_taper', 2]], null],
    ['IVIG alone (not counted by default)', [['ivig', 2]], null],
    ['PLEX on day 3', [['plex', 3]], 3],
  ])('onset to the first acute treatment counts IVMP and PLEX only: %s', (_label, treatments, days) => {
    expect(facts([attack('2023-03-01', 'severe', treatments)]).attacks[0]?.onsetToFirstTreatmentDays).toBe(days);
  });

  it('counts an untreated attack as missed, and gives onset-to-treatment medians', () => {
    const years = summarizeCareQuality(
      [
        {
          patientId: 'a',
          facts: facts([
            attack('2023-01-10', 'severe', [
              ['ivmp', 2],
              ['plex', 9],
            ]),
          ]),
        },
        { patientId: 'b', facts: facts([attack('2023-02-10', 'severe', [['ivmp', 6]])]) },
        { patientId: 'c', facts: facts([attack('2023-05-01', 'mild')]) },
      ],
      14,
    );
    const y2023 = years.find((y) => y.year === 2023);
    expect(y2023?.attacks).toBe(3);
    expect(y2023?.treatedWithinDays).toEqual({ cases: 3, met: 2, share: 2 / 3, metBy: ['a', 'b'], missedBy: ['c'] });
    expect(y2023?.onsetToIvmpDays).toEqual({ cases: 2, median: 4, patients: ['a', 'b'] });
    expect(y2023?.onsetToPlexDays).toEqual({ cases: 1, median: 9, patients: ['a'] });
    expect(y2023?.severeWithPlex).toMatchObject({ cases: 2, met: 1, metBy: ['a'], missedBy: ['b'] });
  });

  it.each([
    ['2023-02-15', true],
    ['2023-02-16', false],
  ])(
    'a complement inhibitor first given on 2023-03-01 with both series completed on %s is vaccinated on time: %s',
    (on, met) => {
      // MenACWY 2 doses 8 weeks apart, MenB 3 doses at 0, 1 and 6 months (ACIP, complement inhibitor use).
      const events: TimelineEvent[] = [
        { type: 'vaccination', date: '2022-12-01', vaccine: 'menacwy' },
        { type: 'vaccination', date: on, vaccine: 'menacwy' },
        { type: 'vaccination', date: '2022-08-01', vaccine: 'menb' },
        { type: 'vaccination', date: '2022-09-01', vaccine: 'menb' },
        { type: 'vaccination', date: on, vaccine: 'menb' },
        { type: 'therapy', agent: 'eculizumab', startDate: '2023-03-01' },
      ];
      expect(facts(events).complementStarts).toEqual([
        { year: 2023, firstDoseDate: '2023-03-01', vaccinatedOnTime: met },
      ]);
    },
  );

  it('judges monitoring at the end of each year in care, and on the as-of date in the current one', () => {
    const events: TimelineEvent[] = [
      attack('2021-01-15', 'mild', [['ivmp', 1]]),
      { type: 'edss', date: '2022-06-01', score: 2 },
      { type: 'mri', date: '2022-03-01', region: 'brain' },
      { type: 'visual', date: '2022-02-01', eye: 'OD', logmar: 0 },
      { type: 'edss', date: '2023-07-01', score: 2 },
    ];
    const monitoring = facts(events, '2024-06-30').monitoring;
    // 2021 is judged on 31 December (350 days in care: under the shortest interval, 365): not judged.
    expect(monitoring.map((m) => [m.year, m.on, m.edss, m.mri, m.visual])).toEqual([
      [2022, '2022-12-31', true, true, true],
      [2023, '2023-12-31', true, false, false],
      [2024, '2024-06-30', true, false, false],
    ]);
    const years = summarizeCareQuality([{ patientId: 'p', facts: facts(events, '2024-06-30') }], 14);
    expect(years.find((y) => y.year === 2022)?.monitoringUpToDate).toMatchObject({ cases: 1, met: 1 });
    expect(years.find((y) => y.year === 2023)?.monitoringUpToDate).toMatchObject({ cases: 1, met: 0, missedBy: ['p'] });
  });
});
