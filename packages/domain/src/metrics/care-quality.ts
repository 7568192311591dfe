import { addDays, type CalendarDate, daysBetween } from '../calendar-date.ts';
import { COMPLEMENT_INHIBITORS } from '../rules/agents.ts';
import { countsAsAcuteTreatment } from '../rules/relapse/acute-treatments.ts';
import { meningococcalDoses, protectedOn } from '../rules/therapy/meningococcal-series.ts';
import type { RuleContext } from '../rules/types.ts';

/**
 * Care-quality indicators (issue 15; the expired and resolved flags are data too): what happened
 * to each attack, each complement-inhibitor start and each year of monitoring, so that a clinic can
 * see, per year, how often it met its own standards. Pure; the numbers come from the rule settings:
 * - attacks treated within `acute.delayedAfterDays` (14) of onset (Kümpfel et al., NEMOS 2024, Acute Attack
 *   Management); onset to IVMP and onset to PLEX in days (Stiebel-Kalish 2019, Bonnan 2018);
 * - severe attacks that got plasma exchange (guideline: escalate to PLEX early in severe attacks);
 * - complement-inhibitor starts with MenACWY and MenB at least `therapy.meningococcalLeadDays` (14)
 *   before the first dose (SOLIRIS and ULTOMIRIS labels);
 * - patients whose EDSS, MRI and visual exam were all within their intervals at the end of the year
 *   (or on the as-of date for the current year).
 */
export interface AttackCare {
  year: number;
  onsetDate: CalendarDate;
  severe: boolean;
  /** Null when no acute treatment that counts (IVMP or PLEX; IVIG by setting) is recorded. */
  onsetToFirstTreatmentDays: number | null;
  onsetToIvmpDays: number | null;
  onsetToPlexDays: number | null;
}

export interface ComplementStart {
  year: number;
  firstDoseDate: CalendarDate;
  vaccinatedOnTime: boolean;
}

export interface MonitoringYear {
  year: number;
  /** The day it was judged on: 31 December, or the as-of date in its own year. */
  on: CalendarDate;
  edss: boolean;
  mri: boolean;
  visual: boolean;
}

export interface PatientCareQuality {
  attacks: AttackCare[];
  complementStarts: ComplementStart[];
  monitoring: MonitoringYear[];
}

const yearOf = (date: CalendarDate) => Number(date.slice(0, 4));

const daysToFirst = (treatments: { type: string; startDate: CalendarDate }[], onset: CalendarDate, type?: string) => {
  const first = treatments.find((treatment) => type === undefined || treatment.type === type);
  return first ? daysBetween(onset, first.startDate) : null;
};

/** A record within `interval` days before `on` (the day itself included), on or before it. */
const recentWithin = (dates: CalendarDate[], on: CalendarDate, interval: number) =>
  dates.some((date) => date <= on && daysBetween(date, on) <= interval);

/** The care-quality facts of one patient, as known on the context's as-of date. */
export function patientCareQuality(context: RuleContext): PatientCareQuality {
  const { timeline, settings, asOf, patient } = context;
  const attacks = timeline.relapses.map((attack) => {
    const treatments = attack.acuteTreatments ?? [];
    return {
      year: yearOf(attack.onsetDate),
      onsetDate: attack.onsetDate,
      severe: attack.severity === 'severe',
      // Acute treatment as the rules count it: IVMP or PLEX (IVIG by clinic setting), never an oral taper.
      onsetToFirstTreatmentDays: daysToFirst(
        treatments.filter((t) => countsAsAcuteTreatment(t, settings)),
        attack.onsetDate,
      ),
      onsetToIvmpDays: daysToFirst(treatments, attack.onsetDate, 'ivmp'),
      onsetToPlexDays: daysToFirst(treatments, attack.onsetDate, 'plex'),
    };
  });
  const doses = meningococcalDoses(timeline.vaccinations);
  const complementStarts = timeline.therapies
    .filter((course) => COMPLEMENT_INHIBITORS.has(course.agent))
    .map((course) => {
      // As MENINGOCOCCAL_VACCINATION_MISSING judges it: both series complete and current by the lead time.
      const dueBy = addDays(course.firstDoseDate, -settings.therapy.meningococcalLeadDays);
      return {
        year: yearOf(course.firstDoseDate),
        firstDoseDate: course.firstDoseDate,
        vaccinatedOnTime: protectedOn(doses, dueBy, course.firstDoseDate, settings.complement),
      };
    });
  const startCandidates = [patient.firstAttackDate, patient.diagnosisDate, timeline.relapses[0]?.onsetDate].filter(
    (date): date is CalendarDate => Boolean(date) && (date as CalendarDate) <= asOf,
  );
  const startOfCare = startCandidates.sort()[0];
  const monitoring: MonitoringYear[] = [];
  if (startOfCare) {
    const { edssIntervalDays, mriIntervalDays, visualIntervalDays } = settings.monitoring;
    const dates = {
      edss: timeline.edss.map((e) => e.date),
      mri: timeline.mriExams.map((e) => e.date),
      visual: timeline.visualExams.map((e) => e.date),
    };
    // A year is judged once the patient has been in care for a whole interval by its end.
    for (let year = yearOf(startOfCare); year <= yearOf(asOf); year++) {
      const on = year === yearOf(asOf) ? asOf : (`${year}-12-31` as CalendarDate);
      if (daysBetween(startOfCare, on) < Math.min(edssIntervalDays, mriIntervalDays, visualIntervalDays)) continue;
      monitoring.push({
        year,
        on,
        edss: recentWithin(dates.edss, on, edssIntervalDays),
        mri: recentWithin(dates.mri, on, mriIntervalDays),
        visual: recentWithin(dates.visual, on, visualIntervalDays),
      });
    }
  }
  return { attacks, complementStarts, monitoring };
}

/** How often a standard was met among the cases of one year, and by whom. */
export interface Indicator {
  cases: number;
  met: number;
  /** met / cases, or null without cases. */
  share: number | null;
  /** The patients behind the figure (each once), for clinicians. */
  metBy: string[];
  missedBy: string[];
}

/** A median of days over the cases that have the treatment. */
export interface DaysMedian {
  cases: number;
  median: number | null;
  patients: string[];
}

export interface CareQualityYear {
  year: number;
  attacks: number;
  treatedWithinDays: Indicator;
  onsetToIvmpDays: DaysMedian;
  onsetToPlexDays: DaysMedian;
  severeWithPlex: Indicator;
  vaccinatedOnTime: Indicator;
  monitoringUpToDate: Indicator;
}

function indicator(cases: { patientId: string; met: boolean }[]): Indicator {
  const met = cases.filter((c) => c.met);
  const unique = (list: typeof cases) => [...new Set(list.map((c) => c.patientId))].sort();
  return {
    cases: cases.length,
    met: met.length,
    share: cases.length ? met.length / cases.length : null,
    metBy: unique(met),
    missedBy: unique(cases.filter((c) => !c.met)),
  };
}

function medianOf(values: { patientId: string; days: number | null }[]): DaysMedian {
  const known = values.filter((v): v is { patientId: string; days: number } => v.days !== null);
  const sorted = known.map((v) => v.days).sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return {
    cases: sorted.length,
    median: sorted.length ? ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2 : null,
    patients: [...new Set(known.map((v) => v.patientId))].sort(),
  };
}

/** The cohort's care-quality indicators per year (oldest first), from each patient's facts. */
export function summarizeCareQuality(
  patients: { patientId: string; facts: PatientCareQuality }[],
  treatedWithinDays: number,
): CareQualityYear[] {
  const years = new Set<number>();
  for (const { facts } of patients) {
    for (const item of [...facts.attacks, ...facts.complementStarts, ...facts.monitoring]) years.add(item.year);
  }
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const attacks = patients.flatMap(({ patientId, facts }) =>
        facts.attacks.filter((a) => a.year === year).map((attack) => ({ patientId, attack })),
      );
      const starts = patients.flatMap(({ patientId, facts }) =>
        facts.complementStarts.filter((s) => s.year === year).map((start) => ({ patientId, start })),
      );
      const judged = patients.flatMap(({ patientId, facts }) =>
        facts.monitoring.filter((m) => m.year === year).map((monitoring) => ({ patientId, monitoring })),
      );
      return {
        year,
        attacks: attacks.length,
        treatedWithinDays: indicator(
          attacks.map(({ patientId, attack }) => ({
            patientId,
            met: attack.onsetToFirstTreatmentDays !== null && attack.onsetToFirstTreatmentDays <= treatedWithinDays,
          })),
        ),
        onsetToIvmpDays: medianOf(
          attacks.map(({ patientId, attack }) => ({ patientId, days: attack.onsetToIvmpDays })),
        ),
        onsetToPlexDays: medianOf(
          attacks.map(({ patientId, attack }) => ({ patientId, days: attack.onsetToPlexDays })),
        ),
        severeWithPlex: indicator(
          attacks
            .filter(({ attack }) => attack.severe)
            .map(({ patientId, attack }) => ({ patientId, met: attack.onsetToPlexDays !== null })),
        ),
        vaccinatedOnTime: indicator(starts.map(({ patientId, start }) => ({ patientId, met: start.vaccinatedOnTime }))),
        monitoringUpToDate: indicator(
          judged.map(({ patientId, monitoring }) => ({
            patientId,
            met: monitoring.edss && monitoring.mri && monitoring.visual,
          })),
        ),
      };
    });
}
