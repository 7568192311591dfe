import type { DbClient } from '@nmo/db';
import {
  ageInYears,
  descriptorOf,
  EVENT_TYPES,
  type EventType,
  type LeafField,
  leafFieldsOf,
  RESEARCH_SAFE_CLASSES,
  type RecordDescriptor,
  type RecordType,
  type ValueKind,
} from '@nmo/domain';
import { type DeidentifyOptions, dateShiftOf, subjectIdOf } from '../deidentify/deidentify.ts';
import type { SelectedPatient } from '../timeline/pages.ts';
import { escapeFormulaCellSql } from './formula-cells.ts';
import { DEIDENTIFIED_PATIENT_COLUMNS, PATIENT_COLUMNS, type RecordColumn, recordColumnsFor } from './long-columns.ts';

/**
 * The CSV long layout rendered by PostgreSQL: one query per page of patients returns the finished
 * CSV lines in export order. Building the rows in JavaScript from loaded timelines ran at about
 * 30,000 rows/s; this is the database's own speed (docs/PERFORMANCE.md). `csvLongRows` stays the
 * reference: a test checks both give the same bytes, identified and de-identified.
 */

type Kind = 'calendar' | 'shift' | 'relative';

/**
 * A free-text cell as toCsv writes it: an apostrophe in front of a spreadsheet formula
 * (formula-cells.ts), then quoted when it holds a comma, quote or line break. Codes, dates and
 * numbers go through `text`: none can begin with a formula character other than a number's minus.
 */
const quoted = (sql: string) => {
  const cell = escapeFormulaCellSql(sql);
  return `(CASE WHEN ${cell} ~ '[,"\\r\\n]' THEN '"' || replace(${cell}, '"', '""') || '"' ELSE ${cell} END)`;
};
/** A code, number or count as PostgreSQL writes it (the shortest exact form for floats, as JavaScript does). */
const text = (sql: string) => `(${sql})::text`;
const flag = (sql: string) => `(CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' END)`;

function dateOf(kind: Kind, sql: string): string {
  if (kind === 'calendar') return `to_char(${sql}, 'YYYY-MM-DD')`;
  if (kind === 'shift') return `to_char(${sql} - s.shift, 'YYYY-MM-DD')`;
  return `((${sql}) - coalesce(s.anchor, ${sql}))::text`;
}

interface RecordSource {
  record: string;
  /** FROM … WHERE, with `e` the record's row (and `parent` its parent's for parts). */
  from: string;
  /**
   * The event's timeline date, type rank and what tells apart events of one type on one date: the
   * order of compareEvents (its identity strings differ only there once date and type are equal).
   */
  eventDate: string;
  type: EventType;
  identity: string;
  /** 0 for an event, 1 for its parts, ordered by date then type as sortTreatments does. */
  part: 0 | 1;
  partDate?: string;
  partType?: string;
  cells: (kind: Kind) => Partial<Record<RecordColumn, string>>;
}

const live = (table: string, alias: string) =>
  `"${table}" ${alias} WHERE ${alias}."patientId" = s.id AND ${alias}."deletedAt" IS NULL`;
const iso = (sql: string) => `to_char(${sql}, 'YYYY-MM-DD')`;

/** A field's database column on the row `alias`. */
const columnSql = (alias: string, field: string, spec: LeafField) => `${alias}."${spec.column ?? field}"`;

/** A field's cell by its class: dates moved as the export asks; free text and identifiers only when identified. */
function cellSql(kind: Kind, spec: LeafField, valueKind: ValueKind, column: string) {
  if (spec.class === 'date') return dateOf(kind, column);
  if (!RESEARCH_SAFE_CLASSES.includes(spec.class)) return kind === 'calendar' ? quoted(column) : undefined;
  return valueKind === 'boolean' ? flag(column) : text(column);
}

/** The cells of a record type's row `alias`, by CSV column. */
function cellsSql(kind: Kind, type: RecordType, alias: string): Partial<Record<RecordColumn, string>> {
  const cells: Partial<Record<RecordColumn, string>> = {};
  for (const leaf of leafFieldsOf(descriptorOf(type))) {
    const cell = cellSql(kind, leaf.spec, leaf.kind, columnSql(alias, leaf.field, leaf.spec));
    if (cell !== undefined) cells[leaf.spec.csv] = cell;
  }
  return cells;
}

/** What tells apart records of one type on one day: the identity fields other than the date. */
function identitySql(type: RecordType, alias: string): string {
  const { identity, dateField, fields } = descriptorOf(type);
  const parts = identity
    .filter((field) => field !== dateField)
    .map((field) => `${columnSql(alias, field, fields[field] as LeafField)}::text`);
  return parts.length > 0 ? parts.join(` || ' ' || `) : "''";
}

const dateColumnSql = (type: RecordType, alias: string) => {
  const { dateField, fields } = descriptorOf(type);
  return columnSql(alias, dateField, fields[dateField] as LeafField);
};

/** The rows of an event type, and of its parts (with the columns that name their parent), from the registry. */
function sourcesOf(type: EventType): RecordSource[] {
  const descriptor = descriptorOf(type);
  const event: RecordSource = {
    record: descriptor.names.csv,
    from: live(descriptor.names.table, 'e'),
    eventDate: dateColumnSql(type, 'e'),
    type,
    identity: identitySql(type, 'e'),
    part: 0,
    cells: (k) => cellsSql(k, type, 'e'),
  };
  if (!descriptor.parts) return [event];
  const partType = descriptor.parts.type;
  const part = descriptorOf(partType);
  const parent = part.parent as NonNullable<RecordDescriptor['parent']>;
  return [
    event,
    {
      record: part.names.csv,
      from: `"${part.names.table}" c JOIN "${descriptor.names.table}" e ON e.id = c."${parent.key}" AND e."deletedAt" IS NULL
      WHERE c."patientId" = s.id AND c."deletedAt" IS NULL`,
      eventDate: event.eventDate,
      type,
      identity: event.identity,
      part: 1,
      partDate: dateColumnSql(partType, 'c'),
      partType: identitySql(partType, 'c'),
      cells: (k) => {
        const leaves = leafFieldsOf(descriptor);
        const naming = Object.entries(parent.csv).map(([column, field]) => {
          const leaf = leaves.find((candidate) => candidate.path === field) as (typeof leaves)[number];
          return [column, cellSql(k, leaf.spec, leaf.kind, columnSql('e', field, leaf.spec))];
        });
        return { ...cellsSql(k, partType, 'c'), ...Object.fromEntries(naming) };
      },
    },
  ];
}

const SOURCES: RecordSource[] = EVENT_TYPES.flatMap(sourcesOf);

/** The day relative dates count from, as anchorDateOf defines it, for the patient `s`. */
const ANCHOR = `coalesce(
  p."firstAttackDate",
  (SELECT min(r."onsetDate") FROM "Relapse" r WHERE r."patientId" = p.id AND r."deletedAt" IS NULL),
  least(
    ${EVENT_TYPES.map(
      (type) =>
        `(SELECT min(${dateColumnSql(type, 'x')}) FROM "${descriptorOf(type).names.table}" x WHERE x."patientId" = p.id AND x."deletedAt" IS NULL)`,
    ).join(',\n    ')}
  ),
  p."diagnosisDate")`;

const COMORBIDITIES = `(SELECT string_agg(c::text, ';' ORDER BY c::text COLLATE "C") FROM unnest(p.comorbidities) c)`;

function patientCells(kind: Kind): Record<string, string> {
  const clinical = {
    diagnosis: text('p.diagnosis'),
    diagnosis_date: dateOf(kind, 'p."diagnosisDate"'),
    first_attack_date: dateOf(kind, 'p."firstAttackDate"'),
    aqp4_status: text('p."aqp4Status"'),
    mog_status: text('p."mogStatus"'),
    comorbidities: COMORBIDITIES,
  };
  if (kind === 'calendar')
    return {
      mrn: quoted('p.mrn'),
      given_name: quoted('p."givenName"'),
      family_name: quoted('p."familyName"'),
      birth_date: iso('p."birthDate"'),
      sex: text('p.sex'),
      ...clinical,
    };
  return {
    subject_id: 's.subject',
    sex: text('p.sex'),
    birth_year: 's.birth_year::text',
    age_group: 's.age_group',
    ...clinical,
  };
}

const line = (cells: string[]) => cells.map((cell) => `coalesce(${cell}, '')`).join(` || ',' || `);

/** The query of one page: $1 ids, $2 order, and for de-identified files $3 subject IDs, $4 shifts, $5 birth years, $6 age groups. */
function pageQuery(kind: Kind): string {
  const recordColumns = recordColumnsFor(kind !== 'calendar');
  const patientColumns = kind === 'calendar' ? PATIENT_COLUMNS : DEIDENTIFIED_PATIENT_COLUMNS;
  const typeRank = (type: EventType) => EVENT_TYPES.indexOf(type);
  const records = SOURCES.map((source) => {
    const cells = { record: `'${source.record}'`, ...source.cells(kind) } as Record<string, string>;
    const recordLine = line(recordColumns.map((column) => cells[column] ?? 'NULL'));
    return `SELECT ${source.eventDate} AS event_date, ${typeRank(source.type)} AS type_rank,
        ${source.identity} AS identity, ${source.part} AS part, ${source.partDate ?? 'NULL::date'} AS part_date,
        ${source.partType ?? "''"} AS part_type,
        ${recordLine} AS cells FROM ${source.from}`;
  });
  const patientOnly = line(recordColumns.map((column) => (column === 'record' ? "'patient'" : 'NULL')));
  const patient = patientCells(kind);
  const selection =
    kind === 'calendar'
      ? 'unnest($1::uuid[], $2::int[]) AS sel(id, ord)'
      : 'unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[]) AS sel(id, ord, subject, shift, birth_year, age_group)';
  // The patient's cells are rendered once per patient, then put in front of each of its rows.
  return `WITH a AS (
      SELECT sel.*, ${kind === 'relative' ? ANCHOR : 'NULL::date'} AS anchor
      FROM ${selection} JOIN "Patient" p ON p.id = sel.id AND p."deletedAt" IS NULL
    ), s AS MATERIALIZED (
      SELECT s.*, ${line(patientColumns.map((column) => patient[column] ?? 'NULL'))} || ',' AS patient_cells
      FROM a s JOIN "Patient" p ON p.id = s.id
    )
    SELECT s.patient_cells || r.cells AS line
    FROM s
    CROSS JOIN LATERAL (
      ${records.join('\n      UNION ALL\n      ')}
      UNION ALL
      SELECT NULL, NULL, NULL, 2, NULL, '', ${patientOnly}
    ) r
    WHERE r.part < 2 OR NOT EXISTS (${SOURCES.filter((source) => source.part === 0)
      .map((source) => `SELECT 1 FROM ${source.from}`)
      .join(' UNION ALL ')})
    ORDER BY s.ord, r.event_date, r.type_rank, r.identity COLLATE "C", r.part, r.part_date, r.part_type COLLATE "C"`;
}

const QUERIES: Record<Kind, string> = {
  calendar: pageQuery('calendar'),
  shift: pageQuery('shift'),
  relative: pageQuery('relative'),
};

/** The CSV lines (without line ends) of a page of patients, in the order given. */
export async function csvLongLinesOf(
  db: DbClient,
  patients: SelectedPatient[],
  deidentify: DeidentifyOptions | undefined,
): Promise<string[]> {
  if (patients.length === 0) return [];
  const ids = patients.map((patient) => patient.id);
  const order = patients.map((_, index) => index);
  const params: unknown[] = [ids, order];
  if (deidentify) {
    const ages = patients.map((patient) => ageInYears(patient.birthDate, deidentify.today));
    params.push(
      patients.map((patient) => subjectIdOf(deidentify.key, patient.mrn)),
      patients.map((patient) => dateShiftOf(deidentify.key, patient.mrn)),
      patients.map((patient, i) => ((ages[i] ?? 0) >= 90 ? null : Number(patient.birthDate.slice(0, 4)))),
      ages.map((age) => (age >= 90 ? '90+' : null)),
    );
  }
  const kind: Kind = deidentify ? deidentify.dates : 'calendar';
  const rows = await db.$queryRawUnsafe<{ line: string }[]>(QUERIES[kind], ...params);
  return rows.map((row) => row.line);
}

/**
 * The identified export of these patients as one self-contained statement (COPY takes no
 * parameters): what the export runs through COPY when given a connection for it (copy-out.ts), and
 * what the bench times as PostgreSQL's own `COPY (query) TO STDOUT` on the same data.
 */
export function csvLongCopyQuery(patientIds: string[]): string {
  for (const id of patientIds) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a patient id: ${id}`);
  return QUERIES.calendar
    .replace('$1::uuid[]', `'{${patientIds.join(',')}}'::uuid[]`)
    .replace('$2::int[]', `'{${patientIds.map((_, index) => index).join(',')}}'::int[]`);
}
