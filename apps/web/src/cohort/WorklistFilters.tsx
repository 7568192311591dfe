import { type FlagCode, type Severity, THERAPY_AGENTS, type TherapyAgent } from '@nmo/domain';
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
      <div className="field">
        <label htmlFor="worklist-flag">Flag</label>
        <select
          id="worklist-flag"
          value={values.flagCode}
          onChange={(event) => onChange({ ...values, flagCode: event.target.value as FlagCode | '' })}
        >
          <option value="">
            all flags{n(counts ? Object.values(counts.byCode).reduce((a, b) => a + b, 0) : undefined)}
          </option>
          {codeOptions(counts?.byCode).map(({ code, label }) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="worklist-severity">Severity</label>
        <select
          id="worklist-severity"
          value={values.severity}
          onChange={(event) => onChange({ ...values, severity: event.target.value as Severity | '' })}
        >
          <option value="">any severity{n(anySeverity)}</option>
          <option value="critical">critical{n(severity?.critical)}</option>
          <option value="warning">
            warning or critical{n(severity ? severity.critical + severity.warning : undefined)}
          </option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="worklist-therapy">Current therapy</label>
        <select
          id="worklist-therapy"
          value={values.therapy}
          onChange={(event) => onChange({ ...values, therapy: event.target.value as TherapyAgent | 'none' | '' })}
        >
          <option value="">any</option>
          <option value="none">no maintenance therapy</option>
          {THERAPY_AGENTS.map((agent) => (
            <option key={agent} value={agent}>
              {agentText(agent)}
            </option>
          ))}
        </select>
      </div>
      {(values.flagCode || values.severity || values.therapy) && (
        <button type="button" className="clear" onClick={() => onChange({ flagCode: '', severity: '', therapy: '' })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
