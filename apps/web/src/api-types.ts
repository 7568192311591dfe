import type { AppRouter } from '@nmo/api';
import type { AcuteTreatment, Administration, RelapseEvent, TherapyEvent } from '@nmo/domain';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

type Stored = { id: string; version: number; createdAt: string; updatedAt: string; deletedAt: string | null };
type StoredEvent = Stored & { patientId: string };
export type AcuteTreatmentRecord = AcuteTreatment & Stored & { relapseId: string };
export type AdministrationRecord = Administration & Stored & { therapyId: string };
export type RelapseRecord = Omit<RelapseEvent, 'type' | 'acuteTreatments'> &
  StoredEvent & { acuteTreatments: AcuteTreatmentRecord[] };
export type TherapyRecord = Omit<TherapyEvent, 'type' | 'administrations'> &
  StoredEvent & { administrations: AdministrationRecord[] };

type TimelineOutput = Outputs['patients']['timeline'];
/** The patient page; records with parts are typed from the domain (the router infers them loosely). */
export type PatientPage = Omit<TimelineOutput, 'records'> & {
  records: Omit<TimelineOutput['records'], 'relapses' | 'therapies'> & {
    relapses: RelapseRecord[];
    therapies: TherapyRecord[];
  };
};
export type FlagView = PatientPage['flags'][number];
export type OverviewRow = Outputs['cohort']['overview']['items'][number];
export type OverviewInput = Extract<Inputs['cohort']['overview'], object>;
