import type { DbClient } from '@nmo/db';
import {
  type CareQualityYear,
  type DaysMedian,
  type Indicator,
  isSmallCount,
  type PatientCareQuality,
  type PublishedCount,
  patientCareQuality,
  publishCount,
  publishSummary,
  type RuleSettings,
  ruleContext,
  summarizeCareQuality,
  todayInClinic,
} from '@nmo/domain';
import { loadPatientTimelines } from '@nmo/storage';
import { researchPatientIds } from './research-scope.ts';

/** The indicators a figure can be opened on (the medians list every patient who had the treatment). */
export const CARE_QUALITY_INDICATORS = [
  'treatedWithinDays',
  'severeWithPlex',
  'vaccinatedOnTime',
  'monitoringUpToDate',
  'onsetToIvmpDays',
  'onsetToPlexDays',
] as const;
export type CareQualityIndicator = (typeof CARE_QUALITY_INDICATORS)[number];

const PAGE = 500;

/** Every patient's care-quality facts (or those of `ids`), read a page of timelines at a time. */
async function cohortFacts(db: DbClient, settings: RuleSettings, ids?: string[]) {
  const asOf = todayInClinic();
  const facts: { patientId: string; facts: PatientCareQuality }[] = [];
  const add = (page: Awaited<ReturnType<typeof loadPatientTimelines>>) => {
    for (const { id, timeline } of page)
      facts.push({ patientId: id, facts: patientCareQuality(ruleContext(timeline, asOf, settings)) });
  };
  if (ids) {
    for (let start = 0; start < ids.length; start += PAGE)
      add(await loadPatientTimelines(db, { ids: ids.slice(start, start + PAGE) }));
    return facts;
  }
  let afterMrn: string | undefined;
  for (;;) {
    const page = await loadPatientTimelines(db, { afterMrn, take: PAGE });
    add(page);
    if (page.length < PAGE) return facts;
    afterMrn = page.at(-1)?.timeline.mrn;
  }
}

/** The cohort's indicators per year, with exact counts and the patients behind them (clinicians). */
export async function careQualityYears(db: DbClient, settings: RuleSettings): Promise<CareQualityYear[]> {
  return summarizeCareQuality(await cohortFacts(db, settings), settings.acute.delayedAfterDays);
}

interface PublishedIndicator {
  cases: PublishedCount;
  /** Null when it, or the cases that missed, number 1 to threshold−1. */
  met: PublishedCount | null;
  share: number | null;
}

/**
 * An indicator as a researcher may see it: cases under the threshold as "<k", the met count and
 * share only when neither the met nor the missed cases are a small cell (else the one would give
 * the other away by subtraction).
 */
function publishIndicator(indicator: Indicator, threshold: number): PublishedIndicator {
  const small = isSmallCount(indicator.met, threshold) || isSmallCount(indicator.cases - indicator.met, threshold);
  const hidden = small || indicator.cases < threshold;
  return {
    cases: publishCount(indicator.cases, threshold),
    met: hidden ? null : indicator.met,
    share: hidden || indicator.share === null ? null : Math.round(indicator.share * 1000) / 1000,
  };
}

const publishMedian = (median: DaysMedian, threshold: number) => ({
  cases: publishCount(median.cases, threshold),
  median: publishSummary(median.median, median.cases, threshold, 1),
});

/**
 * The indicators for researchers: counts only, over the research population (groups of at least
 * the threshold, cohort/research-scope.ts), small cells suppressed; no patients.
 */
export async function researchCareQualityYears(db: DbClient, settings: RuleSettings) {
  const threshold = settings.research.smallCellThreshold;
  const ids = await researchPatientIds(db, {}, threshold);
  const years = summarizeCareQuality(await cohortFacts(db, settings, ids), settings.acute.delayedAfterDays);
  return years.map((year) => ({
    year: year.year,
    attacks: publishCount(year.attacks, threshold),
    treatedWithinDays: publishIndicator(year.treatedWithinDays, threshold),
    onsetToIvmpDays: publishMedian(year.onsetToIvmpDays, threshold),
    onsetToPlexDays: publishMedian(year.onsetToPlexDays, threshold),
    severeWithPlex: publishIndicator(year.severeWithPlex, threshold),
    vaccinatedOnTime: publishIndicator(year.vaccinatedOnTime, threshold),
    monitoringUpToDate: publishIndicator(year.monitoringUpToDate, threshold),
  }));
}

/** The patients behind one figure of one year: those who met it, or missed it (clinicians). */
export function patientsBehind(
  years: CareQualityYear[],
  query: { year: number; indicator: CareQualityIndicator; met?: boolean | undefined },
): string[] {
  const year = years.find((y) => y.year === query.year);
  if (!year) return [];
  const figure = year[query.indicator];
  if ('patients' in figure) return figure.patients;
  if (query.met === undefined) return [...new Set([...figure.metBy, ...figure.missedBy])].sort();
  return query.met ? figure.metBy : figure.missedBy;
}
