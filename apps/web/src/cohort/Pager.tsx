import { useEffect } from 'react';
import { recallCursor, rememberCursor } from './cursor-memory.ts';

/**
 * Previous / "Page n of m" / Next over cursor-paged results. The URL holds the page number and the
 * cursor that opens it; the cursors of earlier pages are remembered for the tab (cursor-memory.ts),
 * so Previous works after Back or a reload. A link opened elsewhere does not know them: its
 * Previous goes to the first page.
 */
export function Pager({
  list,
  page,
  cursor,
  total,
  pageSize,
  nextCursor,
  onPage,
}: {
  /** Which list (its filters and sort): cursors belong to one. */
  list: string;
  page: number;
  cursor: string | undefined;
  total: number;
  pageSize: number;
  nextCursor: string | null | undefined;
  onPage: (page: number, cursor: string | undefined) => void;
}) {
  useEffect(() => {
    if (cursor) rememberCursor(list, page, cursor);
  }, [list, page, cursor]);
  const previous = page === 2 ? undefined : recallCursor(list, page - 1);
  const toFirst = page > 2 && previous === undefined;
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        disabled={page === 1}
        onClick={() => (toFirst ? onPage(1, undefined) : onPage(page - 1, previous))}
      >
        {toFirst ? 'First page' : 'Previous'}
      </button>
      <span>
        Page {page} of {Math.max(1, Math.ceil(total / pageSize))}
      </span>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => {
          if (nextCursor) onPage(page + 1, nextCursor);
        }}
      >
        Next
      </button>
    </nav>
  );
}
