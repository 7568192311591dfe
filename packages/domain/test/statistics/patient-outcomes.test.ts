import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/records/event.ts';
import { ruleContext } from '../../src/rules/engine.ts';
import { DEFAULT_RULE_SETTINGS } from '../../src/rules/settings.ts';
import { edssByDiseaseYear, therapyEpisodes, timeToConfirmedWorsening } from '../../src/statistics/patient-outcomes.ts';
import { attack, patientWith } from '../rules/helpers.ts';

const therapy = (agent: string, startDate: string, stopDate: string | null = null): TimelineEvent =>
  ({ type: 'therapy', agent, startDate, stopDate }) as TimelineEvent;
const edss = (date: string, score: number): TimelineEvent => ({ type: 'edss', date, score });
const context = (events: TimelineEvent[], asOf = '2024-12-31', fields = {}) =>
  ruleContext(patientWith(events, fields), asOf, DEFAULT_RULE_SETTINGS);

describe('therapy episodes', () => {
  // One attack per patient: attacks less than 30 days apart are one clinical attack.
  it.each([
    ['2020-01-01', 0], // the start day: why it was started, not counted
    ['2020-01-02', 1], // the next day: counted
    ['2020-12-31', 1], // the stop day: counted
    ['2021-01-01', 0], // the day after: not counted
  ])('an attack on %s counts %i times in an episode 2020-01-01 to 2020-12-31', (onset, count) => {
    const [episode] = therapyEpisodes(context([therapy('azathioprine', '2020-01-01', '2020-12-31'), attack(onset)]), 0);
    expect(episode).toMatchObject({ agent: 'azathioprine', from: '2020-01-01', to: '2020-12-31', endedBy: 'stop' });
    expect(episode?.attacks).toBe(count);
    // 2020-01-01 to 2020-12-31: 366 days (leap year) / 365.25.
    expect(episode?.exposureYears).toBeCloseTo(366 / 365.25, 12);
  });

  it('times the first attack from the start day, or censors at the end', () => {
    const time = (events: TimelineEvent[]) => therapyEpisodes(context(events), 0)[0]?.firstAttack;
    // 2020-01-01 → 2020-01-02: day 1.
    expect(time([therapy('azathioprine', '2020-01-01', '2020-12-31'), attack('2020-01-02')])).toEqual({
      days: 1,
      event: true,
    });
    // 2020-01-01 → 2020-12-31: 365 days, censored.
    expect(time([therapy('azathioprine', '2020-01-01', '2020-12-31')])).toEqual({ days: 365, event: false });
  });

  it('ends an episode the day before another maintenance agent starts (a switch), or on as-of', () => {
    const episodes = therapyEpisodes(
      context(
        [
          therapy('azathioprine', '2020-01-01'),
          therapy('rituximab', '2020-07-01'),
          attack('2020-07-01'), // on the switch day: rituximab's start day, azathioprine's episode is over
          attack('2020-08-01'),
        ],
        '2021-06-30',
      ),
      0,
    );
    expect(episodes.map((e) => [e.agent, e.from, e.to, e.endedBy, e.attacks])).toEqual([
      ['azathioprine', '2020-01-01', '2020-06-30', 'switch', 0],
      ['rituximab', '2020-07-01', '2021-06-30', 'as_of', 1],
    ]);
    // Censored: azathioprine followed 2020-01-01 → 2020-06-30 = 181 days; rituximab's first attack on day 31.
    expect(episodes[0]?.firstAttack).toEqual({ days: 181, event: false });
    expect(episodes[1]?.firstAttack).toEqual({ days: 31, event: true });
  });

  it('a bridging steroid started later does not end the episode it bridges', () => {
    const episodes = therapyEpisodes(
      context([therapy('azathioprine', '2020-01-01', '2020-12-31'), therapy('oral_prednisone', '2020-01-15')]),
      0,
    );
    expect(episodes.map((e) => [e.agent, e.to, e.endedBy])).toEqual([
      ['azathioprine', '2020-12-31', 'stop'],
      ['oral_prednisone', '2024-12-31', 'as_of'],
    ]);
  });

  it('a second course of the same agent is an episode too, not the first of its agent', () => {
    const episodes = therapyEpisodes(
      context([therapy('rituximab', '2019-01-01', '2019-06-30'), therapy('rituximab', '2020-01-01')]),
      0,
    );
    expect(episodes.map((e) => e.firstOfAgent)).toEqual([true, false]);
  });

  it('a lag moves the start of exposure and of the attack count together', () => {
    const lagged = (onset: string) =>
      therapyEpisodes(context([therapy('azathioprine', '2020-01-01', '2020-12-31'), attack(onset)]), 90)[0];
    const episode = lagged('2020-03-31');
    // From 2020-01-01 + 90 days = 2020-03-31 (excluded like a start day); 2020-04-01 counted.
    expect(episode?.from).toBe('2020-03-31');
    expect(episode?.attacks).toBe(0);
    expect(lagged('2020-04-01')?.attacks).toBe(1);
    // 2020-03-31 to 2020-12-31: 276 days.
    expect(episode?.exposureYears).toBeCloseTo(276 / 365.25, 12);
  });
});

describe('time to confirmed EDSS worsening', () => {
  it('dates the event at the first worsened assessment, from the baseline', () => {
    // Baseline 2.0 on 2020-01-01; 3.0 on 2020-06-01 (+1.0 from 2.0); confirmed 84 days later on
    // 2020-08-24 (12 weeks, the clinic default). Event day: 2020-01-01 → 2020-06-01 = 152 days.
    const time = timeToConfirmedWorsening(
      context([edss('2020-01-01', 2), edss('2020-06-01', 3), edss('2020-08-24', 3)]),
      DEFAULT_RULE_SETTINGS.edssWorsening,
    );
    expect(time).toEqual({ days: 152, event: true });
  });

  it('censors an unconfirmed worsening at the last assessment', () => {
    const time = timeToConfirmedWorsening(
      context([edss('2020-01-01', 2), edss('2020-06-01', 3), edss('2020-08-24', 2)]),
      DEFAULT_RULE_SETTINGS.edssWorsening,
    );
    // 2020-01-01 → 2020-08-24 = 236 days.
    expect(time).toEqual({ days: 236, event: false });
  });

  it('a confirmation outside the window (84 + 30 days, here 115 days later) does not confirm', () => {
    const time = timeToConfirmedWorsening(
      context([edss('2020-01-01', 0), edss('2020-06-01', 1.5), edss('2020-09-24', 1.5)]),
      DEFAULT_RULE_SETTINGS.edssWorsening,
    );
    // 2020-06-01 + 115 = 2020-09-24: past the window; censored 2020-01-01 → 2020-09-24 = 267 days.
    expect(time).toEqual({ days: 267, event: false });
  });

  it('has no time without a later assessment', () => {
    expect(timeToConfirmedWorsening(context([edss('2020-01-01', 2)]), DEFAULT_RULE_SETTINGS.edssWorsening)).toBeNull();
  });
});

describe('EDSS by disease year', () => {
  it('bins by whole 365.25-day years from the first attack, the last score of each year', () => {
    const rows = edssByDiseaseYear(
      context([
        attack('2020-01-01'),
        edss('2019-12-31', 1), // before the first attack: left out
        edss('2020-01-01', 4), // day 0: year 0
        edss('2020-12-31', 3), // day 365 (< 365.25): year 0, the year's last
        edss('2021-01-01', 2.5), // day 366: year 1
      ]),
    );
    expect(rows).toEqual([
      { year: 0, score: 3 },
      { year: 1, score: 2.5 },
    ]);
  });

  it('uses the recorded first-attack date when there is one', () => {
    expect(
      edssByDiseaseYear(context([edss('2020-01-01', 2)], '2024-12-31', { firstAttackDate: '2018-01-01' })),
    ).toEqual(
      // 2018-01-01 → 2020-01-01 = 730 days: 730 / 365.25 = 1.998: year 1.
      [{ year: 1, score: 2 }],
    );
  });
});
