import type {
  AcuteTreatmentModel,
  AntibodyTestModel,
  EdssAssessmentModel,
  LabResultModel,
  MriExamModel,
  PatientModel,
  RelapseModel,
  TherapyAdministrationModel,
  TherapyModel,
  VaccinationModel,
  VisualExamModel,
} from '@nmo/db';
import type {
  AcuteTreatment,
  Administration,
  AntibodyEvent,
  EdssEvent,
  LabEvent,
  MriEvent,
  PatientTimeline,
  RelapseEvent,
  TherapyEvent,
  VaccinationEvent,
  VisualEvent,
} from '@nmo/domain';
import { compact, orNull, orUndefined, toCalendar, toCalendarOrUndefined, toDbDate, toDbDateOrNull } from './values.ts';

/**
 * One codec per record type: the clinical columns of a row from an interchange event, and the
 * event back from a row. Export is `fromRow`; import compares `fromRow(existing)` with the event
 * normalised through `fromRow(toRow(event))`, so "changed" means changed as the format sees it.
 */
export interface Codec<E, R> {
  toRow(event: E): Record<string, unknown>;
  fromRow(row: R): E;
}

export type PatientFields = Omit<PatientTimeline, 'events'>;

export const patientCodec: Codec<PatientFields, PatientModel> = {
  toRow: (p) => ({
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: toDbDate(p.birthDate),
    sex: p.sex,
    diagnosisDate: toDbDateOrNull(p.diagnosisDate),
    firstAttackDate: toDbDateOrNull(p.firstAttackDate),
    diagnosis: p.diagnosis ?? null,
    aqp4Status: p.aqp4Status ?? 'unknown',
    mogStatus: p.mogStatus ?? 'unknown',
    comorbidities: [...new Set(p.comorbidities ?? [])].sort(),
  }),
  fromRow: (r) =>
    compact({
      mrn: r.mrn,
      givenName: r.givenName,
      familyName: r.familyName,
      birthDate: toCalendar(r.birthDate),
      sex: r.sex,
      diagnosisDate: toCalendarOrUndefined(r.diagnosisDate),
      firstAttackDate: toCalendarOrUndefined(r.firstAttackDate),
      diagnosis: orUndefined(r.diagnosis),
      aqp4Status: r.aqp4Status,
      mogStatus: r.mogStatus,
      comorbidities: r.comorbidities.length > 0 ? [...r.comorbidities].sort() : undefined,
    }),
};

const FS_COLUMNS = {
  visual: 'fsVisual',
  brainstem: 'fsBrainstem',
  pyramidal: 'fsPyramidal',
  cerebellar: 'fsCerebellar',
  sensory: 'fsSensory',
  bowelBladder: 'fsBowelBladder',
  cerebral: 'fsCerebral',
  ambulation: 'fsAmbulation',
} as const;

export const edssCodec: Codec<EdssEvent, EdssAssessmentModel> = {
  toRow: (e) => {
    const row: Record<string, unknown> = { date: toDbDate(e.date), score: e.score };
    for (const [key, column] of Object.entries(FS_COLUMNS)) {
      row[column] = orNull(e.functionalSystems?.[key as keyof typeof FS_COLUMNS]);
    }
    return row;
  },
  fromRow: (r) => {
    const systems = compact(
      Object.fromEntries(Object.entries(FS_COLUMNS).map(([key, column]) => [key, r[column]])),
    ) as EdssEvent['functionalSystems'];
    return compact({
      type: 'edss' as const,
      date: toCalendar(r.date),
      score: r.score,
      functionalSystems: systems && Object.keys(systems).length > 0 ? systems : undefined,
    });
  },
};

export const antibodyCodec: Codec<AntibodyEvent, AntibodyTestModel> = {
  toRow: (e) => ({
    date: toDbDate(e.date),
    antibody: e.antibody,
    assay: e.assay,
    result: e.result,
    titer: orNull(e.titer),
  }),
  fromRow: (r) =>
    compact({
      type: 'antibody' as const,
      date: toCalendar(r.date),
      antibody: r.antibody,
      assay: r.assay,
      result: r.result,
      titer: orUndefined(r.titer),
    }),
};

export const mriCodec: Codec<MriEvent, MriExamModel> = {
  toRow: (e) => ({
    date: toDbDate(e.date),
    region: e.region,
    newT2Lesions: orNull(e.newT2Lesions),
    gadolinium: orNull(e.gadolinium),
    extensiveSegments: orNull(e.extensiveSegments),
  }),
  fromRow: (r) =>
    compact({
      type: 'mri' as const,
      date: toCalendar(r.date),
      region: r.region,
      newT2Lesions: orUndefined(r.newT2Lesions),
      gadolinium: orUndefined(r.gadolinium),
      extensiveSegments: orUndefined(r.extensiveSegments),
    }),
};

export const visualCodec: Codec<VisualEvent, VisualExamModel> = {
  toRow: (e) => ({
    date: toDbDate(e.date),
    eye: e.eye,
    logmar: orNull(e.logmar),
    visualFieldMdDb: orNull(e.visualFieldMdDb),
    rnflMicrons: orNull(e.rnflMicrons),
    gciplMicrons: orNull(e.gciplMicrons),
    vepLatencyMs: orNull(e.vepLatencyMs),
    vepAmplitudeMicrovolts: orNull(e.vepAmplitudeMicrovolts),
    funduscopyNote: orNull(e.funduscopyNote),
  }),
  fromRow: (r) =>
    compact({
      type: 'visual' as const,
      date: toCalendar(r.date),
      eye: r.eye,
      logmar: orUndefined(r.logmar),
      visualFieldMdDb: orUndefined(r.visualFieldMdDb),
      rnflMicrons: orUndefined(r.rnflMicrons),
      gciplMicrons: orUndefined(r.gciplMicrons),
      vepLatencyMs: orUndefined(r.vepLatencyMs),
      vepAmplitudeMicrovolts: orUndefined(r.vepAmplitudeMicrovolts),
      funduscopyNote: orUndefined(r.funduscopyNote),
    }),
};

export const acuteTreatmentCodec: Codec<AcuteTreatment, AcuteTreatmentModel> = {
  toRow: (t) => ({
    type: t.type,
    startDate: toDbDate(t.startDate),
    days: orNull(t.days),
    dailyDoseMg: orNull(t.dailyDoseMg),
    sessions: orNull(t.sessions),
  }),
  fromRow: (r) =>
    compact({
      type: r.type,
      startDate: toCalendar(r.startDate),
      days: orUndefined(r.days),
      dailyDoseMg: orUndefined(r.dailyDoseMg),
      sessions: orUndefined(r.sessions),
    }),
};

/** Relapse columns only; its acute treatments are merged separately (children have their own identity). */
export const relapseCodec: Codec<RelapseEvent, RelapseModel & { acuteTreatments?: AcuteTreatmentModel[] }> = {
  toRow: (e) => ({ onsetDate: toDbDate(e.onsetDate), phenotype: e.phenotype, severity: e.severity }),
  fromRow: (r) =>
    compact({
      type: 'relapse' as const,
      onsetDate: toCalendar(r.onsetDate),
      phenotype: r.phenotype,
      severity: r.severity,
      acuteTreatments: nonEmpty(sortTreatments((r.acuteTreatments ?? []).map(acuteTreatmentCodec.fromRow))),
    }),
};

export const administrationCodec: Codec<Administration, TherapyAdministrationModel> = {
  toRow: (a) => ({ date: toDbDate(a.date), doseMg: orNull(a.doseMg) }),
  fromRow: (r) => compact({ date: toCalendar(r.date), doseMg: orUndefined(r.doseMg) }),
};

export const therapyCodec: Codec<TherapyEvent, TherapyModel & { administrations?: TherapyAdministrationModel[] }> = {
  toRow: (e) => ({
    agent: e.agent,
    startDate: toDbDate(e.startDate),
    stopDate: toDbDateOrNull(e.stopDate),
    doseMg: orNull(e.doseMg),
    schedule: orNull(e.schedule),
    stopReason: orNull(e.stopReason),
  }),
  fromRow: (r) =>
    compact({
      type: 'therapy' as const,
      agent: r.agent,
      startDate: toCalendar(r.startDate),
      stopDate: toCalendarOrUndefined(r.stopDate),
      doseMg: orUndefined(r.doseMg),
      schedule: orUndefined(r.schedule),
      stopReason: orUndefined(r.stopReason),
      administrations: nonEmpty(
        (r.administrations ?? []).map(administrationCodec.fromRow).sort((a, b) => a.date.localeCompare(b.date)),
      ),
    }),
};

export const labCodec: Codec<LabEvent, LabResultModel> = {
  toRow: (e) => ({
    date: toDbDate(e.date),
    test: e.test,
    value: orNull(e.value),
    unit: orNull(e.unit),
    result: orNull(e.result),
  }),
  fromRow: (r) =>
    compact({
      type: 'lab' as const,
      date: toCalendar(r.date),
      test: r.test,
      value: orUndefined(r.value),
      unit: orUndefined(r.unit),
      result: orUndefined(r.result),
    }),
};

export const vaccinationCodec: Codec<VaccinationEvent, VaccinationModel> = {
  toRow: (e) => ({ date: toDbDate(e.date), vaccine: e.vaccine }),
  fromRow: (r) => ({ type: 'vaccination' as const, date: toCalendar(r.date), vaccine: r.vaccine }),
};

export function sortTreatments(treatments: AcuteTreatment[]): AcuteTreatment[] {
  return [...treatments].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.type.localeCompare(b.type));
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
