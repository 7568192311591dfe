import { EVENT_TYPES, type EventType, partsOf, RECORD_TYPES, type RecordApiName, type RecordTypes } from '@nmo/domain';
import { z } from 'zod';
import { eventKind, kindWithParts, type Owner, partKind, type RecordKind } from './record-kind.ts';
import { recordRouter } from './record-router.ts';

type ShapeOf<S> = S extends z.ZodObject<infer Shape> ? Shape : never;
/** Event types whose records have no parts: their kind follows from the registry alone. */
type PlainEventType = { [T in EventType]: RecordTypes[T] extends { parts: object } ? never : T }[EventType];
type PlainKinds = {
  [T in PlainEventType as RecordTypes[T]['names']['api']]: ReturnType<
    typeof eventKind<ShapeOf<RecordTypes[T]['schema']>>
  >;
};
const plainKinds = Object.fromEntries(
  EVENT_TYPES.filter((type) => !partsOf(type)).map((type) => [
    RECORD_TYPES[type].names.api,
    eventKind(type, RECORD_TYPES[type].schema as z.ZodObject<z.core.$ZodShape, z.core.$strict>),
  ]),
) as PlainKinds;

const acuteTreatment = partKind('acuteTreatment', RECORD_TYPES.acuteTreatment.schema);
const administration = partKind('administration', RECORD_TYPES.administration.schema);

/**
 * The kind of every clinical record the API edits, under its router name (registry.ts `names.api`).
 * Inputs are the registry's schemas (the interchange event without `type` and parts, the same Zod
 * schemas the web forms use); a relapse's acute treatments and a therapy's administrations are
 * records of their own, addressed through their parent.
 */
export const RECORD_KINDS = {
  ...plainKinds,
  relapses: kindWithParts('relapse', RECORD_TYPES.relapse.schema, acuteTreatment),
  acuteTreatments: acuteTreatment,
  therapies: kindWithParts('therapy', RECORD_TYPES.therapy.schema, administration),
  administrations: administration,
} satisfies Record<RecordApiName, unknown>;

type Kinds = typeof RECORD_KINDS;
type RouterOf<K extends keyof Kinds> = ReturnType<
  typeof recordRouter<Kinds[K]['data'] & z.ZodObject, Kinds[K]['output'] & z.ZodType, Kinds[K]['owner'] & Owner>
>;

/** One router per record type, under its API name. */
export const recordRouters = Object.fromEntries(
  Object.entries(RECORD_KINDS).map(([name, kind]) => [name, recordRouter(kind as RecordKind)]),
) as unknown as { [K in keyof Kinds]: RouterOf<K> };

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
