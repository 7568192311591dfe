import type { ReactNode } from 'react';
import { errorMessage } from '../trpc.ts';

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * The loading, error and content states of one query, the same way on every page: a status line
 * while loading, the server's message with a retry button on failure, else the content.
 */
export function QueryState<T>({
  query,
  loading,
  children,
}: {
  query: QueryLike<T>;
  loading: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <p role="status" className="loading">
        {loading}
      </p>
    );
  if (query.isError || query.data === undefined)
    return (
      <div role="alert" className="error-box">
        <p>{errorMessage(query.error)}</p>
        <button type="button" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  return <>{children(query.data)}</>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
