import { useState } from 'react';
import { CohortFilters } from '../cohort/CohortFilters.tsx';
import { NO_FILTERS, researchFiltersOf } from '../cohort/cohort-filters.ts';
import { OutcomeStatistics } from './OutcomeStatistics.tsx';

/**
 * The clinicians' outcome statistics (exact figures), with the same filters a researcher has on the
 * statistics page (serostatus and current therapy), so both roles read the same figures.
 */
export default function OutcomesPage() {
  const [filters, setFilters] = useState(NO_FILTERS);
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
      <OutcomeStatistics filters={researchFiltersOf(filters)} />
    </section>
  );
}
