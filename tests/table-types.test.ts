/** src/tables.ts (the leaf types of Result.tables) is generated from the template and must be current. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FALLBACK_SEVERITY } from '../src/write/severity.js';
import { ROOT } from './helpers/corpus.js';
import { tableTypesSource } from './helpers/table-types.js';

const FILE = path.join(ROOT, 'src', 'tables.ts');

describe('typed library API', () => {
  it('src/tables.ts is what the template generates', () => {
    if (process.env.XXGK_WRITE_TYPES === '1') writeFileSync(FILE, tableTypesSource());
    expect(readFileSync(FILE, 'utf8')).toBe(tableTypesSource());
  });

  it('types Result.tables to the leaf and warning codes as a union (tsc on tests/types/typed-api.ts)', () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'tests/types/typed-api.ts'];
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(out).toBe('');
  }, 120_000);

  it('every warning code the sources emit is in the union and documented in README.md', () => {
    const codes = new Set<string>();
    const files = ['api.ts', 'postcheck.ts', 'extract/grid.ts', 'extract/stream.ts', 'extract/index.ts', 'extract/locate.ts', 'extract/meta.ts', 'extract/glued.ts', 'read/html.ts', 'read/docx.ts', 'read/pdf.ts', 'read/text.ts'];
    for (const f of files) {
      let text = '';
      try {
        text = readFileSync(path.join(ROOT, 'src', f), 'utf8');
      } catch {
        continue; // moved by a restructure: the remaining files still count
      }
      for (const m of text.matchAll(/(?:code: |warn\()'([a-z_]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(20);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const c of codes) {
      expect(Object.keys(FALLBACK_SEVERITY), c).toContain(c);
      if (!c.startsWith('docx_')) expect(readme, c).toContain(`\`${c}\``);
    }
  });
});
