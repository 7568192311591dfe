import type { TestDatabase } from '@nmo/db/testing';
import { daysBetween, type PatientTimeline, type TherapyAgent, type TimelineEvent, todayInClinic } from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { anonymousCaller, type Caller, callerAs, failure, useCohortDatabase } from './support.ts';

/**
 * A fixed cohort of 13 patients in three research groups (serostatus + current therapy), every figure
 * checked against hand arithmetic. Threshold k = 5 (the default).
 * - G1, patients 1-6: AQP4+, azathioprine 2015-01-01 → 2016-12-31, rituximab from 2017-01-01 (current).
 * - G2, patients 7-11: AQP4−, azathioprine 2015-01-01 → 2016-12-31, nothing current.
 * - G3, patients 12-13: AQP4+ MOG+, eculizumab from 2019-01-01 (a group under k).
 * Attacks: patients 1-3 on 2016-03-01, 7-8 on 2016-06-01 (azathioprine), 1 on 2018-05-01 (rituximab),
 * 12 on 2019-06-01 (eculizumab). EDSS: 2.0 on 2014-06-01 for all; even patients 3.0 on 2014-12-01 and
 * again on 2015-02-23 (84 days later: confirmed), odd ones 2.0 on 2015-02-23. First attack 2014-01-01.
 */
const today = todayInClinic();
const GROUP_OF = (i: number) => (i <= 6 ? 'G1' : i <= 11 ? 'G2' : 'G3');
const ATTACKS: Record<number, string[]> = {
  1: ['2016-03-01', '2018-05-01'],
  2: ['2016-03-01'],
  3: ['2016-03-01'],
  7: ['2016-06-01'],
  8: ['2016-06-01'],
  12: ['2019-06-01'],
};
const therapy = (agent: TherapyAgent, startDate: string, stopDate: string | null = null): TimelineEvent => ({
  type: 'therapy',
  agent,
  startDate,
  stopDate,
});

function patient(i: number): PatientTimeline {
  const group = GROUP_OF(i);
  const even = i % 2 === 0;
  return {
    mrn: `O${String(i).padStart(3, '0')}`,
    givenName: `Given${i}`,
    familyName: `Family${i}`,
    birthDate: '1980-05-05',
    sex: 'female',
    aqp4Status: group === 'G2' ? 'negative' : 'positive',
    mogStatus: group === 'G3' ? 'positive' : 'negative',
    firstAttackDate: '2014-01-01',
    events: [
      ...(group === 'G3'
        ? [therapy('eculizumab', '2019-01-01')]
        : [therapy('azathioprine', '2015-01-01', '2016-12-31')]),
      ...(group === 'G1' ? [therapy('rituximab', '2017-01-01')] : []),
      ...(ATTACKS[i] ?? []).map(
        (onsetDate): TimelineEvent => ({
          type: 'relapse',
          onsetDate,
          phenotype: 'optic_neuritis',
          severity: 'moderate',
          acuteTreatments: [],
        }),
      ),
      { type: 'edss', date: '2014-06-01', score: 2 },
      ...(even
        ? ([
            { type: 'edss', date: '2014-12-01', score: 3 },
            { type: 'edss', date: '2015-02-23', score: 3 },
          ] as TimelineEvent[])
        : ([{ type: 'edss', date: '2015-02-23', score: 2 }] as TimelineEvent[])),
    ],
  };
}

let database: TestDatabase;
let clinician: Caller;
let researcher: Caller;
useCohortDatabase({ patients: Array.from({ length: 13 }, (_, i) => patient(i + 1)) }, today, async (opened) => {
  database = opened;
  [clinician, researcher] = await Promise.all([
    callerAs(opened.prisma, 'clinician'),
    callerAs(opened.prisma, 'researcher'),
  ]);
});

/** Azathioprine episodes: 2015-01-01 → 2016-12-31 = 365 + 366 = 731 days each, in years. */
const AZA_YEARS = 731 / 365.25;
/** Rituximab episodes: 2017-01-01 to today, both days included. */
const RTX_YEARS = (daysBetween('2017-01-01', today) + 1) / 365.25;

describe('outcome statistics for a clinician (exact, all 13 patients)', () => {
  it('pools attacks per agent over exposure-years', async () => {
    const { arrByAgent } = await clinician.cohort.outcomes();
    const row = (agent: string) => arrByAgent.find((r) => r.agent === agent);
    // Azathioprine: 11 episodes × 731 days, attacks 3 (G1) + 2 (G2) = 5.
    expect(row('azathioprine')).toMatchObject({ patients: 11, episodes: 11, attacks: 5 });
    expect(row('azathioprine')?.exposureYears).toBeCloseTo(11 * AZA_YEARS, 9);
    expect(row('azathioprine')?.rate).toBeCloseTo(5 / (11 * AZA_YEARS), 9);
    // Garwood for 5 events: 1.6234864 to 11.6683321 (SciPy chi2.ppf), over the exposure.
    expect(row('azathioprine')?.lower).toBeCloseTo(1.6234864 / (11 * AZA_YEARS), 6);
    expect(row('azathioprine')?.upper).toBeCloseTo(11.6683321 / (11 * AZA_YEARS), 6);
    // Rituximab: 6 patients, 1 attack; eculizumab: 2 patients, 1 attack.
    expect(row('rituximab')).toMatchObject({ patients: 6, attacks: 1 });
    expect(row('rituximab')?.rate).toBeCloseTo(1 / (6 * RTX_YEARS), 9);
    expect(row('eculizumab')).toMatchObject({ patients: 2, attacks: 1 });
  });

  it('gives Kaplan–Meier time to first relapse on each agent, with the number at risk', async () => {
    const { timeToFirstRelapse } = await clinician.cohort.outcomes();
    const azathioprine = timeToFirstRelapse.find((c) => c.agent === 'azathioprine');
    // Day 2015-01-01 → 2016-03-01 = 425: 3 of 11 → 8/11; day 2015-01-01 → 2016-06-01 = 517: 2 of 8
    // → 8/11 × 6/8 = 6/11; the other 6 censored on day 730 (the stop day, 2016-12-31).
    expect(azathioprine?.points.map((p) => [p.day, p.value])).toEqual([
      [0, 1],
      [425, expect.closeTo(8 / 11, 12)],
      [517, expect.closeTo(6 / 11, 12)],
    ]);
    expect(azathioprine?.riskTable).toEqual([
      { day: 0, atRisk: 11, eventsSoFar: 0 },
      { day: 183, atRisk: 11, eventsSoFar: 0 },
      { day: 365, atRisk: 11, eventsSoFar: 0 },
      { day: 731, atRisk: 0, eventsSoFar: 5 },
      { day: 1096, atRisk: 0, eventsSoFar: 5 },
      { day: 1826, atRisk: 0, eventsSoFar: 5 },
    ]);
  });

  it('gives the cumulative incidence of confirmed EDSS worsening from the baseline EDSS', async () => {
    const { worsening } = await clinician.cohort.outcomes();
    // 6 even patients worsen on day 2014-06-01 → 2014-12-01 = 183 (confirmed 84 days later): 6/13;
    // the 7 others are censored on day 2014-06-01 → 2015-02-23 = 267.
    expect(worsening).toMatchObject({ patients: 13, events: 6 });
    expect(worsening.points.map((p) => [p.day, p.value])).toEqual([
      [0, 0],
      [183, expect.closeTo(6 / 13, 12)],
    ]);
  });

  it('gives EDSS by year since the first attack', async () => {
    const { edssByDiseaseYear } = await clinician.cohort.outcomes();
    // From 2014-01-01: 2014-12-01 is day 334 (year 0, the year's last), 2015-02-23 day 418 (year 1).
    // Each year: 6 × 3.0 and 7 × 2.0; type 7 positions 3, 6, 9 of 0-12 → 2, 2, 3.
    expect(edssByDiseaseYear).toEqual([
      { year: 0, patients: 13, median: 2, q1: 2, q3: 3, leftOut: false },
      { year: 1, patients: 13, median: 2, q1: 2, q3: 3, leftOut: false },
    ]);
  });

  it('applies the cohort filters and the lag', async () => {
    const positive = await clinician.cohort.outcomes({ aqp4Status: ['negative'] });
    expect(positive.arrByAgent.map((r) => [r.agent, r.patients, r.attacks])).toEqual([['azathioprine', 5, 2]]);
    // A 365-day lag: exposure from 2016-01-01 (2015-01-01 + 365) to 2016-12-31 = 366 days; all 5
    // attacks are later. Time to first relapse counts from 2016-01-01: 2016-03-01 is day 60.
    const lagged = await clinician.cohort.outcomes({ lagDays: 365 });
    const azathioprine = lagged.arrByAgent.find((r) => r.agent === 'azathioprine');
    expect(azathioprine).toMatchObject({ attacks: 5 });
    expect(azathioprine?.exposureYears).toBeCloseTo((11 * 366) / 365.25, 9);
    expect(lagged.timeToFirstRelapse[0]?.points[1]?.day).toBe(60);
    expect(lagged.method.lagDays).toBe(365);
  });
});

describe('outcome statistics for a researcher (k = 5)', () => {
  it('covers groups of at least k only, small cells as "<5", rates hidden behind them', async () => {
    const stats = await researcher.cohort.outcomes();
    expect(stats.privacy).toEqual({ threshold: 5, curveGridDays: 30 });
    // G3 (2 patients) is not covered: no eculizumab row.
    expect(stats.arrByAgent.map((r) => r.agent)).toEqual(['azathioprine', 'rituximab']);
    const azathioprine = stats.arrByAgent[0];
    // 11 patients, 5 attacks: shown, exposure in whole years (22.01 → 22), rate to 2 decimals.
    expect(azathioprine).toMatchObject({ patients: 11, attacks: 5, exposureYears: 22 });
    expect(azathioprine?.rate).toBe(Math.round((5 / (11 * AZA_YEARS)) * 100) / 100);
    // Rituximab: 1 attack among 6: "<5", and no rate that would give it back.
    expect(stats.arrByAgent[1]).toMatchObject({ patients: 6, attacks: '<5', rate: null, lower: null, upper: null });
  });

  it('reads curves monthly while at least k are at risk, counts rounded to k per group', async () => {
    const { worsening } = await researcher.cohort.outcomes();
    // 11 patients (G1, G2); 5 worsen on day 183; 6 at risk until day 267. Grid days 0…240; on day 210
    // and 240 the incidence is 5/11 = 0.455. Events per group: G1 3 → 5, G2 2 → 0.
    expect(worsening.points.map((p) => p.day)).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240]);
    expect(worsening.points.at(-1)?.value).toBe(0.455);
    expect(worsening.points.at(-3)?.value).toBe(0);
    expect(worsening.events).toBe(5);
    // At risk on day 0: G1 6 → 5, G2 5 → 5; on day 183: same; day 365: 0.
    expect(worsening.riskTable.map((r) => r.atRisk)).toEqual([10, 10, 0, 0, 0, 0]);
  });

  it('gives EDSS by year over the covered groups', async () => {
    const { edssByDiseaseYear } = await researcher.cohort.outcomes();
    // 11 values: 5 × 3.0 (patients 2, 4, 6, 8, 10), 6 × 2.0; positions 2.5, 5, 7.5 → 2, 2, 3.
    expect(edssByDiseaseYear[0]).toEqual({ year: 0, patients: 11, median: 2, q1: 2, q3: 3, leftOut: false });
  });

  it('refuses the filters researchers may not use, naming them', async () => {
    const refused = await failure(researcher.cohort.outcomes({ edssMin: 2, lastVisitFrom: '2020-01-01' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields.sort()).toEqual(['edssMin', 'lastVisitFrom']);
  });

  it('has no onset-of-effect lag: two lags a day apart would count the episodes of exactly that length', async () => {
    const refused = await failure(researcher.cohort.outcomes({ lagDays: 30 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual(['lagDays']);
    await expect(researcher.cohort.outcomes({ lagDays: 0 })).resolves.toMatchObject({ privacy: { threshold: 5 } });
  });

  it('cannot learn a count under k by differencing two filters (tracker attack)', async () => {
    const all = await researcher.cohort.outcomes();
    const positive = await researcher.cohort.outcomes({ aqp4Status: ['positive'] });
    const negative = await researcher.cohort.outcomes({ aqp4Status: ['negative'] });
    const counts = (stats: typeof all) => {
      const n = (value: number | string) => (typeof value === 'number' ? value : 0);
      return {
        ...Object.fromEntries(stats.arrByAgent.map((r) => [`arr ${r.agent}`, n(r.patients)])),
        ...Object.fromEntries(
          stats.timeToFirstRelapse.flatMap((c) => [
            [`km ${c.agent}`, n(c.events)],
            ...c.riskTable.map((r) => [`risk ${c.agent} ${r.day}`, n(r.atRisk)]),
          ]),
        ),
        cdw: n(stats.worsening.events),
        ...Object.fromEntries(stats.worsening.riskTable.map((r) => [`cdw risk ${r.day}`, n(r.atRisk)])),
        ...Object.fromEntries(stats.edssByDiseaseYear.map((r) => [`edss ${r.year}`, n(r.patients)])),
      } as Record<string, number>;
    };
    const whole = counts(all);
    for (const part of [counts(positive), counts(negative)])
      for (const [key, value] of Object.entries(whole)) {
        const difference = value - (part[key] ?? 0);
        expect(difference === 0 || difference >= 5, `${key}: ${value} − ${part[key] ?? 0}`).toBe(true);
      }
    // The G2 azathioprine attacks (2 patients): the negative filter's events are rounded away.
    expect(negative.timeToFirstRelapse[0]?.events).toBe(0);
  });
});

describe('who may read outcome statistics', () => {
  it('clinicians and researchers; not administrators or anonymous callers', async () => {
    await expect(clinician.cohort.outcomes()).resolves.toMatchObject({ privacy: null });
    await expect(researcher.cohort.outcomes()).resolves.toMatchObject({ privacy: { threshold: 5 } });
    const admin = await callerAs(database.prisma, 'admin');
    expect((await failure(admin.cohort.outcomes())).code).toBe('FORBIDDEN');
    expect((await failure(anonymousCaller(database.prisma).cohort.outcomes())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a bad lag, naming the field', async () => {
    const refused = await failure(clinician.cohort.outcomes({ lagDays: -1 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual(['lagDays']);
    expect(refused.message).toBeTruthy();
  });
});
