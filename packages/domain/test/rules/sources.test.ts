import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../src/rules/sources.ts';

/** A flag's "why" must let a neurologist find the evidence: a publication, label or guideline. */
describe('SOURCES', () => {
  it.each(Object.entries(SOURCES))('%s names a real publication, label or guideline', (_id, text) => {
    // An identifier a reader can look up: DOI, PMID, PMC id, or a named drug label.
    expect(text).toMatch(/doi:10\.\d{4,}\/\S+|PMID \d{7,8}|PMC\d{6,}|US prescribing information|FDA boxed warning/);
    // A year of publication or of the label.
    expect(text).toMatch(/\b(19|20)\d{2}\b|prescribing information|boxed warning/);
    // Never an internal file or the project's own seed document.
    expect(text).not.toMatch(/\.md\b|NMOSD guideline|clinical-research|the guideline/i);
  });
});

/** No code, comment or message cites the project's internal notes instead of a publication. */
describe('citations in the source tree', () => {
  it('never name an internal reference file or an unnamed "NMOSD guideline"', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../../../..');
    const offenders: string[] = [];
    for (const dir of ['packages', 'apps']) {
      const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        const path = join(entry.parentPath, entry.name);
        if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
        if (/node_modules|generated|[/\\]test[/\\]|\.test\.tsx?$/.test(path)) continue;
        const text = await readFile(path, 'utf8');
        if (/clinical-research\.md|nmosd-guideline|standards-and-labels|NMOSD guideline/i.test(text))
          offenders.push(path);
      }
    }
    expect(offenders).toEqual([]);
  });
});
