import { OMOP_TABLE_NAMES, OMOP_TABLES, type OmopTableName } from './tables.ts';

/**
 * PostgreSQL DDL for the tables this export writes, as the v5.4 specification defines them
 * (tables.ts): CREATE TABLE, the primary keys (xpk_*) and the foreign keys (fpk_*) between the
 * written tables and to CONCEPT, named as in the official constraints file. Tables that the export
 * does not write (provider, care_site, location, visit_detail) get no constraint, since their ids
 * are always empty here. The tests create the tables from it and load the export into them.
 */
export function omopDdl(schema: string, options: { conceptForeignKeys: boolean }): string[] {
  const statements: string[] = [];
  for (const name of OMOP_TABLE_NAMES) {
    const table = OMOP_TABLES[name];
    const columns = table.columns.map((c) => `  ${c.name} ${c.type}${c.required ? ' NOT NULL' : ' NULL'}`);
    statements.push(`CREATE TABLE ${schema}.${name} (\n${columns.join(',\n')}\n)`);
  }
  for (const name of OMOP_TABLE_NAMES) {
    const key = OMOP_TABLES[name].primaryKey;
    if (key) statements.push(`ALTER TABLE ${schema}.${name} ADD CONSTRAINT xpk_${name} PRIMARY KEY (${key})`);
  }
  const foreignKey = (name: OmopTableName, column: string, target: string, targetColumn: string) =>
    `ALTER TABLE ${schema}.${name} ADD CONSTRAINT fpk_${name}_${column} FOREIGN KEY (${column}) REFERENCES ${schema}.${target} (${targetColumn})`;
  for (const name of OMOP_TABLE_NAMES) {
    for (const { name: column } of OMOP_TABLES[name].columns) {
      if (column === 'person_id' && name !== 'person') statements.push(foreignKey(name, column, 'person', 'person_id'));
      else if (column === 'visit_occurrence_id' && name !== 'visit_occurrence')
        statements.push(foreignKey(name, column, 'visit_occurrence', 'visit_occurrence_id'));
      else if (column === 'preceding_visit_occurrence_id')
        statements.push(foreignKey(name, column, 'visit_occurrence', 'visit_occurrence_id'));
      else if (column === 'episode_id' && name === 'episode_event')
        statements.push(foreignKey(name, column, 'episode', 'episode_id'));
      else if (column === 'episode_parent_id') statements.push(foreignKey(name, column, 'episode', 'episode_id'));
      else if (options.conceptForeignKeys && column.endsWith('concept_id'))
        statements.push(foreignKey(name, column, 'concept', 'concept_id'));
    }
  }
  return statements;
}
