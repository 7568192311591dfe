import { daysBetween, iggInMgDl, MRI_REGIONS, pregnancySpan } from '@nmo/domain';
import type { PatientPage } from '../../api-types.ts';
import { formatMonth } from '../../format.ts';

type Records = PatientPage['records'];
const DAY = 86_400_000;

/** A calendar date as a number on the charts' shared time axis (UTC midnight, ms). */
export const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
export const dateOf = (time: number) => new Date(time).toISOString().slice(0, 10);

export const RANGES = [
  { key: '2y', label: 'Last 2 years', years: 2 },
  { key: '5y', label: 'Last 5 years', years: 5 },
  { key: 'all', label: 'All', years: null },
] as const;
export type RangeKey = (typeof RANGES)[number]['key'];

export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  /** Years only, or year and month when the range is short. */
  tickFormat: (time: number) => string;
}

function earliestDate(page: PatientPage): string | null {
  const { records, patient } = page;
  const dates = [
    patient.firstAttackDate,
    patient.diagnosisDate,
    ...records.edss.map((r) => r.date),
    ...records.relapses.map((r) => r.onsetDate),
    ...records.therapies.map((r) => r.startDate),
    ...records.antibodies.map((r) => r.date),
    ...records.mri.map((r) => r.date),
    ...records.visualExams.map((r) => r.date),
    ...records.labs.map((r) => r.date),
  ].filter((date): date is string => typeof date === 'string');
  return dates.sort()[0] ?? null;
}

/** How far ahead of today the axis reaches to show booked doses and a pregnancy's due date. */
const FUTURE_SHOWN_DAYS = 366;

/**
 * The last date the course should show: today, or a booked dose or an ongoing pregnancy's due date
 * up to a year ahead (they are what the clinic plans next).
 */
function latestShownDate(page: PatientPage): string {
  const horizon = dateOf(toTime(page.asOf) + FUTURE_SHOWN_DAYS * DAY);
  const ahead = [
    ...page.records.therapies.flatMap((t) => t.administrations.filter((a) => a.planned).map((a) => a.date)),
    ...(page.records.pregnancies ?? []).flatMap((p) => (p.endDate ? [] : p.expectedEndDate ? [p.expectedEndDate] : [])),
  ].filter((date) => date > page.asOf && date <= horizon);
  return ahead.sort().at(-1) ?? page.asOf;
}

/** The time window every chart of the page shares: it ends today (or at what is booked ahead) and starts at the range's start. */
export function timeAxis(page: PatientPage, range: RangeKey): TimeAxis {
  const end = toTime(latestShownDate(page)) + 30 * DAY;
  const years = RANGES.find((r) => r.key === range)?.years ?? null;
  const asOf = new Date(toTime(page.asOf));
  let start: number;
  if (years !== null) start = Date.UTC(asOf.getUTCFullYear() - years, asOf.getUTCMonth(), asOf.getUTCDate());
  else {
    const first = earliestDate(page);
    start = first ? toTime(first) - 60 * DAY : Date.UTC(asOf.getUTCFullYear() - 1, asOf.getUTCMonth(), 1);
  }
  const spanYears = (end - start) / (365.25 * DAY);
  const everyYears = spanYears > 24 ? 4 : spanYears > 12 ? 2 : 1;
  const ticks: number[] = [];
  for (let year = new Date(start).getUTCFullYear(); year <= new Date(end).getUTCFullYear(); year++) {
    const months =
      spanYears <= 1.2
        ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        : spanYears <= 3
          ? [0, 3, 6, 9]
          : year % everyYears === 0
            ? [0]
            : [];
    for (const month of months) {
      const tick = Date.UTC(year, month, 1);
      if (tick >= start && tick <= end) ticks.push(tick);
    }
  }
  const tickFormat = (time: number) => (spanYears <= 3 ? formatMonth(dateOf(time)) : dateOf(time).slice(0, 4));
  return { domain: [start, end], ticks, tickFormat };
}

export function edssSeries(edss: Records['edss']) {
  return edss.map((r) => ({ t: toTime(r.date), date: r.date, score: r.score })).sort((a, b) => a.t - b.t);
}

/** Where attack markers sit: just above EDSS 10, so they never hide the line. */
export const ATTACK_MARKER_Y = 10.4;

export interface AttackMarker {
  t: number;
  y: number;
  onsetDate: string;
  phenotype: string;
  severity: string;
  treatments: { type: string; startDate: string; delayDays: number }[];
  /**
   * Days from onset to the first acute treatment that counts (IVMP or PLEX, as the rules count it by
   * default; an oral taper or IVIG alone does not); null when none is recorded.
   */
  firstTreatmentDelay: number | null;
}

export function attackMarkers(relapses: Records['relapses']): AttackMarker[] {
  return relapses.map((relapse) => {
    const treatments = relapse.acuteTreatments
      .map((t) => ({ type: t.type, startDate: t.startDate, delayDays: daysBetween(relapse.onsetDate, t.startDate) }))
      .sort((a, b) => a.delayDays - b.delayDays);
    return {
      t: toTime(relapse.onsetDate),
      y: ATTACK_MARKER_Y,
      onsetDate: relapse.onsetDate,
      phenotype: relapse.phenotype,
      severity: relapse.severity,
      treatments,
      firstTreatmentDelay: treatments.find((t) => t.type === 'ivmp' || t.type === 'plex')?.delayDays ?? null,
    };
  });
}

export interface TherapyBand {
  agent: string;
  x1: number;
  x2: number;
  startDate: string;
  stopDate: string | null;
  /** Row of its label: overlapping therapies get different rows so both stay readable. */
  lane: number;
}

/** Where the bands are drawn: the axis' span, and how much time one pixel and each band's label cover. */
export interface BandView {
  domain: [number, number];
  msPerPixel: number;
  labelPixels: (agent: string) => number;
}

/**
 * One band per therapy course, ongoing ones up to today, cut to the axis when a view is given (so a
 * course begun before the chosen period still shows its label at the left edge). A label may be wider
 * than a short course: a lane stays taken until both the band and its label end, so overlapping
 * courses, and a course that follows a short one, get their own lane and no two labels overlap.
 */
export function therapyBands(therapies: Records['therapies'], asOf: string, view?: BandView): TherapyBand[] {
  const laneEnds: number[] = [];
  return [...therapies]
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    .flatMap((therapy) => {
      let x1 = toTime(therapy.startDate);
      let x2 = toTime(therapy.stopDate ?? asOf);
      if (view) {
        if (x2 < view.domain[0] || x1 > view.domain[1]) return [];
        x1 = Math.max(x1, view.domain[0]);
        x2 = Math.min(x2, view.domain[1]);
      }
      const labelEnd = view ? x1 + view.labelPixels(therapy.agent) * view.msPerPixel : x1;
      let lane = laneEnds.findIndex((end) => end <= x1);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = Math.max(x2, labelEnd);
      return [{ agent: therapy.agent, x1, x2, startDate: therapy.startDate, stopDate: therapy.stopDate ?? null, lane }];
    });
}

export interface DoseMarker {
  t: number;
  y: number;
  agent: string;
  date: string;
  doseMg: number | null;
  /** A booked dose not given yet: drawn hollow. */
  planned: boolean;
}

/** Where dose markers sit: along the foot of the EDSS chart, inside the therapy bands. */
export const DOSE_MARKER_Y = 0.35;

/** Every recorded dose of every therapy, given (filled) or booked (hollow), by date. */
export function doseMarkers(therapies: Records['therapies']): DoseMarker[] {
  return therapies
    .flatMap((therapy) =>
      therapy.administrations.map((a) => ({
        t: toTime(a.date),
        y: DOSE_MARKER_Y,
        agent: therapy.agent,
        date: a.date,
        doseMg: a.doseMg ?? null,
        planned: a.planned === true,
      })),
    )
    .sort((a, b) => a.t - b.t);
}

export interface PregnancyBand {
  x1: number;
  x2: number;
  startDate: string;
  /** The actual end, else the due date (ongoing), else 280 days from the start. */
  endDate: string;
  ongoing: boolean;
  outcome: string | null;
  /** The postpartum high-risk window after a pregnancy that ended, when the clinic sets one. */
  postpartum: { x1: number; x2: number; until: string } | null;
}

/**
 * One band per pregnancy over its span as the rules read it (the actual end, else the due date, else
 * the clinic's usual duration: `pregnancySpan`), and after each one that ended its postpartum window.
 */
export function pregnancyBands(
  pregnancies: Records['pregnancies'] | undefined,
  durationDays: number,
  postpartumDays: number | null,
): PregnancyBand[] {
  return (pregnancies ?? []).map((pregnancy) => {
    const { end: endDate, basis } = pregnancySpan({ ...pregnancy, type: 'pregnancy' }, durationDays);
    const ended = basis === 'recorded';
    const until = ended && postpartumDays ? dateOf(toTime(endDate) + postpartumDays * DAY) : null;
    return {
      x1: toTime(pregnancy.startDate),
      x2: toTime(endDate),
      startDate: pregnancy.startDate,
      endDate,
      ongoing: !ended,
      outcome: pregnancy.outcome ?? null,
      postpartum: until ? { x1: toTime(endDate), x2: toTime(until), until } : null,
    };
  });
}

/** Titers by date; a negative result is drawn at 1 (below any positive titer) on the log scale. */
export function antibodySeries(antibodies: Records['antibodies'], target: 'AQP4' | 'MOG') {
  return antibodies
    .filter((r) => r.antibody === target && (r.titer !== undefined || r.result === 'negative'))
    .map((r) => ({
      t: toTime(r.date),
      date: r.date,
      titer: r.result === 'negative' ? 1 : (r.titer as number),
      result: r.result,
      assay: r.assay,
    }))
    .sort((a, b) => a.t - b.t);
}

/** One point per exam date with each eye's value: `{ t, OD, OS }`. */
export function perEyeSeries(exams: Records['visualExams'], field: 'logmar' | 'rnflMicrons') {
  const byDate = new Map<string, { t: number; date: string; OD?: number; OS?: number }>();
  for (const exam of exams) {
    const value = exam[field];
    if (value === undefined) continue;
    const point = byDate.get(exam.date) ?? { t: toTime(exam.date), date: exam.date };
    point[exam.eye] = value;
    byDate.set(exam.date, point);
  }
  return [...byDate.values()].sort((a, b) => a.t - b.t);
}

export const MRI_ROWS = MRI_REGIONS;

export function mriPoints(mri: Records['mri']) {
  return mri.map((exam) => ({
    t: toTime(exam.date),
    row: MRI_ROWS.indexOf(exam.region),
    date: exam.date,
    region: exam.region,
    newT2Lesions: exam.newT2Lesions ?? null,
    gadolinium: exam.gadolinium ?? null,
    extensiveSegments: exam.extensiveSegments ?? null,
    /** Longitudinally extensive: 3 or more vertebral segments. */
    extensive: (exam.extensiveSegments ?? 0) >= 3,
  }));
}

export function labSeries(labs: Records['labs'], test: 'cd19_percent' | 'cd27_memory_b_percent' | 'igg') {
  return labs
    .filter((lab) => lab.test === test && lab.value !== undefined)
    .map((lab) => {
      const value = test === 'igg' ? iggInMgDl(lab.value as number, lab.unit) : (lab.value as number);
      return { t: toTime(lab.date), date: lab.date, value };
    })
    .filter((point): point is { t: number; date: string; value: number } => point.value !== null)
    .sort((a, b) => a.t - b.t);
}

/** A marker of one event on the course: an acute treatment or a vaccination. */
export interface EventMarker {
  t: number;
  y: number;
  kind: 'acute' | 'vaccination';
  code: string;
  date: string;
  /** What the marker says on hover and to a screen reader. */
  description: string;
}

/** Acute treatments sit just under the attack they treated; vaccinations near the foot of the chart. */
export const ACUTE_MARKER_Y = 9.8;
export const VACCINATION_MARKER_Y = 1;

export function acuteTreatmentMarkers(relapses: Records['relapses'], label: (type: string) => string): EventMarker[] {
  return relapses.flatMap((relapse) =>
    relapse.acuteTreatments.map((treatment) => ({
      t: toTime(treatment.startDate),
      y: ACUTE_MARKER_Y,
      kind: 'acute' as const,
      code: treatment.type,
      date: treatment.startDate,
      description: `${label(treatment.type)} from ${treatment.startDate} (day ${daysBetween(relapse.onsetDate, treatment.startDate)} of the attack of ${relapse.onsetDate})${treatment.sessions ? `, ${treatment.sessions} sessions` : ''}${treatment.days ? `, ${treatment.days} days` : ''}`,
    })),
  );
}

export function vaccinationMarkers(
  vaccinations: Records['vaccinations'],
  label: (vaccine: string) => string,
): EventMarker[] {
  return vaccinations.map((vaccination) => ({
    t: toTime(vaccination.date),
    y: VACCINATION_MARKER_Y,
    kind: 'vaccination' as const,
    code: vaccination.vaccine,
    date: vaccination.date,
    description: `${label(vaccination.vaccine)} vaccination on ${vaccination.date}`,
  }));
}
