import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element, kept current as the window resizes (charts are drawn at this width);
 * null until the element is first measured, so charts are drawn once at their real width rather
 * than at a guess and again (a 20-year course costs hundreds of milliseconds per drawing). A
 * callback ref, so it measures the element whenever it appears (after loading, for instance).
 */
export function useWidth() {
  const [width, setWidth] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      // An element not laid out (a test's DOM) measures 0: the charts take a usual width.
      setWidth(Math.max(320, measured > 0 ? measured : FALLBACK_WIDTH));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(measure);
    observer.current.observe(element);
  }, []);
  return [ref, width] as const;
}

const FALLBACK_WIDTH = 900;
