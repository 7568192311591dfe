import { type FlagCode, type Severity, THERAPY_AGENTS, type TherapyAgent } from '@nmo/domain/vocabulary';
import type { ReactNode } from 'react';
import { agentText } from '../format.ts';
import { codeOptions, type WorklistCounts, type WorklistFilterValues } from './worklist-view.ts';

/**
 * The worklist's filters: flag (with how many open flags each code has over the whole cohort),
 * severity (at least), current therapy. Counts come from the API's `counts` (each leaves its own
 * filter out), so every choice says what it would list.
 */
export function WorklistFilters({
  values,
  counts,
  onChange,
}: {
  values: WorklistFilterValues;
  counts: WorklistCounts | undefined;
  onChange: (values: WorklistFilterValues) => void;
}) {
  const severity = counts?.bySeverity;
  const n = (count: number | undefined) => (count === undefined ? '' : ` (${count})`);
  const anySeverity = severity ? severity.critical + severity.warning + severity.info : undefined;
  return (
    <form className="filters worklist-filters" aria-label="Worklist filters" onSubmit={(e) => e.preventDefault()}>
      <FilterSelect
        id="worklist-flag"
        label="Flag"
        value={values.flagCode}
        onChange={(value) => onChange({ ...values, flagCode: value as FlagCode | '' })}
      >
        <option value="">
          all flags{n(counts ? Object.values(counts.byCode).reduce((a, b) => a + b, 0) : undefined)}
        </option>
        {codeOptions(counts?.byCode).map(({ code, label }) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id="worklist-severity"
        label="Severity"
        value={values.severity}
        onChange={(value) => onChange({ ...values, severity: value as Severity | '' })}
      >
        <option value="">any severity{n(anySeverity)}</option>
        <option value="critical">critical{n(severity?.critical)}</option>
        <option value="warning">
          warning or critical{n(severity ? severity.critical + severity.warning : undefined)}
        </option>
      </FilterSelect>
      <FilterSelect
        id="worklist-therapy"
        label="Current therapy"
        value={values.therapy}
        onChange={(value) => onChange({ ...values, therapy: value as TherapyAgent | 'none' | '' })}
      >
        <option value="">any</option>
        <option value="none">no maintenance therapy</option>
        {THERAPY_AGENTS.map((agent) => (
          <option key={agent} value={agent}>
            {agentText(agent)}
          </option>
        ))}
      </FilterSelect>
      {(values.flagCode || values.severity || values.therapy) && (
        <button type="button" className="clear" onClick={() => onChange({ flagCode: '', severity: '', therapy: '' })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/** A labelled select of the worklist filters. */
function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}
