import type { ExportRunModel } from '@nmo/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { aggregateProcedure, router } from '../trpc/init.ts';

const presentRun = (run: ExportRunModel) => ({
  id: run.id,
  format: run.format,
  deidentified: run.deidentified,
  dates: run.dates,
  patientsTotal: run.patientsTotal,
  patientsDone: run.patientsDone,
  rows: run.rows,
  status: run.status as 'running' | 'done' | 'failed',
  error: run.error,
  sha256: run.sha256,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

/** Progress and results of one's own exports (the file itself streams from /api/export/*). */
export const exportsRouter = router({
  run: aggregateProcedure
    .input(z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.exportRun.findFirst({ where: { id: input.id, actorId: ctx.actor.id } });
      // Not yet created: the browser's request may still be on its way.
      if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: 'No export of yours has this id (yet)' });
      return presentRun(run);
    }),
  recent: aggregateProcedure.query(async ({ ctx }) => {
    const runs = await ctx.db.exportRun.findMany({
      where: { actorId: ctx.actor.id },
      orderBy: { startedAt: 'desc' },
      take: 10,
    });
    return runs.map(presentRun);
  }),
});
