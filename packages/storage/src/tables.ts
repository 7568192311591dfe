import type { DbClient } from '@nmo/db';
import type { TimelineEvent } from '@nmo/domain';
import {
  antibodyCodec,
  type Codec,
  edssCodec,
  labCodec,
  mriCodec,
  relapseCodec,
  therapyCodec,
  vaccinationCodec,
  visualCodec,
} from './codecs.ts';

/** The few Prisma delegate methods import and export use, typed loosely enough to share. */
export interface RowDelegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<unknown>;
  update(args: object): Promise<unknown>;
}

export function delegate(db: DbClient, model: ModelName): RowDelegate {
  return (db as unknown as Record<ModelName, RowDelegate>)[model];
}

export type ModelName =
  | 'patient'
  | 'edssAssessment'
  | 'antibodyTest'
  | 'mriExam'
  | 'visualExam'
  | 'relapse'
  | 'acuteTreatment'
  | 'therapy'
  | 'therapyAdministration'
  | 'labResult'
  | 'vaccination';

export interface EventTable {
  type: TimelineEvent['type'];
  model: ModelName;
  /** Prisma's name for the table, as written in audit rows. */
  entity: string;
  /** The patient's relation field holding these rows. */
  relation: string;
  codec: Codec<TimelineEvent, Record<string, unknown>>;
  /** Child records merged by their own identity (acute treatments of a relapse, infusions of a therapy). */
  children?: { model: ModelName; entity: string; relation: string; parentKey: string };
}

const table = (t: Omit<EventTable, 'codec'> & { codec: unknown }) => t as EventTable;

/** Every event type with its table; the order is also the order tables are written in. */
export const EVENT_TABLES: EventTable[] = [
  table({
    type: 'edss',
    model: 'edssAssessment',
    relation: 'edssAssessments',
    entity: 'EdssAssessment',
    codec: edssCodec,
  }),
  table({
    type: 'antibody',
    model: 'antibodyTest',
    relation: 'antibodyTests',
    entity: 'AntibodyTest',
    codec: antibodyCodec,
  }),
  table({ type: 'mri', model: 'mriExam', relation: 'mriExams', entity: 'MriExam', codec: mriCodec }),
  table({ type: 'visual', model: 'visualExam', relation: 'visualExams', entity: 'VisualExam', codec: visualCodec }),
  table({
    type: 'relapse',
    model: 'relapse',
    entity: 'Relapse',
    relation: 'relapses',
    codec: relapseCodec,
    children: {
      model: 'acuteTreatment',
      entity: 'AcuteTreatment',
      relation: 'acuteTreatments',
      parentKey: 'relapseId',
    },
  }),
  table({
    type: 'therapy',
    model: 'therapy',
    entity: 'Therapy',
    relation: 'therapies',
    codec: therapyCodec,
    children: {
      model: 'therapyAdministration',
      entity: 'TherapyAdministration',
      relation: 'administrations',
      parentKey: 'therapyId',
    },
  }),
  table({ type: 'lab', model: 'labResult', relation: 'labResults', entity: 'LabResult', codec: labCodec }),
  table({
    type: 'vaccination',
    model: 'vaccination',
    relation: 'vaccinations',
    entity: 'Vaccination',
    codec: vaccinationCodec,
  }),
];

/**
 * Every table an import writes, parents before children (foreign keys are checked as rows
 * arrive), with its Prisma model; Prisma's model names, capitalised, are the table names (no @@map).
 */
export const CLINICAL_TABLES: { model: ModelName; table: string }[] = [
  { model: 'patient', table: 'Patient' },
  ...EVENT_TABLES.flatMap((t) => [
    { model: t.model, table: t.entity },
    ...(t.children ? [{ model: t.children.model, table: t.children.entity }] : []),
  ]),
];

export const tableOf = (type: TimelineEvent['type']): EventTable =>
  EVENT_TABLES.find((t) => t.type === type) as EventTable;
