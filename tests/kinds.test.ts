/**
 * Kinds seen on held-out real reports (issue 13), each on a corpus document edited by
 * scripts/make-kinds-fixtures.mjs; expected values are the document's (corpus expected.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Result } from '../src/schema.js';
import { compare, FIXTURES, type Expected } from './helpers/corpus.js';

async function fixture(name: string): Promise<{ r: Result; exp: Expected }> {
  const dirs = ['text', 'html'].map((d) => path.join(FIXTURES, d));
  const file = dirs.flatMap((dir) => ['md', 'txt', 'html'].map((e) => path.join(dir, `${name}.${e}`))).find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
  if (!file) throw new Error(`fixture ${name} missing: run node scripts/make-kinds-fixtures.mjs`);
  const r = await extract(readFileSync(file), { path: file });
  const exp = JSON.parse(readFileSync(file.replace(/\.[a-z]+$/, '.expected.json'), 'utf8')) as Expected;
  return { r, exp };
}

const codes = (r: Result, code: string) => r.warnings.filter((w) => w.code === code);

describe('a section heading that differs from the template', () => {
  it('与 for 、 in table 四 heading: table 四 is located by its labels (kewei-2024)', async () => {
    const { r, exp } = await fixture('kewei-2024-heading-yu');
    expect(compare(r, exp)).toEqual([]);
    // as printed: 1 0 0 0 1 | 0 0 0 0 0 | 0 0 0 0 0
    expect(r.tables.review_litigation.review).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(codes(r, 'table_by_content').map((w) => w.field)).toEqual(['review_litigation']);
    expect(codes(r, 'table_not_found')).toEqual([]);
  });

  it('one-line dump with table 三 heading missing and table 四 heading misspelt (行政法复议): both tables read (pingtan-2021)', async () => {
    const { r, exp } = await fixture('pingtan-2021-headings-lost');
    expect(compare(r, exp)).toEqual([]);
    // printed 640020470: 64|0|0|2|0|4|70
    expect(r.tables.applications.new_received.total).toBe(70);
    expect(codes(r, 'table_by_content').map((w) => w.field).sort()).toEqual(['applications', 'review_litigation']);
  });

  it('web page with table 四 under a copy of table 三 heading: content wins, with a warning (pingtan-2023)', async () => {
    const { r, exp } = await fixture('pingtan-2023-heading-swapped');
    expect(compare(r, exp)).toEqual([]);
    const w = codes(r, 'table_by_content');
    expect(w.map((x) => x.field)).toEqual(['review_litigation']);
    expect(w[0].message).toMatch(/heading of table 三/);
  });
});
