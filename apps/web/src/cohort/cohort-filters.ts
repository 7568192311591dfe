import type { OverviewInput } from '../api-types.ts';

/** The filter inputs as typed (text), before they become the API's filter object. */
export interface FilterValues {
  search: string;
  flagCode: string;
  severity: string;
  aqp4Status: string;
  mogStatus: string;
  /** Working diagnosis (clinicians only). */
  workingDiagnosis: string;
  therapy: string;
  edssMin: string;
  edssMax: string;
  lastVisitFrom: string;
  lastVisitTo: string;
}

export const NO_FILTERS: FilterValues = {
  search: '',
  flagCode: '',
  severity: '',
  aqp4Status: '',
  mogStatus: '',
  workingDiagnosis: '',
  therapy: '',
  edssMin: '',
  edssMax: '',
  lastVisitFrom: '',
  lastVisitTo: '',
};

const numberOrText = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : text);

/** The API's filters; empty inputs filter nothing. Bad numbers go as typed for the server to name. */
export function filtersOf(values: FilterValues): Omit<OverviewInput, 'sort' | 'limit' | 'cursor'> {
  const filters: Record<string, unknown> = {};
  if (values.search.trim()) filters.search = values.search.trim();
  if (values.flagCode) filters.flagCodes = [values.flagCode];
  if (values.severity) filters.severity = values.severity;
  if (values.aqp4Status) filters.aqp4Status = [values.aqp4Status];
  if (values.mogStatus) filters.mogStatus = [values.mogStatus];
  if (values.workingDiagnosis) filters.workingDiagnosis = [values.workingDiagnosis];
  if (values.therapy) filters.currentTherapies = [values.therapy];
  if (values.edssMin.trim()) filters.edssMin = numberOrText(values.edssMin.trim());
  if (values.edssMax.trim()) filters.edssMax = numberOrText(values.edssMax.trim());
  if (values.lastVisitFrom) filters.lastVisitFrom = values.lastVisitFrom;
  if (values.lastVisitTo) filters.lastVisitTo = values.lastVisitTo;
  return filters as Omit<OverviewInput, 'sort' | 'limit' | 'cursor'>;
}

/** Statistics take the same filters but no word search (they show no identities to search). */
export function statsFiltersOf(values: FilterValues) {
  const { search: _search, ...rest } = filtersOf(values);
  return rest;
}

/** The filters a researcher may use: serostatus and current therapy (the server refuses the others). */
export const RESEARCH_FILTER_FIELDS = ['aqp4Status', 'mogStatus', 'therapy'] as const satisfies (keyof FilterValues)[];

export function researchFiltersOf(values: FilterValues) {
  const { aqp4Status, mogStatus, currentTherapies } = statsFiltersOf(values);
  return {
    ...(aqp4Status ? { aqp4Status } : {}),
    ...(mogStatus ? { mogStatus } : {}),
    ...(currentTherapies ? { currentTherapies } : {}),
  };
}
