import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** What each package of ours may import (DESIGN.md: dependencies point down only). */
const ALLOWED: Record<string, string[]> = {
  'packages/domain': [],
  'packages/db': [],
  'packages/storage': ['@nmo/domain', '@nmo/db'],
  'packages/exchange': ['@nmo/domain', '@nmo/db', '@nmo/storage'],
  'packages/api': ['@nmo/domain', '@nmo/db', '@nmo/storage', '@nmo/exchange'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('package layers', () => {
  it.each(Object.entries(ALLOWED))('%s imports only the packages below it', (pkg, allowed) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@nmo/'));
    expect(declared.filter((name) => !allowed.includes(name))).toEqual([]);
    const imported = new Set(
      sourceFiles(join(ROOT, pkg, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/from '(@nmo\/[a-z-]+)/g)].map((match) => match[1] as string),
      ),
    );
    expect([...imported].filter((name) => !allowed.includes(name) && name !== `@nmo/${pkg.split('/')[1]}`)).toEqual([]);
  });
});
