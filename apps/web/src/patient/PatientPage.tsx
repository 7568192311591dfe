import { useQuery } from '@tanstack/react-query';
import type { PatientPage } from '../api-types.ts';
import { useChartPeriod } from '../layout/patient-view.ts';
import { useTRPC } from '../trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { AntibodyChart } from './charts/AntibodyChart.tsx';
import { RANGES, timeAxis } from './charts/chart-data.ts';
import { EdssChart } from './charts/EdssChart.tsx';
import { LabCharts } from './charts/LabCharts.tsx';
import { MriTimeline } from './charts/MriTimeline.tsx';
import { VisualCharts } from './charts/VisualCharts.tsx';
import { FlagsPanel } from './FlagsPanel.tsx';
import { PatientHeader } from './PatientHeader.tsx';
import { PrintSummary } from './PrintSummary.tsx';
import { RecordsSection } from './records/RecordsSection.tsx';
import { useWidth } from './use-width.ts';
import { VisitPanel } from './visit/VisitForm.tsx';

/**
 * One patient's course on one screen: who, what needs action, the charts on one time axis, the
 * records. The course's frame is laid out while the record loads, so the charts' width is usually
 * known when it arrives and everything is drawn in one pass.
 */
export default function PatientPageView({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const timeline = useQuery({
    ...trpc.patients.timeline.queryOptions({ id: patientId }),
    select: (data) => data as unknown as PatientPage,
  });
  const [range, setRange] = useChartPeriod();
  const [chartsRef, width] = useWidth();
  const page = timeline.data;
  if (!timeline.isPending && !page)
    return (
      <QueryState query={timeline} loading="Loading the patient…">
        {() => null}
      </QueryState>
    );
  const axis = page ? timeAxis(page, range) : null;
  // Everything below the header waits for the charts' width: when the record is already there as the
  // page opens (it is asked for with the sign-in check), the first pass lays out only the header and
  // the course's frame, which is cheap to measure, and the rest is drawn once, before the first paint.
  const drawn = page && axis && width !== null ? { page, axis, width } : null;
  return (
    <article className="patient-page" aria-busy={!drawn}>
      {page ? (
        <>
          <PatientHeader page={page} />
          {drawn && <FlagsPanel page={drawn.page} />}
        </>
      ) : (
        <p role="status" className="loading">
          Loading the patient…
        </p>
      )}
      <section className="charts" aria-labelledby="course-heading">
        <div className="charts-head">
          <h2 id="course-heading">Course</h2>
          <fieldset className="range no-print">
            <legend className="sr-only">Time range</legend>
            {RANGES.map((option) => (
              <label key={option.key} className={range === option.key ? 'selected' : ''}>
                <input
                  className="range-input"
                  type="radio"
                  name="range"
                  value={option.key}
                  checked={range === option.key}
                  onChange={() => setRange(option.key)}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
        </div>
        <div ref={chartsRef} className="chart-stack">
          {drawn && (
            <>
              <EdssChart {...drawn} />
              <div className="secondary-charts">
                <AntibodyChart {...drawn} />
                <VisualCharts {...drawn} />
                <MriTimeline {...drawn} />
                <LabCharts {...drawn} />
              </div>
            </>
          )}
        </div>
      </section>
      {drawn && (
        <>
          <PrintSummary page={drawn.page} axis={drawn.axis} />
          <VisitPanel page={drawn.page} />
          <RecordsSection page={drawn.page} />
        </>
      )}
    </article>
  );
}
