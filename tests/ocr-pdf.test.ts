/**
 * Scanned PDFs and undecodable text layers read by OCR (issue 11, PDF side), through the public API.
 * Fixtures: image-only PDFs made by scripts/make-scan-pdf-fixtures.sh from the scan images of
 * fixtures/scan/; the field case pdf-no-tounicode (fonts without ToUnicode). Expected values come
 * from the documents' expected JSON, never from xxgk.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { extract } from '../src/api.js';
import { ExtractPool } from '../src/batch/pool.js';
import { exitCodeFor } from '../src/errors.js';
import { ResultSchema, type Result } from '../src/schema.js';

const ROOT = path.join(import.meta.dirname, '..');
const SCAN = path.join(ROOT, 'fixtures', 'scan');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const RULED = json(path.join(ROOT, 'fixtures', 'pdf', 'ruled.expected.json'));
const HONGZE = json(path.join(SCAN, 'hongze-2024.expected.json'));
const CITY = json(path.join(ROOT, 'fixtures', 'pdf-sweep', 'expected', 'city-2020.json'));
// every field city-2020 prints: its expected JSON's non-null values (the null rows are the 2021-only rows, absent)
const READ_CITY = 198;
const COUNTY = json(path.join(SCAN, 'county-2019-blank.expected.json'));
// every field county-2019-blank prints (its 2019 layout: 198), of which 127 are blank cells
const READ_COUNTY = 198;
const BLANK_COUNTY = Object.values(COUNTY.kinds as Record<string, string>).filter((k) => k === 'blank').length;
const CASE = path.join(ROOT, '..', 'shared', 'field-cases', 'pdf-no-tounicode');

type Tables = Record<string, Record<string, Record<string, number | null>>>;

/**
 * Every printed field (kind not `absent`) of the expected JSON: exact, flagged (null, `unreadable`, a warning naming it), or wrong.
 * A field the expected JSON gives kind `blank` is exact only as null of kind `blank` (never 0, never a number).
 */
function tally(r: Result, expected: { tables: Tables; kinds?: Record<string, string> }) {
  const t = { read: 0, exact: 0, flagged: 0, wrong: [] as string[] };
  for (const [p, c] of Object.entries(r.cells)) {
    if (c.kind === 'absent') continue;
    const [a, b, d] = p.split('.');
    const want = expected.tables[a]?.[b]?.[d];
    if (want === undefined) continue;
    t.read++;
    const got = (r.tables as never as Tables)[a][b][d];
    if (expected.kinds?.[p] === 'blank' ? got === null && c.kind === 'blank' : got === want) t.exact++;
    else if (got === null && c.kind === 'unreadable' && r.warnings.some((w) => w.field === p)) t.flagged++;
    else t.wrong.push(`${p}: got ${got} (${c.kind}, raw ${JSON.stringify(c.raw)}), document prints ${want}`);
  }
  return t;
}

async function run(file: string, opts: Parameters<typeof extract>[1] = {}): Promise<Result> {
  const r = await extract(readFileSync(file), { path: path.basename(file), ...opts });
  expect(ResultSchema.safeParse(r).success).toBe(true);
  return r;
}

describe('scanned PDFs (image-only pages rendered at 200 dpi and read by OCR)', () => {
  it('200 dpi gray, two pages (ruled): the whole report, table 三 continued over the page break', async () => {
    const r = await run(path.join(SCAN, 'ruled-scan-200g.pdf'));
    expect(r.source).toMatchObject({ format: 'pdf', pages: 2 });
    expect(r.warnings.map((w) => w.code)).toContain('page_ocr');
    const t = tally(r, RULED);
    expect(t.wrong).toEqual([]);
    // every 2021 field of the document: 207 paths, of which the 2019-only （六）其他处理 row (7) is absent
    expect(t.read).toBe(200);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995);
    expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
  }, 180_000);

  it('150 dpi gray JPEG quality 40, three pages (hongze-2024)', async () => {
    const t = tally(await run(path.join(SCAN, 'hongze-2024-scan-150q40.pdf')), HONGZE);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBeGreaterThanOrEqual(180);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995); // issue 11: ≥ 99.5% at every condition
  }, 180_000);

  it('200 dpi colour with a red seal on every page (ruled)', async () => {
    const t = tally(await run(path.join(SCAN, 'ruled-scan-seal.pdf')), RULED);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBe(200);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995);
  }, 180_000);

  it('OCR’d cells carry their box in points, where the text PDF it was scanned from draws that cell', async () => {
    const scan = await run(path.join(SCAN, 'ruled-scan-200g.pdf'));
    const text = await run(path.join(ROOT, 'fixtures', 'pdf', 'ruled.pdf'));
    const paths = ['applications.denied_security_stability.natural_person', 'active_disclosure.licensing.decisions', 'applications.new_received.total'];
    for (const p of paths) {
      const a = scan.cells[p].bbox!;
      const b = text.cells[p].bbox!;
      expect(a, p).toBeDefined();
      expect(a.page).toBe(b.page);
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(a[k] - b[k]), `${p} ${k}`).toBeLessThanOrEqual(3);
    }
  }, 180_000);

  it('100 dpi gray (fixtures/pdf/scanned.pdf, below the resolution OCR was tuned for): no wrong number', async () => {
    const t = tally(await run(path.join(ROOT, 'fixtures', 'pdf', 'scanned.pdf')), RULED);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBeGreaterThanOrEqual(150);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995); // issue 11: ≥ 99.5% at every condition
  }, 180_000);

  it('an invisible text layer (render mode 3) that misreads 4 as 7: its tables fail the identities, so the pages are read by OCR', async () => {
    const file = path.join(SCAN, 'ruled-scan-invisible-text.pdf');
    // the layer alone (--ocr off): read from it, wrong where it misreads, and the identities fail
    const layer = await run(file, { ocr: 'off' });
    expect(layer.warnings.map((w) => w.code)).toContain('page_text_invisible');
    expect(tally(layer, RULED).wrong.length).toBeGreaterThan(0);
    expect(layer.checks.some((c) => c.status === 'fail')).toBe(true);
    const r = await run(file);
    expect(r.warnings.find((w) => w.code === 'page_ocr')?.message).toMatch(/invisible text layer/);
    const t = tally(r, RULED);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBe(200);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995);
  }, 180_000);

  it('--ocr force on a text PDF: every page OCR’d, the numbers right, the title and year still from the text outside the tables', async () => {
    const r = await run(path.join(ROOT, 'fixtures', 'pdf', 'ruled.pdf'), { ocr: 'force' });
    expect(r.warnings.find((w) => w.code === 'page_ocr')?.message).toMatch(/1, 2, 3 \(forced/);
    const t = tally(r, RULED);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBe(200);
    expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995);
    expect(r.report).toMatchObject(RULED.report);
  }, 180_000);

  it('--ocr off: an image-only PDF is no_text_layer', async () => {
    await expect(extract(readFileSync(path.join(SCAN, 'ruled-scan-200g.pdf')), { ocr: 'off' })).rejects.toMatchObject({ code: 'no_text_layer' });
  });
});

describe('scanned 2019-layout report (city-2020, LibreOffice print s012): table 三 over two pages, four scan conditions', () => {
  // image-only PDFs of pages 1–4 (table 二; table 三 from page 2 onto page 3; table 四's header at the
  // foot of page 3, its one row of numbers at the top of page 4); expected values: the content's
  // numbers (fixtures/pdf-sweep/expected/city-2020.json). Issue 11's claim: ≥ 99.5% exact and no
  // wrong number. The hard cells: table 二's −7 and −1 (no identity; tesseract drops the sign, the
  // ink shows it), blurred 11s read "1" at every scale (two glyphs in the ink; read glyph by glyph),
  // and the label 行政强制 that the bilevel scan breaks into narrow pieces taken for digits.
  const conditions = [
    ['150 dpi gray JPEG quality 40', 'city-2020-scan-150q40.pdf', 0.995],
    ['200 dpi gray', 'city-2020-scan-200g.pdf', 0.995],
    ['300 dpi bilevel (CCITT G4)', 'city-2020-scan-300bw.pdf', 0.995],
    ['200 dpi colour, a red seal on every page', 'city-2020-scan-seal.pdf', 0.995],
  ] as const;
  for (const [label, file, floor] of conditions) {
    it(`${label}: no wrong number; every field exact, null with a warning, or unread under a warning`, async () => {
      const cpu = process.cpuUsage();
      const r = await run(path.join(SCAN, file));
      const used = process.cpuUsage(cpu);
      expect(r.source).toMatchObject({ format: 'pdf', pages: 4 });
      const t = tally(r, CITY);
      console.log(`${file}: read ${t.read}, exact ${t.exact} (${((100 * t.exact) / t.read).toFixed(2)}%), flagged ${t.flagged}, wrong ${t.wrong.length}; CPU ${((used.user + used.system) / 4e6).toFixed(2)} s/page`);
      expect(t.wrong).toEqual([]);
      // a printed field not read at all sits in a table or row the warnings name as not found
      const unread = Object.entries(CITY.tables as Tables).flatMap(([a, rows]) =>
        Object.entries(rows).flatMap(([b, cols]) => Object.entries(cols).filter(([, v]) => v !== null).map(([d]) => `${a}.${b}.${d}`)),
      ).filter((p) => !r.cells[p] || r.cells[p].kind === 'absent');
      expect(t.read + unread.length).toBe(READ_CITY);
      for (const p of unread) {
        const [a, b] = p.split('.');
        expect(r.warnings.some((w) => (w.code === 'table_not_found' && w.field === a) || (w.code === 'row_absent' && w.field === `${a}.${b}`)), p).toBe(true);
      }
      expect(r.warnings.map((w) => w.code)).not.toContain('table_not_found');
      expect(t.read).toBe(READ_CITY);
      expect(t.exact / t.read).toBeGreaterThanOrEqual(floor);
      // table 二's signed 本年增/减 cells (no identity): read with their minus, from the ink
      const ad = (r.tables as never as Tables).active_disclosure;
      expect(ad.licensing.items_change).toBe(CITY.tables.active_disclosure.licensing.items_change); // −7
      expect(ad.fees.items_change).toBe(CITY.tables.active_disclosure.fees.items_change); // −1
      // the year from the title OCR'd at the top of page 1 (the 300 dpi bilevel scan misreads the
      // agency's first 某 as 其: the warning ocr_title says the agency may be misread)
      expect(r.report.year).toBe(CITY.report.year);
      expect(r.warnings.map((w) => w.code)).toContain('ocr_title');
    }, 240_000);
  }
});

describe('scanned 2019-layout county report with blank columns (county-2019-blank): table 三 over three pages, four scan conditions', () => {
  // image-only PDFs of pages 1–4 of fixtures/scan/county-2019-blank.pdf (LibreOffice, made by
  // scripts/make-blank-columns-pdf.mjs): table 三 runs from page 2 over page 3 onto page 4, its
  // 科研机构 / 社会公益组织 / 法律服务机构 columns and most 其他 cells empty, rows nobody fell
  // under empty in every column; blank cells in tables 二 and 四 too, two negative 本年增/减.
  // Expected values: the source's numbers (county-2019-blank.expected.json; a blank is null of kind
  // blank, never 0).
  const conditions = [
    ['150 dpi gray JPEG quality 40', 'county-2019-blank-scan-150q40.pdf'],
    ['200 dpi gray', 'county-2019-blank-scan-200g.pdf'],
    ['300 dpi bilevel (CCITT G4)', 'county-2019-blank-scan-300bw.pdf'],
    ['200 dpi colour, a red seal on every page', 'county-2019-blank-scan-seal.pdf'],
  ] as const;
  for (const [label, file] of conditions) {
    it(`${label}: no wrong number, every blank blank, ≥ 99.5% exact`, async () => {
      const r = await run(path.join(SCAN, file));
      expect(r.source).toMatchObject({ format: 'pdf', pages: 4 });
      const t = tally(r, COUNTY);
      expect(t.wrong).toEqual([]);
      expect(t.read).toBe(READ_COUNTY);
      expect(Object.entries(r.cells).filter(([p, c]) => c.kind === 'blank' && COUNTY.kinds[p] === 'blank').length).toBe(BLANK_COUNTY);
      expect(t.exact / t.read).toBeGreaterThanOrEqual(0.995);
      const ad = (r.tables as never as Tables).active_disclosure;
      expect(ad.licensing.items_change).toBe(COUNTY.tables.active_disclosure.licensing.items_change); // −4
      expect(ad.coercion.items_change).toBe(COUNTY.tables.active_disclosure.coercion.items_change); // −1
      // the title at the top of page 1, read by OCR: agency and year from it, under a warning
      expect(r.report).toMatchObject({ agency: COUNTY.report.agency, year: COUNTY.report.year });
      expect(r.warnings.find((w) => w.code === 'ocr_title')).toMatchObject({ severity: 'warning' });
      // table 三's last rows (page 4, under no header) are joined to its page 3 by the PDF join
      // (frames and columns), not placed by the extractor's fallback in template column order
      expect(r.warnings.filter((w) => w.code === 'columns_by_order')).toEqual([]);
    }, 240_000);
  }
});

describe('a table running from a text page onto scanned pages (mixed PDF): one join for every page break', () => {
  // fixtures/scan/county-2019-blank-mixed.pdf (scripts/make-mixed-scan-fixture.sh, qpdf): pages
  // 1–2 of the text PDF county-2019-blank.pdf (table 三 starts on page 2), pages 3–4 of its 200 dpi
  // gray scan (image-only: table 三 goes on over page 3 onto page 4, its last three rows under no
  // header). Expected values: county-2019-blank.expected.json.
  it('table 三 is one table from the text page 2 over the OCR’d pages 3 and 4: every field exact, verified as OCR', async () => {
    const r = await run(path.join(SCAN, 'county-2019-blank-mixed.pdf'));
    expect(r.source).toMatchObject({ format: 'pdf', pages: 4 });
    expect(r.warnings.find((w) => w.code === 'page_ocr')?.message).toContain('3, 4 (no text layer)');
    const t = tally(r, COUNTY);
    expect(t.wrong).toEqual([]);
    expect(t.read).toBe(READ_COUNTY);
    expect(t.exact).toBe(READ_COUNTY);
    expect(r.warnings.filter((w) => w.code === 'columns_by_order')).toEqual([]);
    // one table: its rows on page 2 (text layer) and page 4 (OCR) carry the same table index
    const first = r.cells['applications.new_received.natural_person'];
    const last = r.cells['applications.carried_forward.total'];
    expect(first).toMatchObject({ page: 2 });
    expect(last).toMatchObject({ page: 4 });
    expect(last.table).toBe(first.table);
    // the OCR'd cell keeps its box on its own page
    expect(last.bbox).toMatchObject({ page: 4 });
  }, 240_000);
});

describe('undecodable text layer (field case pdf-no-tounicode: fonts without ToUnicode)', () => {
  const expected = json(path.join(CASE, 'expected.json'));

  it('--ocr auto (default): the pages are OCR’d and every expected number is right', async () => {
    const r = await run(path.join(CASE, 'input.pdf'));
    expect(r.warnings.find((w) => w.code === 'page_ocr')?.message).toMatch(/undecodable/);
    const t = tally(r, expected);
    expect(t.wrong).toEqual([]);
    // its 207 paths, of which the 2019-only （六）其他处理 row (7) is absent from a 2021 report
    expect(t.read).toBe(200);
    expect(t.exact).toBe(200);
    expect(r.report.template).toBe(expected.report.template);
    // its title is set over two lines (淮安市人民政府 / 2024年政府信息公开工作年度报告), read apart by OCR
    expect(r.report.agency).toBe(expected.report.agency);
    expect(r.report.year).toBe(expected.report.year);
  }, 180_000);

  it('one undecodable page in a text PDF: skipped under --ocr off (page_text_undecodable), OCR’d under auto; the text pages give every number', async () => {
    const file = path.join(SCAN, 'ruled-undecodable-page.pdf');
    const off = await run(file, { ocr: 'off' });
    expect(off.warnings.find((w) => w.code === 'page_text_undecodable')?.message).toMatch(/page\(s\) 3:/);
    const auto = await run(file);
    expect(auto.warnings.find((w) => w.code === 'page_ocr')?.message).toMatch(/3 \(text layer undecodable/);
    for (const r of [off, auto]) {
      const t = tally(r, RULED);
      expect(t.wrong).toEqual([]);
      expect(t.exact).toBe(200);
      expect(r.report).toMatchObject(RULED.report);
    }
  }, 180_000);

  it('--ocr off: the typed error text_undecodable, exit status 19', async () => {
    await expect(extract(readFileSync(path.join(CASE, 'input.pdf')), { ocr: 'off' })).rejects.toMatchObject({ code: 'text_undecodable' });
    expect(exitCodeFor('text_undecodable')).toBe(19);
  });
});

describe('time limits: an OCR’d document’s limit is --timeout plus a per-page allowance', () => {
  it('single file through the CLI: a 2-page scan under --timeout 2 gives its result, exit 0 (--ocr off: exit 13)', () => {
    const bin = inject('xxgkBuild').bin;
    const file = path.join(SCAN, 'ruled-scan-200g.pdf');
    const r = spawnSync(process.execPath, [bin, 'extract', file, '--timeout', '2'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(tally(JSON.parse(r.stdout), RULED).wrong).toEqual([]);
    const off = spawnSync(process.execPath, [bin, 'extract', file, '--ocr', 'off'], { encoding: 'utf8' });
    expect(off.status).toBe(13);
    expect(JSON.parse(off.stdout).error.code).toBe('no_text_layer');
  }, 120_000);

  it('a 2-page scan finishes under a 3 s limit with the allowance and times out without it', async () => {
    const task = { path: path.join(SCAN, 'ruled-scan-200g.pdf') };
    const workerFile = inject('xxgkBuild').worker;
    const withAllowance = new ExtractPool({ jobs: 1, timeoutMs: 3000, ocrPageMs: 90_000, workerFile });
    const without = new ExtractPool({ jobs: 1, timeoutMs: 3000, ocrPageMs: 0, workerFile });
    try {
      const a = await withAllowance.run(task);
      expect('error' in a ? a.error.code : 'result').toBe('result');
      const b = await without.run(task);
      expect('error' in b ? b.error.code : 'result').toBe('timeout');
    } finally {
      await withAllowance.close();
      await without.close();
    }
  }, 240_000);
});
