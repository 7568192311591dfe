import { useRef, useState } from 'react';

/**
 * Form values kept in the URL, edited without lag: the inputs show the draft at once while the
 * router commits the URL a moment later. A URL change that is not one of ours (Back, Forward, a
 * link) replaces the draft.
 */
export function useDraft<T>(committed: T, commit: (next: T, previous: T) => void): [T, (next: T) => void] {
  const key = JSON.stringify(committed);
  const sent = useRef(new Set<string>());
  const [state, setState] = useState({ draft: committed, key });
  let draft = state.draft;
  if (state.key !== key) {
    draft = sent.current.has(key) ? state.draft : committed;
    if (JSON.stringify(draft) === key) sent.current.clear();
    setState({ draft, key });
  }
  const change = (next: T) => {
    sent.current.add(JSON.stringify(next));
    setState((current) => ({ ...current, draft: next }));
    commit(next, draft);
  };
  return [draft, change];
}
