import { describe, expect, it } from 'vitest';
import type { TherapyAgent } from '../../src/enums.ts';
import type { TherapyEvent } from '../../src/records/therapy.ts';
import { firstMaintenanceChange, REDOSED_AGENTS } from '../../src/rules/therapy-change.ts';
import { buildClinicalTimeline, therapiesActiveOn } from '../../src/rules/timeline.ts';

const FROM = '2024-03-02';

function therapy(agent: TherapyAgent, startDate: string, stopDate?: string, doses: string[] = []): TherapyEvent {
  return {
    type: 'therapy',
    agent,
    startDate,
    ...(stopDate ? { stopDate } : {}),
    ...(doses.length > 0 ? { administrations: doses.map((date) => ({ date, doseMg: 1000 })) } : {}),
  };
}

/** The change judged against every maintenance course active on FROM, as known on asOf. */
function change(events: TherapyEvent[], asOf = '2030-01-01') {
  const timeline = buildClinicalTimeline(events, asOf);
  return firstMaintenanceChange(timeline, therapiesActiveOn(timeline, FROM), FROM);
}

describe('firstMaintenanceChange', () => {
  it('redosed agents: the 6-monthly anti-CD20/CD19 infusions only', () => {
    expect([...REDOSED_AGENTS].sort()).toEqual(['inebilizumab', 'ocrelizumab', 'rituximab']);
  });

  it('nothing recorded after the day: null', () => {
    expect(change([])).toBeNull();
    expect(change([therapy('azathioprine', '2020-01-01')])).toBeNull();
    expect(change([therapy('rituximab', '2020-01-01', undefined, ['2020-01-01', '2024-03-01'])])).toBeNull();
  });

  it.each([
    ['the day before', '2024-03-01', null],
    ['the day itself', FROM, { on: FROM, kind: 'stop', resolution: `azathioprine stopped on ${FROM}` }],
  ])('a stop %s', (_label, stopDate, expected) => {
    // A course stopped the day before is not active on the day, so it is not judged (and no other is).
    expect(change([therapy('azathioprine', '2020-01-01', stopDate)])).toEqual(expected);
  });

  it('a stop recorded for a day after as-of is not known yet', () => {
    expect(change([therapy('azathioprine', '2020-01-01', '2024-05-01')], '2024-04-30')).toBeNull();
  });

  it('a stop and a start on one day is a switch; on different days the first wins', () => {
    const sameDay = [therapy('rituximab', '2020-01-01', '2024-04-01'), therapy('satralizumab', '2024-04-01')];
    expect(change(sameDay)).toEqual({
      on: '2024-04-01',
      kind: 'switch',
      resolution: 'switched to satralizumab on 2024-04-01',
    });
    const stopFirst = [therapy('rituximab', '2020-01-01', '2024-03-31'), therapy('satralizumab', '2024-04-01')];
    expect(change(stopFirst)?.resolution).toBe('rituximab stopped on 2024-03-31');
    const startFirst = [therapy('rituximab', '2020-01-01', '2024-04-02'), therapy('satralizumab', '2024-04-01')];
    expect(change(startFirst)?.resolution).toBe('satralizumab started on 2024-04-01');
  });

  it('names every agent of the day, and prefers a switch to a redose to a stop', () => {
    expect(
      change([
        therapy('azathioprine', '2020-01-01', '2024-04-01'),
        therapy('oral_prednisone', '2020-01-01', '2024-04-01'),
      ])?.resolution,
    ).toBe('azathioprine and oral prednisone stopped on 2024-04-01');
    expect(
      change([
        therapy('rituximab', '2020-01-01', '2024-04-01', ['2020-01-01', '2024-04-01']),
        therapy('satralizumab', '2024-04-01'),
        therapy('ivig_maintenance', '2024-04-01'),
      ]),
    ).toEqual({
      on: '2024-04-01',
      kind: 'switch',
      resolution: 'switched to maintenance IVIG and satralizumab on 2024-04-01',
    });
    expect(change([therapy('rituximab', '2020-01-01', '2024-04-01', ['2020-01-01', '2024-04-01'])])?.resolution).toBe(
      'rituximab redosed on 2024-04-01',
    );
  });

  it('with no maintenance on the day, any maintenance started is a change (an MS drug is not)', () => {
    expect(change([therapy('natalizumab', '2024-03-10'), therapy('rituximab', '2024-04-01')])).toEqual({
      on: '2024-04-01',
      kind: 'switch',
      resolution: 'rituximab started on 2024-04-01',
    });
  });
});
