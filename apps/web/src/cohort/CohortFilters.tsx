import {
  DIAGNOSES,
  DIAGNOSIS_LABELS,
  type Diagnosis,
  FLAG_CODES,
  SEROSTATUSES,
  SEVERITIES,
  THERAPY_AGENTS,
} from '@nmo/domain/vocabulary';
import { agentText, flagTitle } from '../format.ts';
import { type FilterValues, RESEARCH_FILTER_FIELDS } from './cohort-filters.ts';

const OPTIONS: Record<
  string,
  { label: string; options: readonly string[]; text?: (v: string) => string; any: string }
> = {
  flagCode: { label: 'Flag', options: FLAG_CODES, text: flagTitle, any: 'any flag or none' },
  severity: { label: 'Severity at least', options: SEVERITIES, any: 'any' },
  aqp4Status: { label: 'AQP4-IgG', options: SEROSTATUSES, any: 'any' },
  mogStatus: { label: 'MOG-IgG', options: SEROSTATUSES, any: 'any' },
  workingDiagnosis: {
    label: 'Diagnosis',
    options: DIAGNOSES,
    text: (v) => DIAGNOSIS_LABELS[v as Diagnosis] ?? v,
    any: 'any',
  },
  therapy: {
    label: 'Current therapy',
    options: ['none', ...THERAPY_AGENTS],
    text: (v) => (v === 'none' ? 'no maintenance therapy' : agentText(v)),
    any: 'any',
  },
};

/** The overview's filters; `errors` are the server's field errors by filter name. */
export function CohortFilters({
  values,
  onChange,
  onClear,
  errors,
  withSearch = true,
  research = false,
}: {
  /** Statistics have no word search: they show no identities. */
  withSearch?: boolean;
  /** A researcher's filters: serostatus and current therapy only (docs/SECURITY.md). */
  research?: boolean;
  values: FilterValues;
  onChange: (values: FilterValues) => void;
  onClear: () => void;
  errors: Record<string, string>;
}) {
  const set = (name: keyof FilterValues, value: string) => onChange({ ...values, [name]: value });
  const text = (name: keyof FilterValues, label: string, type = 'text', errorKey: string = name) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        type={type}
        inputMode={name.startsWith('edss') ? 'decimal' : undefined}
        value={values[name]}
        onChange={(event) => set(name, event.target.value)}
        aria-invalid={errors[errorKey] ? true : undefined}
        aria-describedby={errors[errorKey] ? `filter-${name}-error` : undefined}
        className={name.startsWith('edss') ? 'narrow' : undefined}
      />
      {errors[errorKey] && (
        <span id={`filter-${name}-error`} className="field-error">
          {errors[errorKey]}
        </span>
      )}
    </div>
  );
  return (
    <form className="filters" aria-label="Cohort filters" onSubmit={(event) => event.preventDefault()}>
      {withSearch && !research && (
        <div className="field search">
          <label htmlFor="filter-search">Search name or MRN</label>
          <input
            id="filter-search"
            type="search"
            placeholder="e.g. Nakamura, Haruka or A-00"
            value={values.search}
            onChange={(event) => set('search', event.target.value)}
          />
        </div>
      )}
      {Object.entries(OPTIONS)
        .filter(([name]) => !research || (RESEARCH_FILTER_FIELDS as readonly string[]).includes(name))
        .map(([name, option]) => (
          <div className="field" key={name}>
            <label htmlFor={`filter-${name}`}>{option.label}</label>
            <select
              id={`filter-${name}`}
              value={values[name as keyof FilterValues]}
              onChange={(event) => set(name as keyof FilterValues, event.target.value)}
            >
              <option value="">{option.any}</option>
              {option.options.map((value) => (
                <option key={value} value={value}>
                  {option.text ? option.text(value) : value.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </div>
        ))}
      {!research && (
        <>
          {text('edssMin', 'EDSS from')}
          {text('edssMax', 'EDSS to')}
          {text('lastVisitFrom', 'Last visit from', 'date')}
          {text('lastVisitTo', 'Last visit to', 'date')}
        </>
      )}
      <button type="button" onClick={onClear} className="clear">
        Clear filters
      </button>
    </form>
  );
}
