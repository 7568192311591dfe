import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SETTINGS } from '../../../src/rules/settings.ts';
import { dosesGivenBy, nextDose } from '../../../src/rules/therapy/dose-schedule.ts';
import { type ClinicalTimeline, labsFor, type TherapyCourse } from '../../../src/rules/timeline.ts';

const course = (administrations: string[]): TherapyCourse => ({
  agent: 'eculizumab',
  startDate: '2024-01-01',
  stopDate: null,
  stopReason: null,
  schedule: null,
  doseMg: null,
  administrations: administrations.map((date) => ({ date })),
  plannedAdministrations: [],
  firstDoseDate: administrations[0] ?? '2024-01-01',
  lastDoseDate: administrations.at(-1) ?? null,
  protectedUntil: null,
});
const schedule = DEFAULT_RULE_SETTINGS.dosing.eculizumab;

describe('where a course stands in its dose schedule on a day', () => {
  // Two records on one day, and one before the course start (a dose of an earlier course).
  const ecu = course(['2023-12-20', '2024-01-01', '2024-01-08', '2024-01-08', '2024-01-15', '2024-01-29']);

  it('counts each day of administration once, from the course start, up to and including the day', () => {
    expect(dosesGivenBy(ecu, '2023-12-31')).toEqual([]);
    expect(dosesGivenBy(ecu, '2024-01-07')).toEqual(['2024-01-01']);
    expect(dosesGivenBy(ecu, '2024-01-08')).toEqual(['2024-01-01', '2024-01-08']);
    expect(dosesGivenBy(ecu, '2024-12-31')).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-29']);
  });

  it('takes the last dose and the next one from the doses up to the day, asked in any order', () => {
    const on = (day: string) => {
      const next = nextDose(ecu, day, schedule);
      return [next.dosesGiven, next.lastDose, next.dueOn];
    };
    expect(on('2024-01-28')).toEqual([3, '2024-01-15', '2024-01-22']);
    expect(on('2024-01-14')).toEqual([2, '2024-01-08', '2024-01-15']);
    expect(on('2024-01-29')).toEqual([4, '2024-01-29', '2024-02-05']);
    // No administration up to the day: the course start stands for the first dose.
    expect(nextDose(course([]), '2024-01-05', schedule)).toMatchObject({ dosesGiven: 1, recorded: false });
  });

  it('reads a course whose list of administrations was replaced afresh', () => {
    const changing = course(['2024-01-01']);
    expect(dosesGivenBy(changing, '2024-06-01')).toEqual(['2024-01-01']);
    changing.administrations = [{ date: '2024-01-01' }, { date: '2024-01-08' }];
    expect(dosesGivenBy(changing, '2024-06-01')).toEqual(['2024-01-01', '2024-01-08']);
  });
});

describe('labsFor', () => {
  it('gives the labs of one test in their order, and sees labs added to the timeline after a first read', () => {
    const timeline = { labs: [] } as unknown as ClinicalTimeline;
    const labs = timeline.labs as unknown as { test: string; date: string }[];
    labs.push({ test: 'cd19_percent', date: '2024-01-01' }, { test: 'igg', date: '2024-01-02' });
    expect(labsFor(timeline, 'cd19_percent').map((lab) => lab.date)).toEqual(['2024-01-01']);
    expect(labsFor(timeline, 'cd27_memory_b_percent')).toEqual([]);
    labs.push({ test: 'cd19_percent', date: '2024-02-01' });
    expect(labsFor(timeline, 'cd19_percent').map((lab) => lab.date)).toEqual(['2024-01-01', '2024-02-01']);
  });
});
