import { addDays, daysBetween, type PatientTimeline } from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { dateShiftOf, deidentifyPatient, generateCohort, subjectIdOf } from '../src/index.ts';

const KEY = 'k'.repeat(40);
const TODAY = '2026-11-24';
const cohort = generateCohort({ patients: 120, seed: 7, asOf: TODAY }).patients;

/** Every date of a timeline in one fixed order (patient fields, then events and their parts). */
function datesOf(patient: { diagnosisDate?: unknown; firstAttackDate?: unknown; events: unknown[] }): unknown[] {
  const found: unknown[] = [patient.diagnosisDate ?? null, patient.firstAttackDate ?? null];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [field, inner] of Object.entries(value)) {
        if (['date', 'onsetDate', 'startDate', 'stopDate'].includes(field)) found.push(inner ?? null);
        else walk(inner);
      }
  };
  walk(patient.events);
  return found;
}

describe('de-identified timelines', () => {
  it('contain no MRN, name or birth date of any patient, and no free text', () => {
    const noted = { ...(cohort[0] as PatientTimeline) };
    noted.events = [
      ...noted.events,
      { type: 'visual', date: '2024-02-02', eye: 'OS', logmar: 0.2, funduscopyNote: 'pale disc, seen by Dr Finch' },
    ];
    const output = JSON.stringify(
      [noted, ...cohort].map((p) => deidentifyPatient(p, { key: KEY, dates: 'shift', today: TODAY })),
    );
    for (const patient of cohort) {
      for (const identifier of [patient.mrn, patient.givenName, patient.familyName, patient.birthDate]) {
        expect(output.includes(`"${identifier}"`), `${identifier} leaked`).toBe(false);
      }
    }
    expect(output).not.toContain('funduscopyNote');
    expect(output).not.toContain('Dr Finch');
  });

  it('shift every date of a subject by the same 1 to 364 days, so every interval is kept', () => {
    for (const patient of cohort) {
      const shift = dateShiftOf(KEY, patient.mrn);
      expect(shift).toBeGreaterThanOrEqual(1);
      expect(shift).toBeLessThanOrEqual(364);
      const original = datesOf(patient);
      const shifted = datesOf(deidentifyPatient(patient, { key: KEY, dates: 'shift', today: TODAY }));
      expect(shifted).toEqual(original.map((date) => (typeof date === 'string' ? addDays(date, -shift) : date)));
      const real = original.filter((d): d is string => typeof d === 'string');
      const moved = shifted.filter((d): d is string => typeof d === 'string');
      for (let i = 1; i < real.length; i++) {
        expect(daysBetween(moved[i - 1] as string, moved[i] as string)).toBe(
          daysBetween(real[i - 1] as string, real[i] as string),
        );
      }
    }
  });

  it('count days from the first attack in relative mode (the first attack is day 0)', () => {
    const patient = cohort.find((p) => p.firstAttackDate) as PatientTimeline;
    const out = deidentifyPatient(patient, { key: KEY, dates: 'relative', today: TODAY });
    expect(out.firstAttackDate).toBe(0);
    const firstRelapse = out.events.find((e) => e.type === 'relapse');
    const realRelapse = patient.events.find((e) => e.type === 'relapse');
    if (realRelapse?.type === 'relapse' && patient.firstAttackDate)
      expect(firstRelapse?.onsetDate).toBe(daysBetween(patient.firstAttackDate, realRelapse.onsetDate));
  });

  it('keep the recorded diagnosis and serostatus (clinical categories, not identifying)', () => {
    expect(cohort.some((p) => p.diagnosis) && cohort.some((p) => !p.diagnosis)).toBe(true);
    for (const patient of cohort) {
      const out = deidentifyPatient(patient, { key: KEY, dates: 'shift', today: TODAY });
      expect([out.diagnosis, out.aqp4Status, out.mogStatus]).toEqual([
        patient.diagnosis ?? null,
        patient.aqp4Status,
        patient.mogStatus,
      ]);
    }
  });

  it('give stable subject IDs and shifts for one key, different ones for another key', () => {
    const [a, b] = cohort as [PatientTimeline, PatientTimeline];
    expect(subjectIdOf(KEY, a.mrn)).toBe(subjectIdOf(KEY, a.mrn));
    expect(subjectIdOf(KEY, a.mrn)).toMatch(/^S[0-9a-f]{16}$/);
    expect(subjectIdOf(KEY, a.mrn)).not.toBe(subjectIdOf(KEY, b.mrn));
    expect(subjectIdOf(`${KEY}x`, a.mrn)).not.toBe(subjectIdOf(KEY, a.mrn));
    const ids = new Set(cohort.map((p) => subjectIdOf(KEY, p.mrn)));
    expect(ids.size).toBe(cohort.length);
  });

  it('reduce the birth date to the year, and group ages 90 and over from the 90th birthday on', () => {
    const base = cohort[0] as PatientTimeline;
    const turning90Today = { ...base, birthDate: '1936-11-24' };
    const ninetyTomorrow = { ...base, birthDate: '1936-11-25' };
    const options = { key: KEY, dates: 'shift' as const, today: TODAY };
    expect(deidentifyPatient(turning90Today, options)).toMatchObject({ birthYear: null, ageGroup: '90+' });
    expect(deidentifyPatient(ninetyTomorrow, options)).toMatchObject({ birthYear: 1936, ageGroup: null });
  });
});
