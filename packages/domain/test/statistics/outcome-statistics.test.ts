import { describe, expect, it } from 'vitest';
import type { TherapyAgent } from '../../src/enums.ts';
import type { SurvivalTime } from '../../src/statistics/kaplan-meier.ts';
import {
  type OutcomeUnit,
  outcomeStatistics,
  RESEARCH_CURVE_GRID_DAYS,
} from '../../src/statistics/outcome-statistics.ts';
import type { PatientOutcomes, TherapyEpisode } from '../../src/statistics/patient-outcomes.ts';

const episode = (agent: TherapyAgent, exposureYears: number, attacks: number, firstAttack: SurvivalTime) =>
  ({
    agent,
    from: '2020-01-01',
    to: '2020-12-31',
    endedBy: 'as_of',
    exposureYears,
    attacks,
    firstAttack,
    firstOfAgent: true,
  }) satisfies TherapyEpisode;

const unit = (group: string, outcomes: Partial<PatientOutcomes>): OutcomeUnit => ({
  group,
  outcomes: { episodes: [], worsening: null, edssByYear: [], ...outcomes },
});

/**
 * Kaplan–Meier by Efron's "redistribution to the right" (Efron B., Proc Fifth Berkeley Symp 1967;4:831-853):
 * every subject starts with mass 1/n; a censored subject hands its mass in equal parts to everyone
 * after it (events before censorings on a tie). S(t) = 1 − the mass of events on or before t. A
 * different algorithm from the product-limit code, with the same answer.
 */
function naiveSurvival(times: SurvivalTime[], day: number): number {
  const sorted = [...times].sort((a, b) => a.days - b.days || Number(b.event) - Number(a.event));
  const mass = sorted.map(() => 1 / sorted.length);
  sorted.forEach((subject, i) => {
    if (subject.event || i === sorted.length - 1) return;
    const share = (mass[i] as number) / (sorted.length - i - 1);
    for (let j = i + 1; j < sorted.length; j++) mass[j] = (mass[j] as number) + share;
    mass[i] = 0;
  });
  return (
    1 - sorted.reduce((sum, subject, i) => sum + (subject.event && subject.days <= day ? (mass[i] as number) : 0), 0)
  );
}

// A fixed cohort of eight patients on rituximab, three of them also on azathioprine.
const rituximabTimes: SurvivalTime[] = [
  { days: 100, event: true },
  { days: 200, event: false },
  { days: 200, event: true },
  { days: 400, event: true },
  { days: 500, event: false },
  { days: 700, event: false },
  { days: 800, event: true },
  { days: 900, event: false },
];
const cohort: OutcomeUnit[] = rituximabTimes.map((time, i) =>
  unit('', {
    episodes: [
      episode('rituximab', 1 + i * 0.5, time.event ? 1 : 0, time),
      ...(i < 3 ? [episode('azathioprine', 2, i, { days: 30, event: i > 0 })] : []),
    ],
    worsening: { days: time.days + 10, event: i % 2 === 0 },
    edssByYear: [{ year: 0, score: i % 4 }, ...(i < 5 ? [{ year: 1, score: 2 + i * 0.5 }] : [])],
  }),
);

describe('outcome statistics for clinicians (exact)', () => {
  const stats = outcomeStatistics(cohort);

  it('pools attacks over exposure per agent, with the Garwood interval', () => {
    const rituximab = stats.arrByAgent.find((row) => row.agent === 'rituximab');
    // Exposure 1 + 1.5 + … + 4.5 = 8 × 1 + 0.5 × (0 + 1 + … + 7) = 8 + 14 = 22 years; 4 attacks.
    expect(rituximab).toMatchObject({ patients: 8, episodes: 8, attacks: 4, exposureYears: 22 });
    expect(rituximab?.rate).toBeCloseTo(4 / 22, 12);
    // χ²(0.025; 8)/2 = 1.0898654 and χ²(0.975; 10)/2 = 10.2415887 (SciPy chi2.ppf), over 22 years.
    expect(rituximab?.lower).toBeCloseTo(1.0898654 / 22, 7);
    expect(rituximab?.upper).toBeCloseTo(10.2415887 / 22, 7);
    const azathioprine = stats.arrByAgent.find((row) => row.agent === 'azathioprine');
    // Attacks 0 + 1 + 2 over 3 × 2 years.
    expect(azathioprine).toMatchObject({ patients: 3, attacks: 3, exposureYears: 6, rate: 0.5 });
  });

  it('matches redistribution-to-the-right at every event day for time to first relapse', () => {
    const curve = stats.timeToFirstRelapse.find((c) => c.agent === 'rituximab');
    expect(curve?.points[0]).toEqual({ day: 0, value: 1, lower: null, upper: null });
    for (const p of curve?.points ?? []) expect(p.value).toBeCloseTo(naiveSurvival(rituximabTimes, p.day), 12);
    // By hand: day 100 7/8; day 200 × 6/7 (7 at risk) = 6/8; day 400 × 4/5 (5 at risk) = 0.6; day 800 × 1/2 = 0.3.
    expect(curve?.points.map((p) => p.value)).toEqual([1, 7 / 8, 0.75, 0.6, 0.3].map((v) => expect.closeTo(v, 12)));
    expect(curve?.riskTable.slice(0, 3)).toEqual([
      { day: 0, atRisk: 8, eventsSoFar: 0 },
      { day: 183, atRisk: 7, eventsSoFar: 1 },
      { day: 365, atRisk: 5, eventsSoFar: 2 },
    ]);
  });

  it('gives the cumulative incidence of worsening as 1 − KM', () => {
    const times = cohort.map((u) => u.outcomes.worsening as SurvivalTime);
    for (const p of stats.worsening.points) expect(p.value).toBeCloseTo(1 - naiveSurvival(times, p.day), 12);
    expect(stats.worsening.events).toBe(4);
  });

  it('gives median and quartiles (Hyndman–Fan type 7) of EDSS per year since the first attack', () => {
    // Year 0: scores 0,1,2,3,0,1,2,3 → sorted 0,0,1,1,2,2,3,3; positions 7×¼ = 1.75 → 0 + 0.75 × 1 = 0.75;
    // median position 3.5 → 1.5; 7×¾ = 5.25 → 2 + 0.25 × 1 = 2.25. Year 1: 2, 2.5, 3, 3.5, 4 → 2.5, 3, 3.5.
    expect(stats.edssByDiseaseYear).toEqual([
      { year: 0, patients: 8, median: 1.5, q1: 0.75, q3: 2.25, leftOut: false },
      { year: 1, patients: 5, median: 3, q1: 2.5, q3: 3.5, leftOut: false },
    ]);
  });
});

describe('outcome statistics for researchers (k = 5)', () => {
  const k = { threshold: 5 };

  it('hides a rate whose attack count is a small cell, and leaves out groups with fewer than k contributing', () => {
    const grouped = cohort.map((u, i) => ({ ...u, group: i < 6 ? 'A' : 'B' }));
    const stats = outcomeStatistics(grouped, k);
    const rituximab = stats.arrByAgent.find((row) => row.agent === 'rituximab');
    // Group B (2 patients) is left out; group A: 6 patients, attacks 1+0+1+1+0+0 = 3 → "<5", no rate.
    expect(rituximab).toMatchObject({
      patients: 6,
      attacks: '<5',
      rate: null,
      lower: null,
      upper: null,
      leftOut: true,
    });
    // Azathioprine: 3 patients in group A: below k, no row at all.
    expect(stats.arrByAgent.find((row) => row.agent === 'azathioprine')).toBeUndefined();
    expect(stats.edssByDiseaseYear.find((row) => row.year === 1)).toMatchObject({ patients: 5, median: 3 });
  });

  it('reads curves on a monthly grid only while at least k are at risk', () => {
    const stats = outcomeStatistics(cohort, k);
    const curve = stats.timeToFirstRelapse.find((c) => c.agent === 'rituximab');
    // At risk: 8 up to day 100, 7 to 200, 5 to 400 (days 201-400), 4 after: the last grid day with
    // ≥ 5 at risk is 390 (day 420 has 4). On day 390: S = 6/8 = 0.75.
    expect(curve?.points.every((p) => p.day % RESEARCH_CURVE_GRID_DAYS === 0)).toBe(true);
    expect(curve?.points.at(-1)).toMatchObject({ day: 390, value: 0.75 });
    // One group: at risk 8, 7, 5, 2, 0, 0 rounded to multiples of 5 (halves up): 10, 5, 5, 0, 0, 0; events 4 → 5.
    expect(curve?.riskTable.map((row) => row.atRisk)).toEqual([10, 5, 5, 0, 0, 0]);
    expect(curve?.events).toBe(5);
  });

  /** A small seeded generator (Park–Miller), so the attack below is reproducible. */
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
  }

  it('never lets two filters (sets of whole groups) differ by 1 to k−1 patients in any count (tracker attack)', () => {
    const next = random(20);
    const agents: TherapyAgent[] = ['rituximab', 'azathioprine', 'satralizumab'];
    const groups = ['A', 'B', 'C', 'D'];
    const units: OutcomeUnit[] = [];
    for (const group of groups)
      for (let i = 0; i < 5 + Math.floor(next() * 4); i++)
        units.push(
          unit(group, {
            episodes: agents
              .filter(() => next() < 0.4)
              .map((agent) => episode(agent, 1, 0, { days: 10 + Math.floor(next() * 800), event: next() < 0.5 })),
            worsening: next() < 0.8 ? { days: Math.floor(next() * 900), event: next() < 0.3 } : null,
            edssByYear: [{ year: Math.floor(next() * 3), score: 2 }],
          }),
        );
    const counts = (filter: string[]) => {
      const stats = outcomeStatistics(
        units.filter((u) => filter.includes(u.group)),
        k,
      );
      const value = (n: number | string) => (typeof n === 'number' ? n : 0);
      return new Map<string, number>([
        ...stats.arrByAgent.map((row) => [`arr ${row.agent}`, value(row.patients)] as const),
        ...stats.timeToFirstRelapse.flatMap((c) =>
          c.riskTable.map((row) => [`risk ${c.agent} ${row.day}`, value(row.atRisk)] as const),
        ),
        ...stats.timeToFirstRelapse.map((c) => [`events ${c.agent}`, value(c.events)] as const),
        ...stats.worsening.riskTable.map((row) => [`cdw ${row.day}`, value(row.atRisk)] as const),
        ['cdw events', value(stats.worsening.events)],
        ['cdw patients', value(stats.worsening.patients)],
        ...stats.edssByDiseaseYear.map((row) => [`edss ${row.year}`, value(row.patients)] as const),
      ]);
    };
    const subsets = Array.from({ length: 15 }, (_, mask) => groups.filter((_, i) => (mask + 1) & (1 << i)));
    for (const a of subsets)
      for (const b of subsets) {
        // b ⊂ a: the answers' difference is about the groups in a and not in b.
        if (!b.every((g) => a.includes(g))) continue;
        const [big, small] = [counts(a), counts(b)];
        for (const [key, n] of big) {
          const difference = n - (small.get(key) ?? 0);
          expect(difference === 0 || difference >= k.threshold, `${key}: ${a} vs ${b}`).toBe(true);
        }
      }
  });
});
