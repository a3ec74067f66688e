/**
 * The PDF sweep (fixtures/pdf-sweep/, made by scripts/make-pdf-sweep.mjs): three filled
 * reports printed by LibreOffice and by headless Chromium with the page breaks moved
 * through every row of tables 二, 三 and 四, value columns narrowed so that numbers wrap
 * inside their cells, portrait and landscape, labels set bottom to top, a page turned with
 * /Rotate. Every print must give the expected tables
 * exactly (expected/<content>.json, written from the contents' numbers): no wrong number,
 * no null.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { ResultSchema } from '../src/schema.js';
import { compare, FIXTURES, type Expected } from './helpers/corpus.js';

interface Print {
  file: string;
  content: string;
  producer: 'libreoffice' | 'chromium';
  spacer: number;
  narrow: boolean;
  landscape?: boolean;
  btlr?: boolean;
  rotate?: boolean;
  /** A page of the print was dropped: the row cut at the foot of the page before has no continuation. */
  lost?: boolean;
  bytes: number;
}

const DIR = path.join(FIXTURES, 'pdf-sweep');
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Print[];
const expected = (content: string) => JSON.parse(readFileSync(path.join(DIR, 'expected', `${content}.json`), 'utf8')) as Expected;
const asserted = manifest.filter((p) => !p.lost);

describe('PDF sweep: the set', () => {
  it('holds three contents × two producers, page breaks through a whole page, under 15 MB', () => {
    const count = (producer: string, content: string) => asserted.filter((p) => p.producer === producer && p.content === content).length;
    for (const content of ['huaian-2024', 'city-2020', 'mixed-2022']) {
      expect(count('libreoffice', content), `libreoffice ${content}`).toBeGreaterThanOrEqual(30);
      expect(count('chromium', content), `chromium ${content}`).toBeGreaterThanOrEqual(10);
    }
    for (const producer of ['libreoffice', 'chromium']) {
      const spacers = asserted.filter((p) => p.producer === producer && !p.landscape).map((p) => p.spacer);
      expect(Math.max(...spacers) - Math.min(...spacers), producer).toBeGreaterThan(650); // the tables moved over a whole page
      expect(asserted.some((p) => p.producer === producer && p.landscape)).toBe(true);
    }
    const total = manifest.reduce((s, p) => s + p.bytes, 0);
    expect(total).toBeLessThan(15 * 1024 * 1024);
    for (const p of manifest) expect(existsSync(path.join(DIR, p.file)), p.file).toBe(true);
  });
});

describe('PDF sweep: every print exact', () => {
  for (const p of asserted) {
    it(`${p.file}`, async () => {
      const file = path.join(DIR, p.file);
      const result = await extract(readFileSync(file), { path: file });
      ResultSchema.parse(result);
      expect(compare(result, expected(p.content))).toEqual([]);
    }, 30_000);
  }
});

describe('PDF sweep: a number whose other half is lost is null, never shorter', () => {
  for (const p of manifest.filter((m) => m.lost)) {
    it(`${p.file}: no wrong number; the cut row (447 printed 44 | 7) null with cell_unreadable`, async () => {
      const file = path.join(DIR, p.file);
      const result = await extract(readFileSync(file), { path: file });
      ResultSchema.parse(result);
      const exp = expected(p.content);
      const tables = result.tables as unknown as Expected['tables'];
      const wrong: string[] = [];
      for (const [t, rows] of Object.entries(exp.tables))
        for (const [r, cols] of Object.entries(rows))
          for (const [c, want] of Object.entries(cols)) {
            const got = tables[t][r][c];
            if (got !== null && got !== want) wrong.push(`${t}.${r}.${c}: ${got} (expected ${want})`);
          }
      expect(wrong).toEqual([]);
      expect(result.tables.applications.partially_granted.natural_person).toBeNull();
      expect(result.warnings.filter((w) => w.code === 'cell_unreadable' && w.field?.startsWith('applications.partially_granted.')).length).toBe(7);
      // what came before the cut row is read
      expect(result.tables.applications.granted.natural_person).toBe(1288);
    });
  }
});

describe('PDF sweep: text direction and page rotation', () => {
  it('includes prints with bottom-to-top labels and a /Rotate page in the asserted set', () => {
    expect(asserted.filter((p) => p.btlr).length).toBeGreaterThanOrEqual(2);
    expect(asserted.filter((p) => p.rotate).length).toBeGreaterThanOrEqual(1);
  });
});
