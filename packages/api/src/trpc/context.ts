import type { PrismaClient, ReadReplicas, Role } from '@nmo/db';

export interface Actor {
  id: string;
  email: string;
  role: Role;
}

/** What every procedure receives. `actor` is null for anonymous requests. */
export interface Context {
  db: PrismaClient;
  actor: Actor | null;
  clientAddress?: string;
  /** The session behind the actor (HTTP only), so that logout can end it. */
  sessionId?: string;
  /** HTTP only: sets or clears the session cookie. */
  setSessionCookie?: (token: string | null, expiresAt?: Date) => void;
  /** DATABASE_REPLICA_URLS: the replicas that may answer the queries of trpc/replica-reads.ts. */
  replicas?: ReadReplicas | undefined;
  /** HTTP only: the WAL position of this browser's last write (a cookie), which its reads must include. */
  lastWrite?: string | undefined;
  /** HTTP only: keeps the position of a write just made, for the browser's next reads. */
  rememberWrite?: (position: string) => void;
}

/**
 * What a service needs of a request: the database, who acts, and from where (the audit log records
 * both). Routers pass their context; the CLI passes the system user.
 */
export interface ActingContext {
  db: PrismaClient;
  actor: Pick<Actor, 'id'>;
  clientAddress?: string;
}
