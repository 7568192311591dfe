/*
 * The cursor of each page seen in this tab, by list and page number. The cursor-paged API cannot go
 * backwards, and keeping every earlier cursor in the URL would make links unreadable: the URL has the
 * page shown, this (sessionStorage: kept over a reload, not shared) the pages before it.
 */
const KEY = 'nmo.pageCursors';
const MAX_ENTRIES = 500;

function read(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function rememberCursor(list: string, page: number, cursor: string) {
  const entries = read();
  const key = `${list}#${page}`;
  if (entries[key] === cursor) return;
  entries[key] = cursor;
  const kept = Object.entries(entries).slice(-MAX_ENTRIES);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Storage full or blocked: Previous then goes to the first page.
  }
}

/** The cursor of a page of the list seen before in this tab, if any. */
export const recallCursor = (list: string, page: number): string | undefined => read()[`${list}#${page}`];

/** A list's identity for its cursors: which list, with which filters and sort. */
export const listKey = (name: string, filtersAndSort: object) => `${name}:${JSON.stringify(filtersAndSort)}`;
