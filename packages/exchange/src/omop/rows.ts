import { addDays, type CalendarDate } from '@nmo/domain';
import { EDSS_SOURCE_VALUE, genderConceptOf, NMOSD_ICD10, OMOP_CONCEPTS } from './concepts.ts';
import type { OmopTableName } from './tables.ts';

/**
 * One patient as the OMOP writer reads it, identified or already de-identified: the events carry
 * their dates as calendar dates (shifted for a researcher) and no free text.
 */
export interface OmopPatient {
  /** MRN when identified, the pseudonymous subject ID when de-identified. */
  sourceValue: string;
  sex: string | null | undefined;
  yearOfBirth: number;
  monthOfBirth: number | null;
  dayOfBirth: number | null;
  diagnosis: string | null | undefined;
  diagnosisDate: CalendarDate | null | undefined;
  firstAttackDate: CalendarDate | null | undefined;
  events: Record<string, unknown>[];
}

export type OmopRow = Record<string, unknown>;
export type OmopRows = Record<OmopTableName, OmopRow[]>;

/** The next id of each table, across the whole export: ids are row numbers, never the database's. */
export class OmopIds {
  private readonly next = new Map<string, number>();
  take(table: OmopTableName): number {
    const id = this.next.get(table) ?? 1;
    this.next.set(table, id + 1);
    return id;
  }
}

export const emptyOmopRows = (): OmopRows => ({
  person: [],
  observation_period: [],
  visit_occurrence: [],
  condition_occurrence: [],
  drug_exposure: [],
  procedure_occurrence: [],
  measurement: [],
  observation: [],
  episode: [],
  episode_event: [],
  cdm_source: [],
});

const TYPE = OMOP_CONCEPTS.ehr;
/** Records whose date is a visit at the clinic (an examination): measurements on that day belong to it. */
const VISIT_RECORDS = new Set(['edss', 'visual', 'bodyWeight']);
/** Acute treatments that are procedures rather than drugs (plasma exchange). */
const ACUTE_PROCEDURES = new Set(['plex']);
/** Therapy "agents" that are procedures (autologous haematopoietic stem cell transplantation). */
const THERAPY_PROCEDURES = new Set(['ahsct']);
const EDSS_FUNCTIONAL_SYSTEMS = 'functionalSystems';
const VISUAL_MEASURES = [
  'logmar',
  'visualFieldMdDb',
  'rnflMicrons',
  'gciplMicrons',
  'vepLatencyMs',
  'vepAmplitudeMicrovolts',
] as const;
const VISUAL_UNITS: Record<(typeof VISUAL_MEASURES)[number], string> = {
  logmar: '[logMAR]',
  visualFieldMdDb: 'dB',
  rnflMicrons: 'um',
  gciplMicrons: 'um',
  vepLatencyMs: 'ms',
  vepAmplitudeMicrovolts: 'uV',
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
/** Source values are varchar(50) in v5.4: longer text would fail COPY. */
const source = (value: string) => value.slice(0, 50);

/** The OMOP rows of one patient, appended to `out`; ids come from `ids`. Returns how many rows it added. */
export function appendOmopPatient(patient: OmopPatient, ids: OmopIds, out: OmopRows): number {
  const before = countRows(out);
  const personId = ids.take('person');
  const dates: CalendarDate[] = [];
  const base = { person_id: personId };
  const add = (table: OmopTableName, row: OmopRow) => {
    out[table].push(row);
  };

  // Visits first, so that measurements can point at the visit of their day.
  const visitOf = new Map<CalendarDate, number>();
  for (const event of patient.events) {
    const date = text(event.date);
    if (!VISIT_RECORDS.has(String(event.type)) || !date || visitOf.has(date)) continue;
    const id = ids.take('visit_occurrence');
    visitOf.set(date, id);
    dates.push(date);
    add('visit_occurrence', {
      visit_occurrence_id: id,
      ...base,
      visit_concept_id: OMOP_CONCEPTS.outpatientVisit,
      visit_start_date: date,
      visit_end_date: date,
      visit_type_concept_id: TYPE,
      visit_source_value: 'clinic visit',
    });
  }

  const condition = (date: CalendarDate, sourceValue: string, status?: string) => {
    const id = ids.take('condition_occurrence');
    dates.push(date);
    add('condition_occurrence', {
      condition_occurrence_id: id,
      ...base,
      condition_concept_id: OMOP_CONCEPTS.none,
      condition_start_date: date,
      condition_type_concept_id: TYPE,
      condition_source_value: source(sourceValue),
      condition_status_source_value: status ? source(status) : null,
    });
    return id;
  };
  let attackNumber = 0;
  /** An attack: a condition row, and an episode (v5.4 disease episode) that points at it. */
  const attack = (date: CalendarDate, sourceValue: string, severity?: string) => {
    const conditionId = condition(date, sourceValue, severity);
    const episodeId = ids.take('episode');
    attackNumber += 1;
    add('episode', {
      episode_id: episodeId,
      ...base,
      episode_concept_id: OMOP_CONCEPTS.none,
      episode_start_date: date,
      episode_number: attackNumber,
      episode_object_concept_id: OMOP_CONCEPTS.none,
      episode_type_concept_id: TYPE,
      episode_source_value: 'NMOSD attack',
    });
    add('episode_event', {
      episode_id: episodeId,
      event_id: conditionId,
      episode_event_field_concept_id: OMOP_CONCEPTS.conditionOccurrenceIdField,
    });
  };
  /** Ongoing exposures: they end at the patient's last recorded date, known once every row is made. */
  const ongoing: OmopRow[] = [];
  const drug = (start: CalendarDate, end: CalendarDate | null, sourceValue: string, extra: OmopRow = {}) => {
    dates.push(start);
    if (end) dates.push(end);
    const row = {
      drug_exposure_id: ids.take('drug_exposure'),
      ...base,
      drug_concept_id: OMOP_CONCEPTS.none,
      drug_exposure_start_date: start,
      drug_exposure_end_date: end,
      drug_type_concept_id: TYPE,
      drug_source_value: source(sourceValue),
      ...extra,
    };
    if (!end) ongoing.push(row);
    add('drug_exposure', row);
  };
  const procedure = (date: CalendarDate, sourceValue: string, extra: OmopRow = {}) => {
    dates.push(date);
    add('procedure_occurrence', {
      procedure_occurrence_id: ids.take('procedure_occurrence'),
      ...base,
      procedure_concept_id: OMOP_CONCEPTS.none,
      procedure_date: date,
      procedure_type_concept_id: TYPE,
      procedure_source_value: source(sourceValue),
      ...extra,
    });
  };
  const measurement = (date: CalendarDate, sourceValue: string, extra: OmopRow) => {
    dates.push(date);
    add('measurement', {
      measurement_id: ids.take('measurement'),
      ...base,
      measurement_concept_id: OMOP_CONCEPTS.none,
      measurement_date: date,
      measurement_type_concept_id: TYPE,
      visit_occurrence_id: visitOf.get(date) ?? null,
      measurement_source_value: source(sourceValue),
      ...extra,
    });
  };
  const observation = (date: CalendarDate, sourceValue: string, extra: OmopRow) => {
    dates.push(date);
    add('observation', {
      observation_id: ids.take('observation'),
      ...base,
      observation_concept_id: OMOP_CONCEPTS.none,
      observation_date: date,
      observation_type_concept_id: TYPE,
      visit_occurrence_id: visitOf.get(date) ?? null,
      observation_source_value: source(sourceValue),
      ...extra,
    });
  };

  if (patient.diagnosis && patient.diagnosisDate) condition(patient.diagnosisDate, `diagnosis ${patient.diagnosis}`);
  const onsets = patient.events.flatMap((event) => (event.type === 'relapse' ? [text(event.onsetDate)] : []));
  // A first attack recorded only as the patient's date (no attack record on that day) is still an attack.
  if (patient.firstAttackDate && !onsets.includes(patient.firstAttackDate))
    attack(patient.firstAttackDate, `${NMOSD_ICD10} first attack`);

  for (const event of patient.events) appendEvent(event);

  function appendEvent(event: Record<string, unknown>) {
    const date = text(event.date) as CalendarDate;
    switch (event.type) {
      case 'relapse': {
        const onset = text(event.onsetDate) as CalendarDate;
        attack(onset, `${NMOSD_ICD10} attack ${text(event.phenotype) ?? ''}`.trim(), text(event.severity) ?? undefined);
        for (const treatment of (event.acuteTreatments ?? []) as Record<string, unknown>[]) {
          const start = text(treatment.startDate) as CalendarDate;
          const kind = String(treatment.type);
          if (ACUTE_PROCEDURES.has(kind)) procedure(start, `acute ${kind}`, { quantity: num(treatment.sessions) });
          else {
            const days = num(treatment.days);
            const dose = num(treatment.dailyDoseMg);
            drug(start, addDays(start, (days ?? 1) - 1), `acute ${kind}`, {
              days_supply: days,
              sig: dose === null ? null : `${dose} mg daily`,
              dose_unit_source_value: dose === null ? null : 'mg',
            });
          }
        }
        return;
      }
      case 'therapy': {
        const agent = String(event.agent);
        const start = text(event.startDate) as CalendarDate;
        const stop = text(event.stopDate);
        if (THERAPY_PROCEDURES.has(agent)) {
          procedure(start, agent);
          return;
        }
        const dose = num(event.doseMg);
        const schedule = text(event.schedule);
        drug(start, stop as CalendarDate | null, agent, {
          verbatim_end_date: stop,
          stop_reason: text(event.stopReason)?.slice(0, 20) ?? null,
          sig: [dose === null ? null : `${dose} mg`, schedule].filter(Boolean).join(' ') || null,
          dose_unit_source_value: dose === null ? null : 'mg',
        });
        for (const given of (event.administrations ?? []) as Record<string, unknown>[]) {
          if (given.planned === true) continue;
          const day = text(given.date) as CalendarDate;
          const givenDose = num(given.doseMg);
          drug(day, day, `${agent} dose`, {
            quantity: givenDose,
            dose_unit_source_value: givenDose === null ? null : 'mg',
          });
        }
        return;
      }
      case 'prophylaxis': {
        const start = text(event.startDate) as CalendarDate;
        drug(start, text(event.stopDate) as CalendarDate | null, String(event.agent), {
          verbatim_end_date: text(event.stopDate),
          sig: text(event.indication) ? `for ${text(event.indication)}` : null,
        });
        return;
      }
      case 'vaccination':
        drug(date, date, ['vaccine', text(event.vaccine), text(event.product)].filter(Boolean).join(' '));
        return;
      case 'edss': {
        measurement(date, EDSS_SOURCE_VALUE, { value_as_number: num(event.score) });
        const systems = (event[EDSS_FUNCTIONAL_SYSTEMS] ?? {}) as Record<string, unknown>;
        for (const [system, score] of Object.entries(systems))
          if (typeof score === 'number') measurement(date, `EDSS FS ${system}`, { value_as_number: score });
        return;
      }
      case 'lab':
        measurement(date, `lab ${String(event.test)}`, {
          value_as_number: num(event.value),
          unit_source_value: text(event.unit),
          value_source_value: text(event.result),
        });
        return;
      case 'antibody':
        measurement(date, `${String(event.antibody)}-IgG ${String(event.assay)}`, {
          value_as_number: num(event.titer),
          value_source_value: text(event.result),
        });
        return;
      case 'mri': {
        const region = String(event.region);
        procedure(date, `MRI ${region}`);
        const lesions = num(event.newT2Lesions);
        if (lesions !== null) measurement(date, `MRI ${region} new T2 lesions`, { value_as_number: lesions });
        const segments = num(event.extensiveSegments);
        if (segments !== null) measurement(date, `MRI ${region} lesion segments`, { value_as_number: segments });
        if (typeof event.gadolinium === 'boolean')
          measurement(date, `MRI ${region} gadolinium enhancement`, {
            value_source_value: event.gadolinium ? 'yes' : 'no',
          });
        return;
      }
      case 'visual':
        for (const field of VISUAL_MEASURES) {
          const value = num(event[field]);
          if (value !== null)
            measurement(date, `${field} ${String(event.eye)}`, {
              value_as_number: value,
              unit_source_value: VISUAL_UNITS[field],
            });
        }
        return;
      case 'bodyWeight':
        measurement(date, 'body weight', { value_as_number: num(event.kg), unit_source_value: 'kg' });
        return;
      case 'pregnancy':
        observation(text(event.startDate) as CalendarDate, 'pregnancy', { value_source_value: text(event.outcome) });
        return;
      case 'referral':
        observation(date, 'referral', { value_source_value: text(event.specialty) });
        return;
    }
  }

  add('person', {
    ...base,
    gender_concept_id: genderConceptOf(patient.sex),
    year_of_birth: patient.yearOfBirth,
    month_of_birth: patient.monthOfBirth,
    day_of_birth: patient.dayOfBirth,
    race_concept_id: OMOP_CONCEPTS.none,
    ethnicity_concept_id: OMOP_CONCEPTS.none,
    person_source_value: source(patient.sourceValue),
    gender_source_value: patient.sex ?? null,
  });
  // One period from the first to the last recorded day, so every row lies inside it. Not the export date:
  // moved by a subject's shift, the (known) export date would give the shift away.
  const sorted = dates.sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  for (const row of ongoing) row.drug_exposure_end_date = last;
  if (first && last)
    add('observation_period', {
      observation_period_id: ids.take('observation_period'),
      ...base,
      observation_period_start_date: first,
      observation_period_end_date: last,
      period_type_concept_id: TYPE,
    });
  return countRows(out) - before;
}

const countRows = (rows: OmopRows) => Object.values(rows).reduce((sum, table) => sum + table.length, 0);
