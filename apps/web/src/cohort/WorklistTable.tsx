import { Link } from '@tanstack/react-router';
import { datesInText, flagTitle, formatDate, withKeys } from '../format.ts';
import { FlagChip } from '../ui/FlagChip.tsx';
import { selectionKey, type WorklistFlag, type WorklistItem, waitingText } from './worklist-view.ts';

/**
 * The worklist in the API's order: one row per open flag, grouped by patient (name and MRN once, on
 * the first row), each with a checkbox, the flag, its date, how long it has waited and the next step;
 * the reason and source are one click away ("Why").
 */
export function WorklistTable({
  items,
  selected,
  onToggle,
}: {
  items: WorklistItem[];
  selected: { has(key: string): boolean };
  onToggle: (item: WorklistItem, flag: WorklistFlag, checked: boolean) => void;
}) {
  return (
    <table className="worklist-table">
      <caption className="sr-only">Open flags, most pressing first</caption>
      <thead>
        <tr>
          <th scope="col" className="select-column">
            <span className="sr-only">Select</span>
          </th>
          <th scope="col">Patient</th>
          <th scope="col">Flag</th>
          <th scope="col">Date</th>
          <th scope="col">Waiting</th>
          <th scope="col">Next step</th>
        </tr>
      </thead>
      {items.map((item) => {
        const name = `${item.familyName}, ${item.givenName}`;
        return (
          <tbody key={item.patientId} className="worklist-patient" data-mrn={item.mrn}>
            {withKeys(item.flags, (flag) => selectionKey(item.patientId, flag)).map(
              ({ item: flag, key: rowKey }, index) => {
                const key = selectionKey(item.patientId, flag);
                return (
                  <tr
                    // Two rules can raise one code on one day: both rows select the same flag.
                    key={rowKey}
                    className={`worklist-row ${flag.severity}${selected.has(key) ? ' selected' : ''}`}
                    data-code={flag.code}
                  >
                    <td className="select-column">
                      <input
                        type="checkbox"
                        checked={selected.has(key)}
                        onChange={(event) => onToggle(item, flag, event.target.checked)}
                        aria-label={`Select ${flagTitle(flag.code)} of ${formatDate(flag.date)} for ${name}`}
                      />
                    </td>
                    {index === 0 && (
                      <th scope="rowgroup" rowSpan={item.flags.length} className="patient-cell">
                        <Link to="/patients/$patientId" params={{ patientId: item.patientId }}>
                          {name}
                        </Link>
                        <span className="mrn">{item.mrn}</span>
                      </th>
                    )}
                    <td>
                      <FlagChip code={flag.code} severity={flag.severity} />
                    </td>
                    <td className="date">{formatDate(flag.date)}</td>
                    <td className={flag.daysOverdue !== null ? 'waiting overdue' : 'waiting'}>{waitingText(flag)}</td>
                    <td className="next-step">
                      <span>{flag.action}</span>
                      <details className="why">
                        <summary>Why</summary>
                        <p>{datesInText(flag.message)}</p>
                        <p className="source">Source: {flag.source}</p>
                      </details>
                    </td>
                  </tr>
                );
              },
            )}
          </tbody>
        );
      })}
    </table>
  );
}
