import { isDatabaseUnavailable, Prisma, UNKNOWN_WRITE_POSITION, writePosition } from '@nmo/db';
import { fieldErrors, unsafeTextErrors } from '@nmo/domain';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Actor, Context } from './context.ts';
import { AppError, errorShape, INTERNAL_ERROR } from './errors.ts';
import { REPLICA_QUERIES } from './replica-reads.ts';

const t = initTRPC.context<Context>().create({
  // One error shape for every client: a code, a message a person can act on, and the fields at
  // fault. Internal errors never carry their message or stack (they are logged on the server).
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fields =
      cause instanceof ZodError ? fieldErrors(cause) : cause instanceof AppError ? cause.fieldErrors : undefined;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return errorShape(error.code, internal ? INTERNAL_ERROR : error.message, {
      fieldErrors: fields,
      path: shape.data.path,
    });
  },
});

/** What a client is told while the database is down or restarting. */
export const DATABASE_UNAVAILABLE = 'The database is not available right now; nothing was saved. Try again shortly';

/** Turns domain and database errors into the API's error model. */
const errorModel = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  // A ZodError from output validation is the server's fault: it stays an internal error.
  if (cause instanceof ZodError && result.error.code !== 'INTERNAL_SERVER_ERROR') {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Some fields are not valid', cause });
  }
  // The database is down or restarting: the request may succeed later (503), it is not a fault (500).
  if (isDatabaseUnavailable(cause))
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE,
      cause,
    });
  if (cause instanceof Prisma.PrismaClientKnownRequestError) {
    if (cause.code === 'P2002')
      throw new TRPCError({ code: 'CONFLICT', message: 'A record with the same identity already exists', cause });
    if (cause.code === 'P2025') throw new TRPCError({ code: 'NOT_FOUND', message: 'The record was not found', cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not valid Unicode (half a surrogate
 * pair), anywhere in any procedure's input, is refused with the field named before any schema or
 * query sees it; it used to reach the database and come back as a 500.
 */
export const refuseUnsafeText = t.middleware(async ({ getRawInput, next }) => {
  const errors = unsafeTextErrors(await getRawInput());
  if (errors.length > 0) throw new AppError('BAD_REQUEST', 'Some fields are not valid', errors);
  return next();
});

/** Errors mapped, nothing else: for procedures that must see refused input first (sign-in audits it). */
export const mappedProcedure = t.procedure.use(errorModel);
export const publicProcedure = mappedProcedure.use(refuseUnsafeText);

/**
 * With read replicas: the queries of replica-reads.ts read through a client that sends their reads
 * to a replica (one that has replayed this browser's last write, if it made one) and their writes,
 * such as audit rows, to the primary; a mutation that succeeded leaves its WAL position for the
 * browser's next reads. Without replicas, nothing changes.
 */
const replicaReads = t.middleware(async ({ ctx, path, type, next }) => {
  const { replicas } = ctx;
  if (!replicas) return next();
  if (type === 'query' && REPLICA_QUERIES.has(path))
    return next({ ctx: { db: await replicas.readerFor(ctx.db, ctx.lastWrite) } });
  const result = await next();
  if (type === 'mutation' && result.ok && ctx.rememberWrite) {
    // Unknown (the primary just went away): the browser's reads stay on the primary for a while.
    ctx.rememberWrite(await writePosition(ctx.db).catch(() => UNKNOWN_WRITE_POSITION));
  }
  return result;
});

/** Any signed-in account. */
export const authedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    return next({ ctx: { ...ctx, actor: ctx.actor as Actor } });
  })
  .use(replicaReads);

/**
 * Who may use each tier (DESIGN.md roles). Procedures and HTTP endpoints both decide access from
 * this table, so authorization lives in one place.
 */
export const TIERS = {
  /** Identified clinical data, read and write. */
  clinician: ['clinician'],
  /** Aggregates without identities. */
  aggregate: ['clinician', 'researcher'],
  /** Accounts, settings, audit log. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Actor['role'][]>;
export type Tier = keyof typeof TIERS;

const REFUSALS: Record<Tier, string> = {
  clinician: 'Clinical records are for clinicians',
  aggregate: 'Cohort aggregates are for clinicians and researchers',
  admin: 'For administrators',
};

export const tierAllows = (tier: Tier, role: Actor['role']): boolean =>
  (TIERS[tier] as readonly string[]).includes(role);

const tierProcedure = (tier: Tier) =>
  authedProcedure.use(({ ctx, next }) => {
    if (!tierAllows(tier, ctx.actor.role)) throw new TRPCError({ code: 'FORBIDDEN', message: REFUSALS[tier] });
    return next();
  });

export const clinicianProcedure = tierProcedure('clinician');
export const aggregateProcedure = tierProcedure('aggregate');
export const adminProcedure = tierProcedure('admin');
