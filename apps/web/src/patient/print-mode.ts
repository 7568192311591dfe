import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';

/**
 * Whether the page is being printed. The printed summary draws its own course chart at paper width
 * only then, so the screen never pays for a second chart. Printing from the browser's menu fires
 * `beforeprint` (rendered synchronously, before the browser lays out the pages), and print media
 * emulation changes `matchMedia('print')`; the page's Print button sets it before it calls print().
 */
let requested = false;
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
const printMedia = () => (typeof window.matchMedia === 'function' ? window.matchMedia('print') : null);

function subscribe(listener: () => void) {
  listeners.add(listener);
  const media = printMedia();
  const before = () => {
    requested = true;
    flushSync(notify);
  };
  const after = () => {
    requested = false;
    notify();
  };
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  media?.addEventListener('change', notify);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
    media?.removeEventListener('change', notify);
  };
}

const isPrinting = () => requested || Boolean(printMedia()?.matches);

export const usePrinting = () => useSyncExternalStore(subscribe, isPrinting, () => false);

/** The Print summary button: the summary is drawn before the print dialog opens. */
export function printSummary() {
  requested = true;
  flushSync(notify);
  window.print();
}
