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
    setPath(next);
  }, []);
  return [path, navigate];
}
