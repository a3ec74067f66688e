/**
 * Review pages without a browser: one page per corpus document (every cell
 * path present as a value, with its box or grid cell on the source side), the
 * size limit on a 6-page PDF, the escaping of everything a document brings,
 * and the `xxgk review` command (one report; a batch with its index).
 * What a person sees in Chromium is in review-browser.test.ts.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { extractRecord } from '../src/api.js';
import { reviewHtml } from '../src/review/index.js';
import { encodeGray4Png } from '../src/review/png.js';
import { inflateSync } from 'node:zlib';
import { cellPaths } from '../src/template.js';
import { corpusDocs, FIXTURES } from './helpers/corpus.js';

const run = promisify(execFile);
const BUILD = inject('xxgkBuild');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xxgk-review-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function page(file: string): Promise<{ html: string; rec: Awaited<ReturnType<typeof extractRecord>> }> {
  const bytes = readFileSync(file);
  const rec = await extractRecord(bytes, { path: file });
  return { html: await reviewHtml(rec, bytes), rec };
}

const keyCount = (html: string, key: string) => html.split(`data-key="${key}"`).length - 1;

describe('review page for every corpus document', () => {
  for (const d of corpusDocs()) {
    it(`${d.id}: every cell path is a value, and every located cell has its place on the source side`, async () => {
      const { html, rec } = await page(d.source);
      expect('error' in rec).toBe(false);
      if ('error' in rec) return;
      for (const p of cellPaths(d.expected.report.template)) {
        const n = keyCount(html, p);
        // the value on the extracted side, plus its box / grid cell / text line when the reader gave a position
        const c = rec.cells[p];
        const placed = !!(c.bbox || (d.format !== 'pdf' && (c.table !== undefined || c.line !== undefined)));
        expect(n, p).toBeGreaterThanOrEqual(placed ? 2 : 1);
      }
      if (d.format === 'pdf') expect(html).toMatch(/<img src="data:image\/png;base64,/);
      else expect(html).toMatch(/class="grid"|class="lines"/);
      expect(html.length).toBeLessThan(2 * 1024 * 1024);
    }, 60_000);
  }
});

describe('review page of a PDF', () => {
  it('a 6-page report is under 2 MB with all its pages at 120 dpi and a box per extracted cell', async () => {
    const file = path.join(FIXTURES, 'real', 'huaian-2024.pdf');
    const { html, rec } = await page(file);
    expect(rec.source.pages).toBe(6);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    // an A4 page (595 × 842 points) at 120 dpi: 992 × 1403 pixels; all six pages shown
    expect(html.match(/<img src="data:image\/png;base64,[^"]+" width="992" height="1403"/g)).toHaveLength(6);
    const boxes = html.match(/<g data-key="[^"]+"><title>[^<]+<\/title><rect class="box/g) ?? [];
    // the cells a 2021 table prints: 二 10, 三 25 rows × 7, 四 15 (the 2019 （六）其他处理 row is absent)
    expect(boxes.length).toBe(200);
    // 淮安 prints 3001 natural persons in 一、本年新收 (page 4 of the PDF)
    expect(html).toMatch(/<td class="v k-number" data-key="applications.new_received.natural_person"[^>]*>3001<\/td>/);
  }, 60_000);
});

describe('page images as 4-bit grayscale PNG', () => {
  it('IHDR says 3×2, bit depth 4, grayscale; rows are filtered scanlines of two pixels a byte', () => {
    // gray 0, 255, 136 / RGB white, black, (17,17,17)
    const gray = { page: 1, width: 3, height: 2, channels: 1 as const, dpi: 72, data: Uint8Array.from([0, 255, 136, 255, 0, 17]) };
    const png = encodeGray4Png(gray);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
    expect([png[24], png[25]]).toEqual([4, 0]);
    const idatLen = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    // per row: filter byte 0, then ceil(3/2) = 2 bytes; levels 0–15 (255/17 = 15, 136/17 = 8, 17/17 = 1)
    expect([...raw]).toEqual([0, 0x0f, 0x80, 0, 0xf0, 0x10]);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
  });
});

describe('escaping: nothing from a document becomes markup', () => {
  it('the hostile fixture shows its <script>, <img onerror> and <iframe> as text only', async () => {
    const file = path.join(tmp, '<img src=x onerror=alert(1)>.txt');
    copyFileSync(path.join(FIXTURES, 'review', 'hostile-markup.txt'), file);
    const { html } = await page(file);
    // the page's own script is the only script element, and no image is anything but an inline data: URI
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<img(?![^>]*src="data:)/i);
    expect(html).not.toMatch(/<iframe|<style>body/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i); // no element with an event-handler attribute
    // shown as text
    expect(html).toContain('&lt;script&gt;window.__xxgk_pwned=2;document.title=&quot;PWNED&quot;&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(html).toContain('&lt;iframe src=&quot;https://example.invalid/&quot;&gt;');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});

describe('xxgk review (command line)', () => {
  it('--password opens an encrypted PDF for both the extraction and the page images; --ocr off keeps a scan an error', async () => {
    // fixtures/real/huaian-2024.pdf encrypted by qpdf with user password "user-pw"
    const out = path.join(tmp, 'locked.html');
    await run(process.execPath, [BUILD.bin, 'review', path.join(FIXTURES, 'hostile', 'encrypted-user-huaian.pdf'), '--password', 'user-pw', '-o', out]);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('淮安市人民政府2024年政府信息公开工作年度报告');
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toContain('the source could not be shown');
    const scan = path.join(tmp, 'scan-off.html');
    const r = await run(process.execPath, [BUILD.bin, 'review', path.join(FIXTURES, 'pdf', 'scanned.pdf'), '--ocr', 'off', '-o', scan]).catch((e: { code?: number }) => e);
    expect((r as { code?: number }).code).toBe(13);
    expect(readFileSync(scan, 'utf8')).toContain('<strong>error no_text_layer</strong>');
  }, 120_000);
  it('one report → one HTML file; a batch → a page per record and an index', async () => {
    const out = path.join(tmp, 'one.html');
    await run(process.execPath, [BUILD.bin, 'review', path.join(FIXTURES, 'real', 'pingtan-2023.html'), '-o', out]);
    expect(readFileSync(out, 'utf8')).toContain('平潭综合实验区2023年度政府信息公开工作年度报告');

    const jsonl = path.join(tmp, 'recs.jsonl');
    // --ocr off: the scan stays an error record (no_text_layer), the case this review page must show
    await run(process.execPath, [BUILD.bin, 'extract', 'real/', path.join('pdf', 'scanned.pdf'), '--ocr', 'off', '-q', '-o', jsonl], { cwd: FIXTURES }).catch((e: { code?: number }) => {
      if (e.code !== 1) throw e; // 1: the batch had an error record (scanned.pdf read with --ocr off), as intended
    });
    const dir = path.join(tmp, 'batch');
    await run(process.execPath, [BUILD.bin, 'review', jsonl, '--sources', FIXTURES, '-o', dir, '-q']);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['0001-real_huaian-2024.pdf.html', '0002-real_pingtan-2023.html.html', '0003-pdf_scanned.pdf.html', 'index.html']);
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain('<a href="0001-real_huaian-2024.pdf.html">淮安市人民政府2024年政府信息公开工作年度报告</a>');
    expect(index).toContain('<td class="st">error no_text_layer</td>');
    expect(readFileSync(path.join(dir, files[0]), 'utf8')).toContain('data:image/png;base64,');
    // the scan without a text layer: its error, and its three pages as they are
    const scan = readFileSync(path.join(dir, files[2]), 'utf8');
    expect(scan).toContain('<strong>error no_text_layer</strong>');
    expect(scan.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);

    // without the sources, pages still show the extracted side and say why the source is missing
    await run(process.execPath, [BUILD.bin, 'review', jsonl, '--sources', path.join(tmp, 'elsewhere'), '-o', path.join(tmp, 'nosrc'), '-q']);
    expect(readFileSync(path.join(tmp, 'nosrc', '0001-real_huaian-2024.pdf.html'), 'utf8')).toContain('the source was not found under');
    expect(existsSync(path.join(tmp, 'nosrc', 'index.html'))).toBe(true);

    // a source that changed since the extraction is not shown beside the old record
    const changed = path.join(tmp, 'changed');
    mkdirSync(path.join(changed, 'real'), { recursive: true });
    writeFileSync(path.join(changed, 'real', 'pingtan-2023.html'), readFileSync(path.join(FIXTURES, 'real', 'pingtan-2023.html'), 'utf8').replace('平潭', '平谭'));
    await run(process.execPath, [BUILD.bin, 'review', jsonl, '--sources', changed, '-o', path.join(tmp, 'changed-out'), '-q']);
    expect(readFileSync(path.join(tmp, 'changed-out', '0002-real_pingtan-2023.html.html'), 'utf8')).toContain('differs from the document the record was made from (sha256)');

    // a folder that already holds files is refused (exit 2, nothing written) unless --force
    const before = readFileSync(path.join(dir, 'index.html'), 'utf8');
    writeFileSync(path.join(dir, 'notes.txt'), 'a researcher\'s own file');
    const refused = await run(process.execPath, [BUILD.bin, 'review', jsonl, '--sources', path.join(tmp, 'elsewhere'), '-o', dir]).catch((e: { code?: number; stderr?: string }) => e);
    expect(refused.code).toBe(2);
    expect(String(refused.stderr)).toMatch(/is not empty; .*--force/);
    expect(readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe(before);
    await run(process.execPath, [BUILD.bin, 'review', jsonl, '--sources', path.join(tmp, 'elsewhere'), '-o', dir, '-q', '--force']);
    expect(readFileSync(path.join(dir, files[0]), 'utf8')).toContain('the source was not found under');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('a researcher\'s own file');
  }, 120_000);
});
