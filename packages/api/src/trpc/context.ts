import type { PrismaClient, Role } from '@nmo/db';

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
