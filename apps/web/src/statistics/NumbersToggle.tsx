import { useId, useState } from 'react';
import { type NumbersTable, toCsv } from './outcome-tables.ts';

/** Saves the table as a CSV file in the browser (a same-page object URL, released right after). */
function downloadCsv(table: NumbersTable) {
  const url = URL.createObjectURL(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${table.name}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** "Show numbers" (the tables behind a chart) and "Download CSV" (the same tables), under a chart. */
export function NumbersToggle({ title, tables }: { title: string; tables: NumbersTable[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="chart-numbers">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`${open ? 'Hide' : 'Show'} numbers: ${title}`}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? 'Hide numbers' : 'Show numbers'}
      </button>
      {tables.map((table) => (
        <button key={table.name} type="button" onClick={() => downloadCsv(table)}>
          Download {table.name}.csv
        </button>
      ))}
      <div id={id} hidden={!open}>
        {open &&
          tables.map((table) => (
            <table key={table.name}>
              <caption>{table.title}</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  // Rows are positional and never reordered.
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed table
                  <tr key={i}>
                    {row.map((cell, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed table
                      <td key={j}>{cell ?? '–'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </div>
    </div>
  );
}
