/** src/tables.ts (the leaf types of Result.tables) is generated from the template and must be current. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
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
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'tests/types/typed-api.ts', 'src/read/ocr/vendor.d.ts'];
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(out).toBe('');
  }, 120_000);
});
