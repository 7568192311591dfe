import { useState } from 'react';
import { CohortFilters } from '../cohort/CohortFilters.tsx';
import { NO_FILTERS, researchFiltersOf } from '../cohort/cohort-filters.ts';
import { OutcomeStatistics } from './OutcomeStatistics.tsx';

/**
 * Onset-of-effect windows a clinician can leave out of each episode (days): none (the default), or
 * about one, three or six months, for agents that act late (docs/decisions/0023-outcome-statistics.md).
 */
const LAG_CHOICES = [0, 30, 90, 180] as const;

/**
 * The clinicians' outcome statistics (exact figures), with the same filters a researcher has on the
 * statistics page (serostatus and current therapy), so both roles read the same figures.
 */
export default function OutcomesPage() {
  const [filters, setFilters] = useState(NO_FILTERS);
  const [lagDays, setLagDays] = useState<number>(0);
  return (
    <section>
      <h1>Outcome statistics</h1>
      <CohortFilters
        values={filters}
        onChange={setFilters}
        onClear={() => setFilters(NO_FILTERS)}
        errors={{}}
        withSearch={false}
        research
      />
      <div className="field">
        <label htmlFor="outcome-lag">Leave out of each therapy episode</label>
        <select id="outcome-lag" value={lagDays} onChange={(event) => setLagDays(Number(event.target.value))}>
          {LAG_CHOICES.map((days) => (
            <option key={days} value={days}>
              {days === 0 ? 'nothing (from the start day)' : `the first ${days} days`}
            </option>
          ))}
        </select>
      </div>
      <OutcomeStatistics filters={{ ...researchFiltersOf(filters), ...(lagDays > 0 ? { lagDays } : {}) }} />
    </section>
  );
}
