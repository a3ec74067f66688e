/**
 * The PDF engine (PDFium in WebAssembly, src/read/pdf/engine/): what the reader relied on
 * guards for under pdf.js, and the glyph → run grouping on hand-made pages.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { extractRecord } from '../src/api.js';
import { renderPdfPages } from '../src/read/pdf/engine/image.js';
import { readPages } from '../src/read/pdf/engine/read.js';
import { DEFAULT_SETTINGS } from '../src/read/pdf/types.js';
import { FIXTURES } from './helpers/corpus.js';

/** A one-page PDF with the given content stream and page-dictionary extras (Helvetica as /F1). */
export function onePagePdf(content: string, pageExtra = ''): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R ${pageExtra} >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let s = '%PDF-1.4\n';
  const off: number[] = [];
  objs.forEach((o, i) => {
    off.push(Buffer.byteLength(s, 'latin1'));
    s += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(s, 'latin1');
  s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${off.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

describe('PDF engine guards', () => {
  it('reads a page nested 100,000 levels deep (arrays and q/Q) without a pre-scan: PDFium bounds its own recursion', async () => {
    const depth = 100_000;
    const content = `${'q '.repeat(depth)}BT /F1 12 Tf 72 720 Td (Hello) Tj ET${' Q'.repeat(depth)}`;
    const pdf = onePagePdf(content, `/Deep ${'['.repeat(depth)}${']'.repeat(depth)}`);
    const { pages } = await readPages(pdf, DEFAULT_SETTINGS);
    expect(pages[0].items.map((i) => i.str)).toEqual(['Hello']);
    expect(pages[0].items[0].x0).toBeCloseTo(72, 3);
    expect(pages[0].items[0].y).toBeCloseTo(720, 3);
  });

  it('a broken-xref PDF gives corrupt_file and a host process with no listeners survives (nothing is left pending)', () => {
    // pdf.js left an unobserved prefetch rejection behind on this file, which killed such a host
    const pdf = path.join(FIXTURES, 'hostile', 'broken-xref-prefetch.pdf');
    const api = path.join(inject('xxgkBuild').root, 'dist', 'api.js');
    const script = `
      const { readFileSync } = await import('node:fs');
      const { extractRecord } = await import(${JSON.stringify(api)});
      const rec = await extractRecord(readFileSync(${JSON.stringify(pdf)}));
      await new Promise((r) => setTimeout(r, 300));
      console.log(rec.error ? rec.error.code : 'result');`;
    const out = execFileSync(process.execPath, ['--unhandled-rejections=strict', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(out.trim()).toBe('corrupt_file');
  }, 40_000);
});

/** A one-page PDF whose /F1 is a non-embedded CJK font (Adobe-GB1, STSong-Light) with a predefined CMap and no ToUnicode. */
function cjkPdf(cmap: string, hexText: string): Uint8Array {
  const content = `BT /F1 12 Tf 72 720 Td <${hexText}> Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /${cmap} /DescendantFonts [6 0 R] >>`,
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let s = '%PDF-1.4\n';
  const off: number[] = [];
  objs.forEach((o, i) => {
    off.push(s.length);
    s += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = s.length;
  s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${off.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

describe('non-embedded CJK fonts with predefined CMaps (no cMap files shipped)', () => {
  it('UniGB-UCS2-H: UCS-2 codes read as text', async () => {
    // 政府信息公开 in UCS-2
    const { pages } = await readPages(cjkPdf('UniGB-UCS2-H', '653F5E9C4FE1606F516C5F00'), DEFAULT_SETTINGS);
    expect(pages[0].items.map((i) => i.str)).toEqual(['政府信息公开']);
  });

  it('GBK-EUC-H: GBK bytes read as text', async () => {
    // 政府信息公开 in GBK
    const { pages } = await readPages(cjkPdf('GBK-EUC-H', 'D5FEB8AED0C5CFA2B9ABBFAA'), DEFAULT_SETTINGS);
    expect(pages[0].items.map((i) => i.str)).toEqual(['政府信息公开']);
  });
});

describe('glyphs → runs', () => {
  it('a line-width-0 stroke is a ruling edge', async () => {
    const pdf = onePagePdf('0 w 72 700 m 300 700 l S BT /F1 12 Tf 72 720 Td (Rule) Tj ET');
    const { pages } = await readPages(pdf, DEFAULT_SETTINGS);
    expect(pages[0].edges).toEqual([{ orient: 'h', pos: 700, a: 72, b: 300 }]);
  });

  it('digits set with expanded character spacing (Tc) stay one number; a real space still separates words', async () => {
    // Word's 加宽: 2 pt of extra spacing after every digit (0.2 em at 10 pt)
    const pdf = onePagePdf('BT /F1 10 Tf 2 Tc 100 700 Td (12345) Tj 0 Tc ( 67) Tj ET');
    const { pages } = await readPages(pdf, DEFAULT_SETTINGS);
    expect(pages[0].items.map((i) => i.str)).toEqual(['12345 67']);
  });

  it('glyphs drawn out of order within a line are read in position order', async () => {
    // "2024" drawn as 4, 2, 0, 2 with absolute positions (Helvetica digits are 5.56 pt wide at 10 pt)
    const pdf = onePagePdf('BT /F1 10 Tf 1 0 0 1 116.68 700 Tm (4) Tj 1 0 0 1 100 700 Tm (2) Tj 1 0 0 1 105.56 700 Tm (0) Tj 1 0 0 1 111.12 700 Tm (2) Tj ET');
    const { pages } = await readPages(pdf, DEFAULT_SETTINGS);
    expect(pages[0].items.map((i) => i.str)).toEqual(['2024']);
  });
});

describe('page images', () => {
  // a red 200×100 pt rectangle at (100, 600) and a blue 10 pt line along y = 300 from x = 100 to 400
  const content = '1 0 0 rg 100 600 200 100 re f 0 0 1 RG 10 w 100 300 m 400 300 l S';
  const px = (img: { width: number; channels: number; data: Uint8Array }, x: number, y: number) =>
    Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels));

  it('renders a page to RGB at a given dpi (pixel rows top first, PDF y up)', async () => {
    const [img] = await renderPdfPages(onePagePdf(content), { dpi: 144, color: true });
    expect([img.width, img.height, img.channels]).toEqual([1224, 1584, 3]);
    // at 144 dpi one point is two pixels; PDF y = 650 is row (792 - 650) × 2
    expect(px(img, 300, 284)).toEqual([255, 0, 0]);
    expect(px(img, 500, (792 - 300) * 2)).toEqual([0, 0, 255]);
    expect(px(img, 20, 20)).toEqual([255, 255, 255]);
  });

  it('renders grayscale with BT.601 weights, and applies /Rotate', async () => {
    const [img] = await renderPdfPages(onePagePdf(content, '/Rotate 90'), { dpi: 72 });
    expect([img.width, img.height, img.channels]).toEqual([792, 612, 1]);
    // rotated 90° clockwise: PDF (x, y) shows at column y, row x
    expect(px(img, 650, 150)).toEqual([76]); // red: 0.299 × 255
    expect(px(img, 300, 250)).toEqual([29]); // blue: 0.114 × 255
    expect(px(img, 10, 10)).toEqual([255]);
  });

  it('refuses a page whose bitmap would pass the pixel limit', async () => {
    await expect(renderPdfPages(onePagePdf(content), { dpi: 600, maxPixels: 1e6 })).rejects.toMatchObject({ code: 'too_large' });
  });
});

describe('text direction and page rotation', () => {
  const FIELD = path.join(FIXTURES, 'pdf-field');
  const read = async (name: string) => readPages(new Uint8Array(readFileSync(path.join(FIELD, name))), DEFAULT_SETTINGS);

  it('a page drawn turned inside a /Rotate page comes out upright (portrait, the title reads left to right)', async () => {
    const { pages } = await read('rotated-content.pdf');
    expect(pages[0].width).toBeLessThan(pages[0].height);
    const title = pages[0].items.find((i) => i.str === '淮安市人民政府');
    expect(title).toBeDefined();
    expect(title!.dir).toBeUndefined();
    // the title sits in the upper part of the upright page
    expect(title!.y).toBeGreaterThan(pages[0].height * 0.6);
  });

  it('numbers drawn turned keep their printed text: the cells and the prose read as in the upright print of the same report', async () => {
    // rotated-content.pdf and rotate-attr-only.pdf print the same report (PROVENANCE.json), one with its content
    // drawn turned. A narrow "1" once ended short of its advance in the turned print and read as "31 1 9" for 3119.
    const turned = await extractRecord(readFileSync(path.join(FIELD, 'rotated-content.pdf')));
    const upright = await extractRecord(readFileSync(path.join(FIELD, 'rotate-attr-only.pdf')));
    if (!('cells' in turned) || !('cells' in upright)) throw new Error('both prints are reports');
    const raws = (r: typeof turned) => ('cells' in r ? Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.raw])) : {});
    expect(Object.keys(turned.cells).length).toBeGreaterThan(150);
    expect(raws(turned)).toEqual(raws(upright));
    expect(Object.values(raws(turned)).filter((t) => /\d\s+[\d.]/.test(t ?? ''))).toEqual([]);
    // the prose's stated counts are read too: 申请3119件, 103件顺延 …
    const stated = (r: typeof turned) => ('checks' in r ? r.checks.filter((c) => c.id.startsWith('N.')).map((c) => [c.id, c.expected]) : []);
    expect(stated(turned)).toEqual(stated(upright));
    expect(stated(turned)).toContainEqual(['N.applications.new_received.total', 3119]);
  });

  it('a /Rotate page whose content is upright stays as it is', async () => {
    const { pages } = await read('rotate-attr-only.pdf');
    expect(pages[0].width).toBeLessThan(pages[0].height);
    expect(pages[0].items.some((i) => i.str === '淮安市人民政府' && i.dir === undefined)).toBe(true);
  });

  it('a bottom-to-top label (glyphs turned 90°) is one run in reading order, marked dir 90, inside its column', async () => {
    const { pages } = await read('btlr-labels.pdf');
    const label = pages.flatMap((p) => p.items).find((i) => i.str === '三、本年度办理结果');
    expect(label).toBeDefined();
    expect(label!.dir).toBe(90);
    expect(label!.x1 - label!.x0).toBeLessThan(label!.size * 1.5);
  });
});
