import {
  type AntibodyEvent,
  compareEvents,
  daysBetween,
  type EdssEvent,
  EVENT_TYPES,
  eventDate,
  fromDayNumber,
  isEdssStep,
  type LabEvent,
  type MriEvent,
  type PatientTimeline,
  type RelapseEvent,
  type TherapyAgent,
  type TherapyEvent,
  type TimelineEvent,
  toDayNumber,
  todayInClinic,
  type VaccinationEvent,
  type VisualEvent,
} from '@nmo/domain';
import { describe, expect, it } from 'vitest';
import { parseTimelineFile } from '../src/format.ts';
import { generateCohort, generateCohortChunks } from '../src/synthetic/index.ts';

const AS_OF = '2025-06-30';
const cohort300 = generateCohort({ patients: 300, seed: 1, asOf: AS_OF });
const cohort1000 = generateCohort({ patients: 1000, seed: 1, asOf: AS_OF });

// ---- small accessors, independent of the generator's internals ----

type Patient = PatientTimeline;
const ofType =
  <T extends TimelineEvent['type']>(type: T) =>
  (patient: Patient) =>
    patient.events.filter((e): e is Extract<TimelineEvent, { type: T }> => e.type === type);
const relapses: (p: Patient) => RelapseEvent[] = ofType('relapse');
const therapies: (p: Patient) => TherapyEvent[] = ofType('therapy');
const labs: (p: Patient) => LabEvent[] = ofType('lab');
const edss: (p: Patient) => EdssEvent[] = ofType('edss');
const mris: (p: Patient) => MriEvent[] = ofType('mri');
const visuals: (p: Patient) => VisualEvent[] = ofType('visual');
const antibodies: (p: Patient) => AntibodyEvent[] = ofType('antibody');
const vaccinations: (p: Patient) => VaccinationEvent[] = ofType('vaccination');

const MS_DRUGS = new Set<TherapyAgent>(['interferon_beta', 'natalizumab', 'fingolimod', 'glatiramer']);
const B_CELL_DEPLETING: TherapyAgent[] = ['rituximab', 'inebilizumab'];
const COMPLEMENT_OR_IL6: TherapyAgent[] = ['eculizumab', 'ravulizumab', 'satralizumab', 'tocilizumab'];
const EFFECTIVE = new Set<TherapyAgent>([...B_CELL_DEPLETING, ...COMPLEMENT_OR_IL6, 'azathioprine', 'mycophenolate']);
const B_CELL = new Set<TherapyAgent>(['rituximab', 'inebilizumab', 'ocrelizumab', 'ofatumumab']);
const MAINTENANCE_EXCEPT_MS = (t: TherapyEvent) => !MS_DRUGS.has(t.agent) && t.agent !== 'ahsct';

const stopOf = (t: TherapyEvent) => t.stopDate ?? AS_OF;
const onTherapyAt = (t: TherapyEvent, date: string) => t.startDate <= date && date <= stopOf(t);
const firstTreatmentDelay = (r: RelapseEvent) =>
  r.acuteTreatments && r.acuteTreatments.length > 0
    ? Math.min(...r.acuteTreatments.map((a) => daysBetween(r.onsetDate, a.startDate)))
    : null;

/** Every date in the patient's record, nested ones included. */
function allDates(patient: Patient): string[] {
  const dates = [patient.birthDate, patient.diagnosisDate ?? '', patient.firstAttackDate ?? ''].filter(Boolean);
  for (const event of patient.events) {
    dates.push(eventDate(event));
    if (event.type === 'therapy') {
      if (event.stopDate) dates.push(event.stopDate);
      // A planned dose is booked for the future: it is not a date something happened.
      for (const a of event.administrations ?? []) if (!a.planned) dates.push(a.date);
    }
    if (event.type === 'pregnancy') {
      // The due date of an ongoing pregnancy lies ahead; the actual end and breastfeeding do not.
      if (event.endDate) dates.push(event.endDate);
      if (event.breastfeedingUntil) dates.push(event.breastfeedingUntil);
    }
    if (event.type === 'prophylaxis' && event.stopDate) dates.push(event.stopDate);
    if (event.type === 'relapse') for (const a of event.acuteTreatments ?? []) dates.push(a.startDate);
  }
  return dates;
}

/**
 * EDSS worsening from a roving baseline, sustained at every visit until confirmed ≥ 6 months later
 * (msprog thresholds: +1.5 from 0, +1.0 below 5.5, else +0.5); relapse-associated when an attack
 * began after the baseline and no later than 30 days after the worsened score.
 */
function confirmedWorsenings(patient: Patient): { from: string; to: string; withRelapse: boolean }[] {
  const scores = edss(patient);
  const onsets = relapses(patient).map((r) => r.onsetDate);
  const found: { from: string; to: string; withRelapse: boolean }[] = [];
  scores.forEach((base, i) => {
    const needed = base.score === 0 ? 1.5 : base.score < 5.5 ? 1 : 0.5;
    const j = scores.findIndex((s, index) => index > i && s.score - base.score >= needed);
    const worse = scores[j];
    if (worse === undefined) return;
    const later = scores.slice(j + 1);
    const broken = later.findIndex((s) => s.score - base.score < needed);
    const confirmedAt = later.findIndex((s) => daysBetween(worse.date, s.date) >= 180);
    if (confirmedAt === -1 || (broken !== -1 && broken <= confirmedAt)) return;
    const withRelapse = onsets.some((o) => o > base.date && daysBetween(o, worse.date) >= -30);
    found.push({ from: base.date, to: worse.date, withRelapse });
  });
  return found;
}

/** Annualized relapse rates by what the patient took at onset (first attack excluded: it defines onset). */
function relapseRates(patients: Patient[]) {
  const exposure = { untreated: 0, effective: 0, msDrug: 0 };
  const attacks = { untreated: 0, effective: 0, msDrug: 0 };
  const classify = (patient: Patient, date: string): keyof typeof exposure | null => {
    const on = therapies(patient).filter((t) => t.agent !== 'ahsct' && onTherapyAt(t, date));
    if (on.length === 0) return 'untreated';
    if (on.some((t) => MS_DRUGS.has(t.agent))) return 'msDrug';
    return on.some((t) => EFFECTIVE.has(t.agent)) ? 'effective' : null;
  };
  for (const patient of patients) {
    const first = patient.firstAttackDate;
    if (!first) continue;
    // Exposure by segments between therapy boundaries (class is constant within a segment).
    const bounds = new Set([toDayNumber(first), toDayNumber(AS_OF) + 1]);
    for (const t of therapies(patient)) {
      bounds.add(toDayNumber(t.startDate));
      bounds.add(toDayNumber(stopOf(t)) + 1);
    }
    const days = [...bounds]
      .filter((d) => d >= toDayNumber(first) && d <= toDayNumber(AS_OF) + 1)
      .sort((a, b) => a - b);
    for (let k = 0; k + 1 < days.length; k++) {
      const from = days[k] as number;
      const to = days[k + 1] as number;
      const kind = classify(patient, fromDayNumber(from));
      if (kind) exposure[kind] += (to - from) / 365.25;
    }
    for (const r of relapses(patient)) {
      if (r.onsetDate === first) continue;
      const kind = classify(patient, r.onsetDate);
      if (kind) attacks[kind] += 1;
    }
  }
  return {
    untreated: attacks.untreated / exposure.untreated,
    effective: attacks.effective / exposure.effective,
    msDrug: attacks.msDrug / exposure.msDrug,
  };
}

// ---- the scenarios the rules engine must be able to flag ----

const SCENARIOS: Record<string, (p: Patient) => boolean> = {
  'breakthrough relapse on maintenance therapy': (p) =>
    relapses(p).some((r) =>
      therapies(p).some(
        (t) => MAINTENANCE_EXCEPT_MS(t) && onTherapyAt(t, r.onsetDate) && daysBetween(t.startDate, r.onsetDate) > 90,
      ),
    ),
  'relapse within 30 days of starting a therapy': (p) =>
    relapses(p).some((r) =>
      therapies(p).some(
        (t) =>
          MAINTENANCE_EXCEPT_MS(t) &&
          daysBetween(t.startDate, r.onsetDate) >= 0 &&
          daysBetween(t.startDate, r.onsetDate) <= 30,
      ),
    ),
  'acute treatment started > 14 days after onset': (p) => relapses(p).some((r) => (firstTreatmentDelay(r) ?? 0) > 14),
  'attack with no acute treatment': (p) => relapses(p).some((r) => (r.acuteTreatments ?? []).length === 0),
  'severe attack without PLEX': (p) =>
    relapses(p).some((r) => r.severity === 'severe' && !(r.acuteTreatments ?? []).some((a) => a.type === 'plex')),
  'IVMP < 3 days or < 1000 mg/day': (p) =>
    relapses(p).some((r) =>
      (r.acuteTreatments ?? []).some((a) => a.type === 'ivmp' && ((a.days ?? 5) < 3 || (a.dailyDoseMg ?? 1000) < 1000)),
    ),
  'MS drug in use': (p) => therapies(p).some((t) => MS_DRUGS.has(t.agent) && !t.stopDate),
  'AQP4+ with attacks and no maintenance therapy': (p) =>
    p.aqp4Status === 'positive' && relapses(p).length > 0 && therapies(p).length === 0,
  'maintenance stopped with no successor within 30 days': (p) =>
    therapies(p).some((t) => {
      const stop = t.stopDate;
      if (!stop || t.agent === 'ahsct' || daysBetween(stop, AS_OF) <= 30) return false;
      return !therapies(p).some((o) => o !== t && o.startDate >= t.startDate && daysBetween(stop, o.startDate) <= 30);
    }),
  'complement inhibitor without meningococcal vaccination ≥ 14 days before': (p) => {
    const first = therapies(p).find((t) => t.agent === 'eculizumab' || t.agent === 'ravulizumab');
    if (!first) return false;
    const before = (v: string) =>
      vaccinations(p).some((x) => x.vaccine === v && daysBetween(x.date, first.startDate) >= 14);
    return !before('menacwy') || !before('menb');
  },
  'PLEX while on eculizumab': (p) =>
    relapses(p).some((r) =>
      (r.acuteTreatments ?? []).some(
        (a) => a.type === 'plex' && therapies(p).some((t) => t.agent === 'eculizumab' && onTherapyAt(t, a.startDate)),
      ),
    ),
  'satralizumab, eculizumab, ravulizumab or inebilizumab in a MOG+/AQP4- patient (outside the label)': (p) =>
    p.aqp4Status === 'negative' &&
    p.mogStatus === 'positive' &&
    therapies(p).some((t) => ['satralizumab', 'eculizumab', 'ravulizumab', 'inebilizumab'].includes(t.agent)),
  'rituximab re-dosing due': (p) =>
    therapies(p).some((t) => {
      if (t.agent !== 'rituximab' || t.stopDate) return false;
      const last = t.administrations?.at(-1)?.date ?? t.startDate;
      const repopulated = labs(p).some((l) => l.test === 'cd19_percent' && l.date > last && (l.value ?? 0) > 0.1);
      return daysBetween(last, AS_OF) > 183 || repopulated;
    }),
  'a scheduled complement or IL-6 inhibitor dose overdue while the course goes on': (p) =>
    therapies(p).some(
      (t) =>
        COMPLEMENT_OR_IL6.includes(t.agent) &&
        !t.stopDate &&
        daysBetween(t.administrations?.at(-1)?.date ?? t.startDate, AS_OF) > 35,
    ),
  'no HBV screening before anti-CD20': (p) => {
    const first = therapies(p).find((t) => B_CELL.has(t.agent));
    return first !== undefined && !labs(p).some((l) => l.test === 'hbsag' && l.date <= first.startDate);
  },
  'low IgG on B-cell therapy': (p) =>
    labs(p).some(
      (l) =>
        l.test === 'igg' &&
        (l.value ?? 1000) < 500 &&
        therapies(p).some((t) => B_CELL.has(t.agent) && onTherapyAt(t, l.date)),
    ),
  'EDSS overdue (none in 18 months)': (p) => {
    const last = edss(p).at(-1)?.date ?? p.diagnosisDate ?? AS_OF;
    return daysBetween(last, AS_OF) > 548;
  },
  'MRI overdue (none in 3 years)': (p) => daysBetween(mris(p).at(-1)?.date ?? p.firstAttackDate ?? AS_OF, AS_OF) > 1096,
  'visual exam overdue (none in 2 years)': (p) =>
    daysBetween(visuals(p).at(-1)?.date ?? p.firstAttackDate ?? AS_OF, AS_OF) > 730,
  'lab monitoring overdue on azathioprine/mycophenolate': (p) =>
    therapies(p).some((t) => {
      if ((t.agent !== 'azathioprine' && t.agent !== 'mycophenolate') || t.stopDate) return false;
      if (daysBetween(t.startDate, AS_OF) < 365) return false;
      const last =
        labs(p)
          .filter((l) => l.test === 'wbc')
          .at(-1)?.date ?? t.startDate;
      // Past the regular schedule the rules check: blood counts every 2 months on azathioprine, 6 on mycophenolate.
      return daysBetween(last, AS_OF) > (t.agent === 'azathioprine' ? 60 : 180);
    }),
  'seronegative patient with a new attack and no retest': (p) => {
    if (p.aqp4Status === 'positive') return false;
    const firstTest = antibodies(p).find((a) => a.antibody === 'AQP4');
    if (!firstTest) return false;
    return relapses(p).some(
      (r) =>
        r.onsetDate > firstTest.date &&
        daysBetween(r.onsetDate, AS_OF) > 90 &&
        !antibodies(p).some((a) => a.antibody === 'AQP4' && a.date >= r.onsetDate),
    );
  },
  'azathioprine without TPMT before': (p) => {
    const first = therapies(p).find((t) => t.agent === 'azathioprine');
    return first !== undefined && !labs(p).some((l) => l.test === 'tpmt' && l.date <= first.startDate);
  },
  'confirmed EDSS worsening with a relapse': (p) => confirmedWorsenings(p).some((w) => w.withRelapse),
  'confirmed EDSS worsening without a relapse': (p) => confirmedWorsenings(p).some((w) => !w.withRelapse),
  'longitudinally extensive myelitis (≥ 3 segments)': (p) =>
    mris(p).some((m) => m.region === 'spinal_cord' && (m.extensiveSegments ?? 0) >= 3),
  'antiphospholipid antibodies': (p) => (p.comorbidities ?? []).includes('antiphospholipid_antibodies'),
  AHSCT: (p) => therapies(p).some((t) => t.agent === 'ahsct'),
};

describe('generateCohort', () => {
  it('is deterministic: the same options give the same document, another seed another one', () => {
    const again = generateCohort({ patients: 300, seed: 1, asOf: AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(cohort300));
    const other = generateCohort({ patients: 300, seed: 2, asOf: AS_OF });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(cohort300));
    // A patient depends on (seed, index) only, not on the cohort size.
    expect(cohort1000.patients.slice(0, 300)).toEqual(cohort300.patients);
  });

  it('in chunks (generateCohortChunks) gives the same patients, a chunk at a time, with the same checks', () => {
    const chunks = [...generateCohortChunks({ patients: 300, seed: 1, asOf: AS_OF }, 128)];
    expect(chunks.map((chunk) => chunk.length)).toEqual([128, 128, 44]);
    expect(JSON.stringify(chunks.flat())).toBe(JSON.stringify(cohort300.patients));
    expect(() => [...generateCohortChunks({ patients: -1, seed: 1, asOf: AS_OF }, 10)]).toThrow(RangeError);
  });

  it.each([
    { seed: 1, patients: 1 },
    { seed: 2, patients: 50 },
    { seed: 42, patients: 300 },
    { seed: -7, patients: 120 },
    { seed: 2 ** 40 + 3, patients: 120 },
    { seed: 9, patients: 2000 },
  ])('writes a valid interchange document (seed $seed, $patients patients)', ({ seed, patients }) => {
    const file = generateCohort({ patients, seed, asOf: AS_OF });
    const parsed = parseTimelineFile(JSON.parse(JSON.stringify(file)));
    expect(parsed.ok ? [] : parsed.errors.slice(0, 5)).toEqual([]);
    expect(file.patients).toHaveLength(patients);
  });

  it('is valid as of today, whatever the time zone', () => {
    const file = generateCohort({ patients: 200, seed: 3, asOf: todayInClinic() });
    const parsed = parseTimelineFile(file);
    expect(parsed.ok ? [] : parsed.errors.slice(0, 5)).toEqual([]);
  });

  it('has the requested size, unique zero-padded MRNs and no date after the as-of date', () => {
    expect(cohort300.patients).toHaveLength(300);
    expect(cohort300.patients[0]?.mrn).toBe('SYN000001');
    expect(cohort300.patients[299]?.mrn).toBe('SYN000300');
    expect(generateCohort({ patients: 0, seed: 1, asOf: AS_OF }).patients).toEqual([]);
    const late = cohort1000.patients.flatMap((p) =>
      allDates(p)
        .filter((d) => d > AS_OF)
        .map((d) => `${p.mrn} ${d}`),
    );
    expect(late).toEqual([]);
  });

  it('writes what the export writes: sorted events, treatments, administrations and comorbidities, no nulls', () => {
    for (const patient of cohort300.patients) {
      expect(JSON.stringify(patient)).not.toMatch(/null/);
      expect(patient.events).toEqual([...patient.events].sort(compareEvents));
      expect(patient.comorbidities ?? []).toEqual([...(patient.comorbidities ?? [])].sort());
      for (const t of therapies(patient)) {
        const days = (t.administrations ?? []).map((a) => a.date);
        expect(days).toEqual([...days].sort());
      }
      for (const r of relapses(patient)) {
        const keys = (r.acuteTreatments ?? []).map((a) => `${a.startDate} ${a.type}`);
        expect(keys).toEqual([...keys].sort());
      }
    }
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateCohort({ patients: -1, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateCohort({ patients: 1.5, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateCohort({ patients: 1, seed: 0.5, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateCohort({ patients: 1, seed: 1, asOf: '2025-02-30' })).toThrow(RangeError);
  });
});

describe('cohort plausibility (1000 patients)', () => {
  const patients = cohort1000.patients;
  const share = (predicate: (p: Patient) => boolean) => patients.filter(predicate).length / patients.length;

  it('is mostly AQP4-IgG positive and female', () => {
    expect(share((p) => p.aqp4Status === 'positive')).toBeGreaterThanOrEqual(0.68);
    expect(share((p) => p.aqp4Status === 'positive')).toBeLessThanOrEqual(0.82);
    expect(share((p) => p.sex === 'female')).toBeGreaterThanOrEqual(0.8);
    expect(share((p) => p.mogStatus === 'positive')).toBeGreaterThan(0.03);
  });

  it('has onset around 40 and follow-up mostly 2-20 years', () => {
    const years = (from: string, to: string) => daysBetween(from, to) / 365.25;
    const onsetAges = patients.map((p) => years(p.birthDate, p.firstAttackDate ?? AS_OF));
    const mean = onsetAges.reduce((a, b) => a + b, 0) / onsetAges.length;
    expect(mean).toBeGreaterThan(36);
    expect(mean).toBeLessThan(44);
    expect(Math.min(...onsetAges)).toBeGreaterThanOrEqual(9);
    expect(
      share((p) => years(p.firstAttackDate ?? AS_OF, AS_OF) >= 2 && years(p.firstAttackDate ?? AS_OF, AS_OF) <= 20),
    ).toBeGreaterThan(0.8);
    expect(patients.every((p) => (p.diagnosisDate ?? '') >= (p.firstAttackDate ?? ''))).toBe(true);
  });

  it('relapses near 0.5/year untreated, much less on effective therapy, not less on MS drugs', () => {
    const rates = relapseRates(patients);
    expect(rates.untreated).toBeGreaterThan(0.35);
    expect(rates.untreated).toBeLessThan(0.7);
    expect(rates.effective).toBeLessThan(rates.untreated * 0.5);
    expect(rates.msDrug).toBeGreaterThan(rates.effective);
  });

  it('has ≥ 30 days between attacks and EDSS on Kurtzke steps only (never 0.5)', () => {
    for (const p of patients) {
      const onsets = relapses(p).map((r) => r.onsetDate);
      const gaps = onsets.slice(1).map((onset, i) => daysBetween(onsets[i] ?? onset, onset));
      expect(Math.min(30, ...gaps)).toBe(30);
      for (const e of edss(p)) expect(isEdssStep(e.score)).toBe(true);
    }
  });

  it('records a diagnosis consistent with serostatus, and leaves some to the derivation', () => {
    const recorded = new Map<string, number>();
    for (const p of patients) {
      const { diagnosis } = p;
      recorded.set(diagnosis ?? 'none', (recorded.get(diagnosis ?? 'none') ?? 0) + 1);
      if (diagnosis === 'nmosd_aqp4_positive') expect(p.aqp4Status).toBe('positive');
      if (diagnosis === 'mogad') expect([p.aqp4Status, p.mogStatus]).toEqual(['negative', 'positive']);
      if (diagnosis === 'nmosd_seronegative') {
        expect([p.aqp4Status, p.mogStatus]).toEqual(['negative', 'negative']);
        expect(relapses(p).length).toBeGreaterThan(0);
      }
      expect(diagnosis).not.toBe('other_or_uncertain');
    }
    for (const kind of ['nmosd_aqp4_positive', 'nmosd_seronegative', 'mogad', 'none'])
      expect(recorded.get(kind) ?? 0).toBeGreaterThan(0);
  });

  it('treats with rituximab most, and a few per cent with MS drugs', () => {
    const counts = new Map<TherapyAgent, number>();
    for (const p of patients)
      for (const agent of new Set(therapies(p).map((t) => t.agent))) counts.set(agent, (counts.get(agent) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe('rituximab');
    const msShare = share((p) => therapies(p).some((t) => MS_DRUGS.has(t.agent)));
    expect(msShare).toBeGreaterThanOrEqual(0.01);
    expect(msShare).toBeLessThanOrEqual(0.08);
  });

  it('includes late and untreated attacks', () => {
    const all = patients.flatMap(relapses);
    expect(all.some((r) => (firstTreatmentDelay(r) ?? 0) > 14)).toBe(true);
    expect(all.some((r) => (r.acuteTreatments ?? []).length === 0)).toBe(true);
  });
});

describe('every flag scenario appears in 300 patients (seed 1)', () => {
  it.each(Object.entries(SCENARIOS))('%s', (_name, predicate) => {
    expect(cohort300.patients.some(predicate)).toBe(true);
  });
});

describe('the demo (300 patients, seed 1) holds every kind of record', () => {
  const events = cohort300.patients.flatMap((patient) => patient.events);
  it.each(EVENT_TYPES)('%s', (type) => {
    expect(events.some((event) => event.type === type)).toBe(true);
  });

  it('planned doses, vaccine products, NUDT15 genotypes and both tuberculosis tests', () => {
    const labs = events.flatMap((event) => (event.type === 'lab' ? [event.test] : []));
    for (const test of ['nudt15', 'tpmt', 'tb_igra', 'tb_skin_test'] as const) expect(labs).toContain(test);
    expect(
      events.some((event) => event.type === 'therapy' && (event.administrations ?? []).some((a) => a.planned)),
    ).toBe(true);
    expect(events.some((event) => event.type === 'vaccination' && event.product !== undefined)).toBe(true);
  });
});
