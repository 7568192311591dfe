import { useCallback, useEffect, useState } from 'react';

/** The current path, and a function to go to another without reloading the page. */
export function useRoute(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: string) => {
    window.history.pushState(null, '', next);
    window.scrollTo?.(0, 0);
    setPath(next);
  }, []);
  return [path, navigate];
}

export const patientPath = (patientId: string) => `/patients/${patientId}`;

/** The patient id of a `/patients/:id` path, or null. */
export function patientIdOf(path: string): string | null {
  return /^\/patients\/([0-9a-f-]{36})$/i.exec(path)?.[1] ?? null;
}

/** An in-app link: a real anchor (open in a new tab works) that navigates without a reload. */
export function linkHandler(navigate: (path: string) => void, path: string) {
  return (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number }) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(path);
  };
}
