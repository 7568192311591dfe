import { useCallback, useRef, useState } from 'react';

/**
 * The width of an element, kept current as the window resizes (charts are drawn at this width).
 * A callback ref, so it measures the element whenever it appears (after loading, for instance).
 */
export function useWidth(fallback = 900) {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(Math.max(320, measured));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(measure);
    observer.current.observe(element);
  }, []);
  return [ref, width] as const;
}
