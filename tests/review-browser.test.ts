/**
 * Review pages in a real browser (headless Chromium from the system, driven
 * by playwright-core): what a person sees. The page renders (the screenshot
 * is not blank), every value of the tables is in the DOM under its Chinese
 * row and column labels, clicking a value selects its box on the page image,
 * a failed check lights its cells on both sides, nothing from a hostile
 * document runs (and the CSP stops what escaping would have missed), and an
 * index of 1,000 reports loads within a second.
 *
 * Under CI=true these tests fail when Chromium cannot start; elsewhere they
 * are skipped with a message saying so (the one permitted skip).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { extractRecord } from '../src/api.js';
import { indexEntry, renderIndexPage, reviewHtml, type IndexEntry } from '../src/review/index.js';
import type { OutputRecord } from '../src/schema.js';
import { tablesOf } from '../src/template.js';
import { INSTALL_HINT, startChromium } from './helpers/browser.js';
import { CORPUS, corpusDocs, FIXTURES, type Expected } from './helpers/corpus.js';

const started = await startChromium();
const inCI = process.env.CI === 'true';
if ('error' in started && !inCI) {
  console.warn(`\n*** xxgk: the browser tests (tests/review-browser.test.ts) did NOT run: ${started.error}.\n*** To run them, ${INSTALL_HINT}.\n`);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xxgk-review-browser-'));
afterAll(async () => {
  if ('browser' in started) await started.browser.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function writePage(file: string, name: string, mutate?: (html: string) => string): Promise<{ url: string; rec: OutputRecord }> {
  const bytes = readFileSync(file);
  const rec = await extractRecord(bytes, { path: file });
  let html = await reviewHtml(rec, bytes);
  if (mutate) html = mutate(html);
  const out = path.join(tmp, name);
  writeFileSync(out, html);
  return { url: pathToFileURL(out).href, rec };
}

interface Seen {
  console: string[];
  /** Every request the page started (a request that CSP blocks may still be reported here, then fail). */
  requests: string[];
  /** Requests that completed with a response. */
  finished: string[];
}

async function open(browser: Browser, url: string): Promise<{ page: Page; seen: Seen }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const seen: Seen = { console: [], requests: [], finished: [] };
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('pageerror', (e) => seen.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfinished', (r) => seen.finished.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, seen };
}

/** Share of pixels of a PNG screenshot darker than near-white, counted by Chromium itself on a blank page. */
async function inkShare(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 600) ink++;
      return ink / (d.length / 4);
    }, `data:image/png;base64,${png.toString('base64')}`);
  } finally {
    await page.close();
  }
}

const NULL_KINDS = ['blank', 'dash', 'text', 'absent', 'unreadable'];

/**
 * Read the extracted tables as shown (each value with the row label and the
 * column header above it) and compare every cell of an expected.json with
 * them: a number as printed, a null as its kind (never 0; `accept_null`
 * cells may show either). Returns the number
 * of cells compared.
 */
async function expectTablesShown(page: Page, expected: Expected): Promise<number> {
  const cells = await page.$$eval('#extracted td[data-key]', (tds) =>
    tds.map((td) => {
      const tr = td.parentElement!;
      let head: Element | null = tr.previousElementSibling;
      while (head && !head.querySelector('th[scope=col]')) head = head.previousElementSibling;
      const col = Array.from(tr.children).indexOf(td);
      return {
        key: td.getAttribute('data-key')!,
        text: (td.firstChild?.textContent ?? '').trim(),
        row: tr.querySelector('th.row')?.textContent ?? '',
        col: head?.children[col]?.textContent ?? '',
      };
    }),
  );
  const byKey = new Map(cells.map((c) => [c.key, c]));
  let checked = 0;
  for (const t of tablesOf(expected.report.template)) {
    for (const r of t.rows) {
      for (const c of r.columns) {
        const key = `${t.id}.${r.key}.${c.key}`;
        const want = expected.tables[t.id]?.[r.key]?.[c.key];
        if (want === undefined) continue;
        const seenCell = byKey.get(key);
        expect(seenCell, key).toBeDefined();
        if (want === null) {
          expect(NULL_KINDS, key).toContain(seenCell!.text);
          if (expected.kinds?.[key]) expect(seenCell!.text, key).toBe(expected.kinds[key]);
        } else if (expected.accept_null?.includes(key) && NULL_KINDS.includes(seenCell!.text)) {
          // expected.json accepts a null here (a value the source does not give with certainty): shown as its kind
        } else expect(seenCell!.text, key).toBe(String(want));
        expect(seenCell!.row.endsWith(r.label), key).toBe(true);
        expect(seenCell!.col, key).toBe(c.label);
        checked++;
      }
    }
  }
  return checked;
}

describe('review pages in Chromium', () => {
  if ('error' in started) {
    if (inCI) it('Chromium starts (required under CI)', () => expect.fail(`${started.error}; ${INSTALL_HINT}`));
    else it.skip(`did not run: ${started.error}`, () => {});
    return;
  }
  const browser = started.browser;

  it('a PDF page renders; every value is in the DOM under its row and column labels; a click selects its box', async () => {
    const file = path.join(FIXTURES, 'real', 'huaian-2024.pdf');
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'real', 'huaian-2024.expected.json'), 'utf8')) as Expected;
    const { url } = await writePage(file, 'huaian.html');
    const { page, seen } = await open(browser, url);
    // page images are decoded and drawn
    const imgs = await page.$$eval('#source .page img', (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
    expect(imgs.length).toBeGreaterThan(0);
    expect(imgs).toEqual([992, 992, 992, 992, 992, 992]); // six A4 pages at 120 dpi
    const shot = await page.locator('#source .page').first().screenshot();
    const ink = await inkShare(browser, shot);
    expect(ink).toBeGreaterThan(0.01); // text and ruling lines, not a blank page
    expect(ink).toBeLessThan(0.6);

    // every value of the expected tables, under the template's labels
    const checked = await expectTablesShown(page, expected);
    expect(checked).toBeGreaterThanOrEqual(200);

    // click a value → its box on the page image is selected and scrolled into the source pane
    const key = 'applications.new_received.natural_person';
    await page.click(`#extracted td[data-key="${key}"]`);
    const box = page.locator(`#source g[data-key="${key}"]`);
    expect(await box.getAttribute('class')).toContain('sel');
    const pane = (await page.locator('#source').boundingBox())!;
    const b = (await box.boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(pane.y);
    expect(b.y + b.height).toBeLessThanOrEqual(pane.y + pane.height);
    // 淮安 prints 3001 in that cell (page 4)
    expect(await page.textContent('#status')).toContain('raw "3001"');
    // and back: click a box → its value is selected
    await page.locator(`#source g[data-key="applications.granted.total"] rect`).click({ force: true });
    expect(await page.getAttribute('#extracted td[data-key="applications.granted.total"]', 'class')).toContain('sel');
    expect(seen.console.filter((m) => /error|refused/i.test(m))).toEqual([]);
    expect(seen.requests.every((u) => u === url || u.startsWith('data:'))).toBe(true);
    await page.close();
  }, 90_000);

  for (const d of corpusDocs()) {
    it(`${d.id}: every value of expected.json is shown under its labels, and a click reaches its place in the source`, async () => {
      const { url, rec } = await writePage(d.source, `${d.id}.html`);
      const { page, seen } = await open(browser, url);
      expect(await expectTablesShown(page, d.expected)).toBeGreaterThanOrEqual(200);
      // the first value with a place on the source side: a click selects it there
      const key = await page.evaluate(() => {
        const src = new Set(Array.from(document.querySelectorAll('#source [data-key]')).map((e) => e.getAttribute('data-key')));
        return Array.from(document.querySelectorAll('#extracted td[data-key]')).map((e) => e.getAttribute('data-key')).find((k) => src.has(k)) ?? null;
      });
      expect(key).not.toBeNull();
      await page.click(`#extracted td[data-key="${key}"]`);
      const selected = await page.$$eval('#source .sel', (els) => els.map((e) => e.getAttribute('data-key')));
      expect(selected).toContain(key);
      expect('error' in rec).toBe(false);
      expect(seen.console.filter((m) => /error|refused/i.test(m))).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it('a failed check lights every cell it sums, on the page image and in the tables', async () => {
    // hongze-2023 prints 行政复议 10 + 1 + 0 + 0 with 总计 0 (corpus expected.json, source_anomalies)
    const { url } = await writePage(path.join(CORPUS, 'hongze-2023-pdf', 'source.pdf'), 'hongze.html');
    const { page } = await open(browser, url);
    await page.click('#extracted li.fail[data-id="B1.review"]');
    const terms = ['total', 'upheld', 'corrected', 'other', 'pending'].map((k) => `review_litigation.review.${k}`);
    const litBoxes = await page.$$eval('#source g.lit', (gs) => gs.map((g) => g.getAttribute('data-key')));
    const litValues = await page.$$eval('#extracted td.lit', (tds) => tds.map((td) => td.getAttribute('data-key')));
    expect(litBoxes.sort()).toEqual([...terms].sort());
    expect(litValues.sort()).toEqual([...terms].sort());
    expect(await page.textContent('#extracted td[data-key="review_litigation.review.total"]')).toBe('0');
    expect(await page.textContent('#extracted td[data-key="review_litigation.review.upheld"]')).toBe('10');
    expect(await page.textContent('#extracted li.fail[data-id="B1.review"]')).toContain('0 ≠ 11');
    // a warning about a whole row (hongze-2023 prints the 2019 single （六）其他处理 row in a 2021 table 三) selects the row's 7 cells
    await page.click('#extracted ul.warnings li[data-ref="applications.other_total"]');
    const rowSel = await page.$$eval('#extracted td.sel', (tds) => tds.map((td) => td.getAttribute('data-key')));
    expect(rowSel).toHaveLength(7);
    expect(rowSel.every((k) => k!.startsWith('applications.other_total.'))).toBe(true);
    await page.close();
  }, 90_000);

  it('nothing from a hostile document runs; the CSP stops markup that escaping would have missed', async () => {
    const file = path.join(tmp, '<img src=x onerror=window.__xxgk_pwned=3>.txt');
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'review', 'hostile-markup.txt')));
    const { url } = await writePage(file, 'hostile.html');
    const { page, seen } = await open(browser, url);
    expect(await page.evaluate(() => (window as unknown as { __xxgk_pwned?: number }).__xxgk_pwned)).toBeUndefined();
    expect(await page.title()).not.toContain('PWNED');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('<script>window.__xxgk_pwned=2;document.title="PWNED"</script>');
    expect(text).toContain('<iframe src="https://example.invalid/"></iframe>');
    expect(await page.$$('iframe')).toHaveLength(0);
    expect(seen.requests.every((u) => u === url)).toBe(true);
    // a warning is linked to its cell: the markup-only cell of 2.其他法律行政法规禁止公开 / 自然人 is null with kind text, never 0
    const field = 'applications.denied_law_prohibited.natural_person';
    await page.click(`#extracted ul.warnings li[data-ref="${field}"]`);
    expect(await page.getAttribute(`#extracted td[data-key="${field}"]`, 'class')).toContain('sel');
    expect(await page.textContent(`#extracted td[data-key="${field}"]`)).toBe('text');
    expect(await page.getAttribute(`#source td[data-key="${field}"]`, 'class')).toContain('sel');
    // the failed check of the fixture (行政复议 1+0+0+0 vs 总计 2) lights its cells in the rebuilt grid too
    await page.click('#extracted li.fail[data-id="B1.review"]');
    expect(await page.$$eval('#source td.lit', (tds) => tds.length)).toBe(5);
    await page.close();

    // had escaping failed: a script element, an inline handler and an external image in the page
    const injected = `<script>window.__xxgk_pwned=4</script><img src="x" onerror="window.__xxgk_pwned=5"><img src="https://example.invalid/p.png"><div onclick="window.__xxgk_pwned=6" id="trap">x</div>`;
    const { url: url2 } = await writePage(file, 'hostile-injected.html', (h) => h.replace('</body>', `${injected}</body>`));
    const opened = await open(browser, url2);
    await opened.page.click('#trap');
    expect(await opened.page.evaluate(() => (window as unknown as { __xxgk_pwned?: number }).__xxgk_pwned)).toBeUndefined();
    expect(opened.seen.console.some((m) => /Content Security Policy/.test(m))).toBe(true);
    expect(opened.seen.finished.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await opened.page.close();
  }, 90_000);

  it('an index of 1,000 reports loads within a second', async () => {
    const recs: OutputRecord[] = [];
    for (const d of corpusDocs()) recs.push(await extractRecord(readFileSync(d.source), { path: d.source }));
    const entries: IndexEntry[] = Array.from({ length: 1000 }, (_, i) => indexEntry(recs[i % recs.length], `${String(i + 1).padStart(4, '0')}-report.html`));
    const out = path.join(tmp, 'index.html');
    writeFileSync(out, renderIndexPage(entries));
    // first load warms the browser (process start, CJK font fallback) as a browser already open would be; the second is measured
    const { page } = await open(browser, pathToFileURL(out).href);
    await page.reload({ waitUntil: 'load' });
    const nav = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).toJSON() as { loadEventEnd: number });
    expect(await page.$$eval('#reports tbody tr', (r) => r.length)).toBe(1000);
    expect(nav.loadEventEnd).toBeGreaterThan(0);
    expect(nav.loadEventEnd).toBeLessThan(1000);
    console.log(`index of 1,000 reports: ${Buffer.byteLength(readFileSync(out))} bytes, load event at ${Math.round(nav.loadEventEnd)} ms`);
    await page.close();
  }, 120_000);
});
