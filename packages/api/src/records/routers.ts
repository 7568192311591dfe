import { EVENT_TYPES, type EventType, RECORD_TYPES, type RecordApiName, type RecordTypes } from '@nmo/domain';
import { z } from 'zod';
import { eventKind, kindWithParts, partKind } from './record-kind.ts';
import { recordRouter } from './record-router.ts';

const acuteTreatment = partKind('acuteTreatment', RECORD_TYPES.acuteTreatment.schema);
const administration = partKind('administration', RECORD_TYPES.administration.schema);

/**
 * The kind of every clinical record the API edits, under its router name (registry.ts `names.api`).
 * Inputs are the registry's schemas (the interchange event without `type` and parts, the same Zod
 * schemas the web forms use); a relapse's acute treatments and a therapy's administrations are
 * records of their own, addressed through their parent.
 */
export const RECORD_KINDS = {
  edss: eventKind('edss', RECORD_TYPES.edss.schema),
  antibodies: eventKind('antibody', RECORD_TYPES.antibody.schema),
  mri: eventKind('mri', RECORD_TYPES.mri.schema),
  visualExams: eventKind('visual', RECORD_TYPES.visual.schema),
  relapses: kindWithParts('relapse', RECORD_TYPES.relapse.schema, acuteTreatment),
  acuteTreatments: acuteTreatment,
  therapies: kindWithParts('therapy', RECORD_TYPES.therapy.schema, administration),
  administrations: administration,
  labs: eventKind('lab', RECORD_TYPES.lab.schema),
  vaccinations: eventKind('vaccination', RECORD_TYPES.vaccination.schema),
} satisfies Record<RecordApiName, unknown>;

type Kinds = typeof RECORD_KINDS;

/** One router per record type, under its API name. */
export const recordRouters = {
  edss: recordRouter(RECORD_KINDS.edss),
  antibodies: recordRouter(RECORD_KINDS.antibodies),
  mri: recordRouter(RECORD_KINDS.mri),
  visualExams: recordRouter(RECORD_KINDS.visualExams),
  relapses: recordRouter(RECORD_KINDS.relapses),
  acuteTreatments: recordRouter(RECORD_KINDS.acuteTreatments),
  therapies: recordRouter(RECORD_KINDS.therapies),
  administrations: recordRouter(RECORD_KINDS.administrations),
  labs: recordRouter(RECORD_KINDS.labs),
  vaccinations: recordRouter(RECORD_KINDS.vaccinations),
} satisfies Record<RecordApiName, unknown>;

/** The API names of the event types (records that stand on their own on a patient's page). */
export type EventApiName = RecordTypes[EventType]['names']['api'];

/** Each event type's records on the patient page: its API name, the patient relation it is read through. */
export const PAGE_SECTIONS = EVENT_TYPES.map((type) => {
  const { api, relation } = RECORD_TYPES[type].names;
  return { name: api as EventApiName, relation };
});

/** The patient page's records: every event type's live records with their parts, by API name. */
export const pageRecordsSchema = z.strictObject(
  Object.fromEntries(PAGE_SECTIONS.map(({ name }) => [name, z.array(RECORD_KINDS[name].output)])) as {
    [K in EventApiName]: z.ZodArray<Kinds[K]['output']>;
  },
);
