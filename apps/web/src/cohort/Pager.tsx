type Cursor = string | undefined;

/**
 * Previous / "Page n of m" / Next over cursor-paged results: `cursors` holds the cursor of every
 * page up to the one shown (the first is undefined), so Previous drops the last and Next adds one.
 */
export function Pager({
  cursors,
  total,
  pageSize,
  nextCursor,
  setCursors,
}: {
  cursors: Cursor[];
  total: number;
  pageSize: number;
  nextCursor: string | null | undefined;
  setCursors: (update: (list: Cursor[]) => Cursor[]) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
        Previous
      </button>
      <span>
        Page {cursors.length} of {Math.max(1, Math.ceil(total / pageSize))}
      </span>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => setCursors((list) => [...list, nextCursor ?? undefined])}
      >
        Next
      </button>
    </nav>
  );
}
