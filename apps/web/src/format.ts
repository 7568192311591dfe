import {
  type AcuteTreatmentType,
  agentName,
  type FlagCode,
  phenotypeLabel,
  type RelapsePhenotype,
  type TherapyAgent,
  treatmentLabel,
} from '@nmo/domain/vocabulary';

/** Enumeration codes shown as words: "transverse_myelitis" → "transverse myelitis". */
export const words = (code: string) => code.replaceAll('_', ' ');

export const agentText = (agent: string) => agentName(agent as TherapyAgent) ?? words(agent);
export const phenotypeText = (phenotype: string) => phenotypeLabel(phenotype as RelapsePhenotype) ?? words(phenotype);
export const treatmentText = (type: string) => treatmentLabel(type as AcuteTreatmentType) ?? words(type);

/** Flag codes as a short title, for chips and group headings. */
const ACRONYMS: Record<string, string> = {
  EDSS: 'EDSS',
  MRI: 'MRI',
  PLEX: 'PLEX',
  AQP4: 'AQP4',
  IVMP: 'IVMP',
  IGG: 'IgG',
  HBV: 'HBV',
  TB: 'TB',
  AHSCT: 'AHSCT',
  MS: 'MS',
};
export const flagTitle = (code: FlagCode | string) => {
  const text = code
    .split('_')
    .map((word) => ACRONYMS[word] ?? word.toLowerCase())
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** "1 attack", "2 attacks". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const LAB_TEST_TEXT: Record<string, string> = {
  cd19_percent: 'CD19+ B cells (% of lymphocytes)',
  // The unit is shown beside the value (it may be cells/µL, ×10⁶/L or ×10⁹/L: lab-units.ts).
  cd19_absolute: 'CD19+ B cells (absolute count)',
  cd27_memory_b_percent: 'CD19+CD27+ memory B cells (% of lymphocytes)',
  igg: 'IgG',
  hbsag: 'HBsAg',
  anti_hbc: 'Anti-HBc',
  tpmt: 'TPMT',
  wbc: 'White cells',
  lymphocytes_absolute: 'Lymphocytes',
  neutrophils_absolute: 'Neutrophils',
  hemoglobin: 'Haemoglobin',
  platelets: 'Platelets',
  alt: 'ALT',
  ast: 'AST',
  bilirubin: 'Bilirubin',
  tb_igra: 'TB IGRA',
  tb_skin_test: 'Tuberculin skin test',
};
export const labTestText = (test: string) => LAB_TEST_TEXT[test] ?? words(test);

export const formatNumber = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? '–' : String(Number(value.toFixed(digits)));

/** Each item with a React key from `key`, repeats numbered ("a", "a#2"), so no two are the same. */
export function withKeys<T>(items: readonly T[], key: (item: T) => string): { item: T; key: string }[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = key(item);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { item, key: n === 1 ? base : `${base}#${n}` };
  });
}

const VACCINE_TEXT: Record<string, string> = {
  menacwy: 'MenACWY',
  menb: 'MenB',
  menabcwy: 'MenABCWY',
  hepatitis_b: 'hepatitis B',
  covid19: 'COVID-19',
  varicella_zoster: 'varicella zoster',
};
/** "MenACWY", "influenza": a vaccine as clinicians write it. */
export const vaccineText = (vaccine: string) => VACCINE_TEXT[vaccine] ?? words(vaccine).toLowerCase();
/**
 * The clinic's date locale (settings.display): one format for every date a user reads ("3 Feb 2024":
 * the month as a word cannot be misread as day/month). Inputs and exports keep ISO (YYYY-MM-DD).
 * Set once when the signed-in shell has read the setting, before any page renders.
 */
let clinicDateLocale = 'en-GB';
export const setClinicDateLocale = (locale: string) => {
  clinicDateLocale = locale;
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormat = (locale: string, withTime: boolean) => {
  const key = `${locale}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      // A calendar date is read in UTC so it never drifts a day in the browser's zone.
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : { timeZone: 'UTC' }),
    });
    dateFormats.set(key, format);
  }
  return format;
};

/**
 * Dates already written out. A 20-year record shows each date several times (list, charts, tooltips),
 * and Intl's formatting was a measurable part of drawing the patient page; a few thousand distinct
 * dates are plenty, and the cache starts again past that.
 */
const formattedDates = new Map<string, string>();
const FORMATTED_DATES_KEPT = 5000;

/** A calendar date (YYYY-MM-DD) as the clinic reads it: "2024-02-03" → "3 Feb 2024"; null → "–". */
export function formatDate(date: string | null | undefined, locale = clinicDateLocale): string {
  if (!date) return '–';
  const key = `${locale}|${date}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    if (!match) return date;
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    text = dateFormat(locale, false).format(new Date(Date.UTC(year, month - 1, day)));
    if (formattedDates.size >= FORMATTED_DATES_KEPT) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}

/** A moment (an audit entry, a sign-in) in the browser's zone: "3 Feb 2024, 14:05". */
export function formatDateTime(moment: string | Date | null | undefined, locale = clinicDateLocale): string {
  if (!moment) return '–';
  return dateFormat(locale, true).format(new Date(moment));
}

/**
 * A sentence from the server (a flag's message, a resolution) with its ISO dates in the clinic's
 * format, so the page reads one date format throughout; exports keep the server's ISO text.
 */
export const datesInText = (text: string, locale = clinicDateLocale) =>
  text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => formatDate(date, locale));

/** A month on a time axis in the clinic's locale: "Jan 2025" (en-GB), never the ISO "2025-01". */
export function formatMonth(date: string, locale = clinicDateLocale): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}
