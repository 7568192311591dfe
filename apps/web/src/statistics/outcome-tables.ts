import type { Outputs } from '../api-types.ts';
import { agentText } from '../format.ts';

/**
 * The numbers behind each outcome chart, as table rows: the same rows show under "Show numbers" and
 * go into the CSV download, so what is seen and what is downloaded never differ.
 */
export type CohortOutcomes = Outputs['cohort']['outcomes'];
export type Cell = string | number | null;
export interface NumbersTable {
  /** File name of the CSV (without extension). */
  name: string;
  /** The table's caption. */
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** Days in a year, as the statistics count follow-up (365.25). */
export const DAYS_PER_YEAR = 365.25;
const years = (day: number) => Math.round((day / DAYS_PER_YEAR) * 100) / 100;
const rounded = (value: number | null, digits = 3) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export function arrTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'arr-by-agent',
    title: 'ARR per maintenance therapy',
    columns: ['Agent', 'Patients', 'Episodes', 'Attacks', 'Exposure (years)', 'ARR', '95% CI lower', '95% CI upper'],
    rows: data.arrByAgent.map((row) => [
      agentText(row.agent),
      row.patients,
      row.episodes,
      row.attacks,
      rounded(row.exposureYears, 2),
      rounded(row.rate),
      rounded(row.lower),
      rounded(row.upper),
    ]),
  };
}

type Curve = CohortOutcomes['worsening'];

function curveRows(curve: Curve, label: Cell[]): Cell[][] {
  return curve.points.map((p) => [...label, p.day, years(p.day), rounded(p.value), rounded(p.lower), rounded(p.upper)]);
}

export function relapseCurveTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'time-to-first-relapse',
    title: 'Time to first relapse (Kaplan–Meier)',
    columns: ['Agent', 'Day', 'Years', 'Relapse-free (KM)', '95% CI lower', '95% CI upper'],
    rows: data.timeToFirstRelapse.flatMap((curve) => curveRows(curve, [agentText(curve.agent)])),
  };
}

export function relapseRiskTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'time-to-first-relapse-at-risk',
    title: 'Time to first relapse: number at risk',
    columns: ['Agent', 'Day', 'Years', 'At risk', 'Relapses so far'],
    rows: data.timeToFirstRelapse.flatMap((curve) =>
      curve.riskTable.map((row) => [agentText(curve.agent), row.day, years(row.day), row.atRisk, row.eventsSoFar]),
    ),
  };
}

export function worseningTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'confirmed-edss-worsening',
    title: 'Confirmed EDSS worsening (1 − Kaplan–Meier)',
    columns: ['Day', 'Years', 'Cumulative incidence', '95% CI lower', '95% CI upper'],
    rows: curveRows(data.worsening, []),
  };
}

export function worseningRiskTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'confirmed-edss-worsening-at-risk',
    title: 'Confirmed EDSS worsening: number at risk',
    columns: ['Day', 'Years', 'At risk', 'Worsened so far'],
    rows: data.worsening.riskTable.map((row) => [row.day, years(row.day), row.atRisk, row.eventsSoFar]),
  };
}

export function edssTable(data: CohortOutcomes): NumbersTable {
  return {
    name: 'edss-by-disease-duration',
    title: 'EDSS by years since the first attack',
    columns: ['Years since first attack', 'Patients', 'Median EDSS', 'Q1', 'Q3'],
    rows: data.edssByDiseaseYear.map((row) => [
      `${row.year}–${row.year + 1}`,
      row.patients,
      row.median,
      row.q1,
      row.q3,
    ]),
  };
}

/** A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; empty for no value. */
const csvCell = (cell: Cell) => {
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The table as CSV text, header first, CRLF line ends (RFC 4180). */
export const toCsv = (table: NumbersTable): string =>
  [table.columns, ...table.rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
