import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const AUDIT_MODULE = 'packages/storage/src/audit-log.ts';

/** An audit row written any other way: Prisma's create calls, a bulk insert or raw SQL into the table. */
const AUDIT_WRITE =
  /auditEvent\s*\.\s*(create|createMany|createManyAndReturn|upsert)\b|insertRows\([^)]*['"`]AuditEvent['"`]|INSERT\s+INTO\s+"?AuditEvent/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('the audit log', () => {
  it('is written only through the audit module (its typed actions are the whole list)', () => {
    const writers = ['packages', 'apps']
      .flatMap((area) => readdirSync(join(ROOT, area)).map((name) => join(ROOT, area, name, 'src')))
      .flatMap((src) => {
        try {
          return sourceFiles(src);
        } catch {
          return [];
        }
      })
      .map((path) => relative(ROOT, path))
      .filter((path) => path !== AUDIT_MODULE && AUDIT_WRITE.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(writers).toEqual([]);
    expect(AUDIT_WRITE.test(readFileSync(join(ROOT, AUDIT_MODULE), 'utf8'))).toBe(true);
  });
});
