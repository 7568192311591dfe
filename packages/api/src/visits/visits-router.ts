import type { DbClient } from '@nmo/db';
import { afterPatientChange } from '../records/after-write.ts';
import { lockPatients } from '../records/patient-locks.ts';
import { delegateOf, present, type RecordKind, type Row } from '../records/record-kind.ts';
import { checkConsistency, insertRecord, withIdentityConflict } from '../records/record-router.ts';
import { RECORD_KINDS } from '../records/routers.ts';
import { updateVersionedIn } from '../records/versioned-writes.ts';
import { AppError, notFound } from '../trpc/errors.ts';
import { clinicianProcedure, router } from '../trpc/init.ts';
import { type VisitInput, visitInput, visitOutput } from './visit-input.ts';

type Actor = { actor: { id: string }; clientAddress?: string };
type Created = { section: string; entity: string; id: string };
const kind = (name: keyof typeof RECORD_KINDS) => RECORD_KINDS[name] as unknown as RecordKind;

/** Stops the patient's current therapy (at the version the clinician read), keeping its other fields. */
async function stopTherapy(
  tx: DbClient,
  ctx: Actor,
  patientId: string,
  stop: NonNullable<VisitInput['therapyChange']>['stop'] & object,
) {
  const therapies = kind('therapies');
  const existing = await delegateOf(tx, therapies.model).findFirst({ where: { id: stop.therapyId, deletedAt: null } });
  if (!existing || existing.patientId !== patientId) throw notFound('The therapy to stop');
  const {
    type: _type,
    administrations: _parts,
    ...fields
  } = therapies.codec.fromRow(existing) as Record<string, unknown>;
  const data = { ...fields, stopDate: stop.stopDate, stopReason: stop.stopReason };
  await updateVersionedIn(
    tx,
    ctx,
    {
      label: therapies.label,
      entity: therapies.entity,
      table: (db) => delegateOf(db, therapies.model),
      present: (row: Row) => present(therapies, row),
      patientIdOf: (row: Row) => row.patientId,
    },
    {
      id: stop.therapyId,
      version: stop.version,
      data: therapies.codec.toRow(data),
      check: (db) =>
        checkConsistency(db, therapies, patientId, therapies.toEvent(data, null), ['therapyChange', 'stop']),
      onUniqueViolation: (work) => withIdentityConflict(therapies, work),
    },
  );
}

/** The therapy a dose belongs to: the one named, else the one this visit starts. */
function therapyOfDose(section: 'dose' | 'plannedDose', named: string | undefined, started: string | null): string {
  const id = named ?? started;
  if (!id)
    throw new AppError('BAD_REQUEST', 'Some fields are not valid', [
      { path: `${section}.therapyId`, message: 'choose the therapy the dose belongs to, or start one in this visit' },
    ]);
  return id;
}

/** Saves every section of one visit in one transaction: all of it, or (on any error) nothing. */
export async function recordVisit(tx: DbClient, ctx: Actor, visit: VisitInput) {
  const { patientId } = visit;
  await lockPatients(tx, [patientId]);
  const created: Created[] = [];
  const add = async (
    section: string,
    name: keyof typeof RECORD_KINDS,
    owner: string,
    data: object,
    at: (string | number)[],
  ) => {
    const record = await insertRecord(tx, ctx, kind(name), owner, data as Record<string, unknown>, at);
    created.push({ section, entity: kind(name).entity, id: record.id as string });
    return record.id as string;
  };
  if (visit.edss) await add('edss', 'edss', patientId, visit.edss, ['edss']);
  for (const eye of ['OD', 'OS'] as const) {
    const exam = visit.eyes?.[eye];
    if (exam) await add(`eyes.${eye}`, 'visualExams', patientId, { ...exam, eye }, ['eyes', eye]);
  }
  if (visit.attack) {
    const { acuteTreatments = [], ...attack } = visit.attack;
    const relapseId = await add('attack', 'relapses', patientId, attack, ['attack']);
    for (const [i, treatment] of acuteTreatments.entries())
      await add(`attack.acuteTreatments.${i}`, 'acuteTreatments', relapseId, treatment, [
        'attack',
        'acuteTreatments',
        i,
      ]);
  }
  const stop = visit.therapyChange?.stop;
  if (stop) await stopTherapy(tx, ctx, patientId, stop);
  const start = visit.therapyChange?.start;
  const startedId = start
    ? await add('therapyChange.start', 'therapies', patientId, start, ['therapyChange', 'start'])
    : null;
  for (const section of ['dose', 'plannedDose'] as const) {
    const given = visit[section];
    if (!given) continue;
    const { therapyId, ...fields } = given;
    const owner = therapyOfDose(section, therapyId, startedId);
    const therapy = await delegateOf(tx, kind('therapies').model).findFirst({ where: { id: owner, deletedAt: null } });
    if (!therapy || therapy.patientId !== patientId) throw notFound('The therapy of the dose');
    await add(
      section,
      'administrations',
      owner,
      { ...fields, ...(section === 'plannedDose' ? { planned: true } : {}) },
      [section],
    );
  }
  if (visit.bodyWeight) await add('bodyWeight', 'bodyWeights', patientId, visit.bodyWeight, ['bodyWeight']);
  await afterPatientChange(tx, [patientId]);
  return { created, stoppedTherapyId: stop?.therapyId ?? null };
}

/** One visit form (docs/API.md, visits): EDSS, both eyes, an attack, a therapy change, doses, weight. */
export const visitsRouter = router({
  record: clinicianProcedure
    .input(visitInput)
    .output(visitOutput)
    .mutation(({ ctx, input }) => ctx.db.$transaction((tx) => recordVisit(tx, ctx, input))),
});
