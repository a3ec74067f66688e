/**
 * The PDF sweep (fixtures/pdf-sweep/, made by scripts/make-pdf-sweep.mjs): three filled
 * reports printed by LibreOffice and by headless Chromium with the page breaks moved
 * through every row of tables 二, 三 and 四, value columns narrowed so that numbers wrap
 * inside their cells, portrait and landscape. Every print must give the expected tables
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
  /** Depends on the PDF engine (text direction, /Rotate): not asserted here, see below. */
  engine?: boolean;
  bytes: number;
}

const DIR = path.join(FIXTURES, 'pdf-sweep');
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Print[];
const expected = (content: string) => JSON.parse(readFileSync(path.join(DIR, 'expected', `${content}.json`), 'utf8')) as Expected;
const asserted = manifest.filter((p) => !p.engine);

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

/*
 * TODO(lead): the prints below depend on the PDF engine (PDFium branch): labels set
 * bottom-to-top (`-btlr`, Word/WPS cell direction btLr; field case pdf-vertical-btlr-labels)
 * and pages turned with /Rotate (`-rotate`; field case pdf-rotated-content). Once the engine
 * normalises text direction and page rotation, move them into the asserted set above by
 * dropping `engine` from their manifest entries (scripts/make-pdf-sweep.mjs). Until then
 * this only checks that they are there and are PDFs.
 */
describe('PDF sweep: engine-dependent prints (asserted after the PDF engine change)', () => {
  it('are generated', () => {
    const engine = manifest.filter((p) => p.engine);
    expect(engine.filter((p) => p.btlr).length).toBeGreaterThanOrEqual(2);
    expect(engine.filter((p) => p.rotate).length).toBeGreaterThanOrEqual(1);
    for (const p of engine) expect(readFileSync(path.join(DIR, p.file)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
