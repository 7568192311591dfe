import { Prisma } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { filterConditions, whereClause } from '../src/cohort/filters.ts';
import { afterCursor, encodeCursor, OVERVIEW_COLUMNS, type OverviewSort, orderByClause } from '../src/cohort/sort.ts';
import { useCohortDatabase } from './support.ts';

const today = todayInClinic();
let prisma: Parameters<Parameters<typeof useCohortDatabase>[2]>[0]['prisma'];
useCohortDatabase(generateCohort({ patients: 30, seed: 34, asOf: today }), today, async (database) => {
  prisma = database.prisma;
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The plan of an overview page with a flag filter when the planner may not sort (nor scan the
 * table or a bitmap): it then shows whether an index yields the page's order by itself. A Sort or
 * Incremental Sort node means none does.
 */
async function pagePlan(sort: OverviewSort, cursor?: string): Promise<PlanNode[]> {
  const conditions = filterConditions({ flagCodes: ['EDSS_OVERDUE'] });
  const where = whereClause(cursor ? [...conditions, afterCursor(sort, cursor)] : conditions);
  return prisma.$transaction(async (tx) => {
    for (const setting of ['enable_sort', 'enable_incremental_sort', 'enable_seqscan', 'enable_bitmapscan'])
      await tx.$executeRawUnsafe(`SET LOCAL ${setting} = off`);
    const query: Prisma.Sql = Prisma.sql`EXPLAIN (FORMAT JSON) SELECT "patientId" FROM "PatientSummary" ${where}
      ${orderByClause(sort)} LIMIT 51`;
    const [row] = await tx.$queryRaw<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(query);
    const plan = row?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('no plan');
    return nodesOf(plan);
  });
}

const sorts = OVERVIEW_COLUMNS.flatMap((column) =>
  (['asc', 'desc'] as const).map((direction) => ({ column, direction }) as OverviewSort),
);

describe('the overview pages through an index in each sort order (decision 0034)', () => {
  it.each(sorts.map((sort) => [`${sort.column} ${sort.direction}`, sort] as const))(
    '%s: an index gives the order, MRN last, with no sort step',
    async (_name, sort) => {
      const nodes = await pagePlan(sort);
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Incremental Sort');
      const scan = nodes.find((node) => node['Node Type'] === 'Index Scan');
      const expected =
        sort.column === 'mrn' ? 'PatientSummary_mrn_idx' : `PatientSummary_sort_${sort.column}_${sort.direction}_idx`;
      expect(scan?.['Index Name']).toBe(expected);
    },
  );

  it('a next page by cursor keeps the index order', async () => {
    const sort: OverviewSort = { column: 'lastEdss', direction: 'desc' };
    const cursor = encodeCursor(sort, { lastEdssScore: 3.5, mrn: 'M-1' });
    const nodes = await pagePlan(sort, cursor);
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(nodes.find((node) => node['Node Type'] === 'Index Scan')?.['Index Name']).toBe(
      'PatientSummary_sort_lastEdss_desc_idx',
    );
  });

  it('a next page starts its walk at the cursor, not at the first row of the index', async () => {
    const sort: OverviewSort = { column: 'attacks', direction: 'desc' };
    const nodes = await pagePlan(sort, encodeCursor(sort, { attackCount: 2, mrn: 'M-1' }));
    const scan = nodes.find((node) => node['Index Name'] === 'PatientSummary_sort_attacks_desc_idx');
    expect(scan?.['Index Cond']).toMatch(/"attackCount" <= 2/);
    const severity: OverviewSort = { column: 'severity', direction: 'desc' };
    const cursor = encodeCursor(severity, { worstSeverityRank: 1, maxDaysOverdue: 30, mrn: 'M-1' });
    const severityScan = (await pagePlan(severity, cursor)).find(
      (node) => node['Index Name'] === 'PatientSummary_sort_severity_desc_idx',
    );
    expect(severityScan?.['Index Cond']).toMatch(/"worstSeverityRank" >= 1/);
  });

  it('a next page in one direction starts at the cursor row itself, not at the first of its equal values', async () => {
    const sort: OverviewSort = { column: 'daysOverdue', direction: 'asc' };
    const nodes = await pagePlan(sort, encodeCursor(sort, { maxDaysOverdue: 0, mrn: 'M-1' }));
    const scan = nodes.find((node) => node['Index Name'] === 'PatientSummary_sort_daysOverdue_asc_idx');
    expect(scan?.['Index Cond']).toMatch(/ROW\("maxDaysOverdue", mrn\) > ROW\(0, 'M-1'::text\)/);
  });

  it('least severe first with a flag filter starts at the patients with an open flag, not at those without', async () => {
    const nodes = await pagePlan({ column: 'severity', direction: 'asc' });
    const scan = nodes.find((node) => node['Index Name'] === 'PatientSummary_sort_severity_asc_idx');
    expect(scan?.['Index Cond']).toMatch(/"worstSeverityRank" < 3/);
  });
});
