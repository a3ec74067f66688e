/**
 * The source side of the review page.
 *
 * - PDF: the pages holding extracted cells, rendered by the PDF engine
 *   (src/read/pdf/engine/image.ts) and inlined as PNG `data:` URIs, with an SVG
 *   overlay in PDF points (the `bbox` coordinates as they are: top-left
 *   origin of the upright page) drawing a box around every cell, labelled
 *   with its key; the box carries the same `data-key` as the value.
 * - HTML, DOCX, text: the source tables rebuilt as grids from the document
 *   model, each cell with its origin (`t` table, `r` row, `c` column), and for
 *   values read from text lines, those lines with their numbers.
 */
import type { BBox, Cell, Doc, TableBlock, TextBlock } from '../model.js';
import type { PageImage } from '../read/pdf/engine/image.js';
import type { Result } from '../schema.js';
import { esc } from './escape.js';
import { encodeGray4Png } from './png.js';
import { warnedKeys } from './tables.js';

/** A page of the source side: its image and size in points. */
export interface SourcePage {
  page: number;
  widthPt: number;
  heightPt: number;
  /** PNG bytes. */
  png: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
}

/** What the source side shows. */
export type SourceView =
  | { kind: 'pages'; pages: SourcePage[]; omitted: number[] }
  | { kind: 'doc'; doc: Doc }
  | { kind: 'none'; reason: string };

/** Page images → source pages (PNG, 16 gray levels; size in points from the rendering's dpi). */
export function toSourcePages(images: PageImage[]): SourcePage[] {
  return images.map((img) => ({
    page: img.page,
    widthPt: (img.width * 72) / img.dpi,
    heightPt: (img.height * 72) / img.dpi,
    png: encodeGray4Png(img),
    pixelWidth: img.width,
    pixelHeight: img.height,
  }));
}

/** The 1-based pages a review of `r` should show: those with a cell's box or page, or a warning's page. */
export function pagesToShow(r: Result): number[] {
  const pages = new Set<number>();
  for (const c of Object.values(r.cells)) {
    if (c.bbox) pages.add(c.bbox.page);
    for (const b of c.bbox_parts ?? []) pages.add(b.page);
    if (c.page !== undefined) pages.add(c.page);
  }
  for (const w of r.warnings) if (w.page !== undefined) pages.add(w.page);
  return [...pages].filter((p) => Number.isInteger(p) && p >= 1).sort((a, b) => a - b);
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** Short label drawn in a box: the path without its table (`granted.natural_person`). */
function shortKey(path: string): string {
  return path.split('.').slice(1).join('.');
}

function renderPage(p: SourcePage, boxes: { key: string; box: BBox; cls: string }[]): string {
  const shapes = boxes.map(({ key, box, cls }) => {
    const label = shortKey(key);
    // 3 pt text, squeezed to the box's width when longer (monospace: ~0.6 em a character)
    const size = Math.min(3, Math.max(1, box.h / 3));
    const fit = label.length * size * 0.6 > box.w - 1 ? ` textLength="${num(Math.max(1, box.w - 1))}" lengthAdjust="spacingAndGlyphs"` : '';
    return `<g data-key="${esc(key)}"><title>${esc(key)}</title><rect class="box${cls}" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}"/><text class="lbl" x="${num(box.x + 0.5)}" y="${num(box.y + size + 0.3)}" font-size="${num(size)}"${fit}>${esc(label)}</text></g>`;
  });
  const img = `data:image/png;base64,${Buffer.from(p.png).toString('base64')}`;
  return `<div class="page" id="page-${p.page}"><img src="${img}" width="${p.pixelWidth}" height="${p.pixelHeight}" alt="page ${p.page}"><svg viewBox="0 0 ${num(p.widthPt)} ${num(p.heightPt)}" preserveAspectRatio="none" aria-label="cells on page ${p.page}">${shapes.join('')}</svg><span class="pno">p. ${p.page}</span></div>`;
}

function renderPages(r: Result, pages: SourcePage[], omitted: number[]): string {
  const warned = warnedKeys(r);
  const byPage = new Map<number, { key: string; box: BBox; cls: string }[]>();
  const unboxed: string[] = [];
  for (const [key, c] of Object.entries(r.cells)) {
    const parts = c.bbox_parts?.length ? c.bbox_parts : c.bbox ? [c.bbox] : [];
    if (parts.length === 0) {
      if (c.kind !== 'absent') unboxed.push(key);
      continue;
    }
    const cls = `${c.kind === 'number' ? '' : ' null'}${warned.has(key) ? ' warned' : ''}`;
    for (const box of parts) {
      if (!byPage.has(box.page)) byPage.set(box.page, []);
      byPage.get(box.page)!.push({ key, box, cls });
    }
  }
  const out = [`<h2>原文 source: ${pages.length} page(s) shown${omitted.length ? `; not shown (no extracted cell, past --max-pages): ${omitted.join(', ')}` : ''}</h2>`];
  if (unboxed.length) out.push(`<p class="note">${unboxed.length} cell(s) have no box on the page: ${unboxed.map((k) => esc(k)).slice(0, 20).join(', ')}${unboxed.length > 20 ? ', …' : ''}</p>`);
  for (const p of pages) out.push(renderPage(p, byPage.get(p.page) ?? []));
  return out.join('\n');
}

/** Limits on the rebuilt source of non-PDF documents (the page must stay small whatever the input). */
const MAX_GRID_CELLS = 5000;
const MAX_TABLES = 40;

/**
 * A source table as a grid. `keysAt` maps `table:row:col` to the keys read
 * there; `table:row` (no column: a row read as a stream of values) to keys
 * shown as labels on the row's first cell.
 */
function renderGrid(t: TableBlock, index: number, keysAt: Map<string, string[]>): string {
  // keys by cell identity: a merged cell shows the keys of every position it covers
  const keysById = new Map<number, string[]>();
  t.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const ks = keysAt.get(`${index}:${r}:${c}`);
      if (ks) keysById.set(cell.id, [...(keysById.get(cell.id) ?? []), ...ks]);
    }),
  );
  const rows = t.rows.map((row, r) => {
    const tds = row
      .map((cell: Cell, c) => {
        if (cell.merged) return '';
        const ks = keysById.get(cell.id) ?? [];
        const span = `${cell.rowSpan ? ` rowspan="${cell.rowSpan}"` : ''}${cell.colSpan ? ` colspan="${cell.colSpan}"` : ''}`;
        const keyAttr = ks.length ? ` data-key="${esc(ks[0])}"` : '';
        const rowKeys = c === 0 ? (keysAt.get(`${index}:${r}`) ?? []) : [];
        const labels = [
          ...ks.map((k, i) => `<span class="k"${i > 0 ? ` data-key="${esc(k)}"` : ''}>${esc(shortKey(k))}</span>`),
          ...rowKeys.map((k) => `<span class="k" data-key="${esc(k)}">${esc(shortKey(k))}</span>`),
        ].join('');
        return `<td${span}${keyAttr}>${esc(cell.text)}<span class="org">t${index} r${r} c${c}</span>${labels}</td>`;
      })
      .join('');
    return `<tr>${tds}</tr>`;
  });
  return `<h2>table ${index} <small class="src">${t.rows.length}×${t.cols}</small></h2><table class="grid" data-table="${index}">${rows.join('')}</table>`;
}

/** Text of the document shown beside its tables, at most this many characters (lines holding values are always shown). */
const MAX_TEXT_CHARS = 200_000;

function renderText(b: TextBlock, keysByLine: Map<number, string[]>, budget: { chars: number }): string {
  const first = b.origin.line;
  const lines = b.text.split('\n');
  const holds = first !== undefined && lines.some((_, i) => keysByLine.has(first + i));
  if (!holds && budget.chars <= 0) return '';
  budget.chars -= b.text.length;
  const out = lines.map((text, i) => {
    const ln = first === undefined ? undefined : first + i;
    const ks = ln === undefined ? [] : (keysByLine.get(ln) ?? []);
    const keyAttr = ks.length ? ` data-key="${esc(ks[0])}"` : '';
    const extra = ks.slice(1).map((k) => `<span class="k" data-key="${esc(k)}">${esc(shortKey(k))}</span>`).join('');
    return `<p${keyAttr}><span class="ln">${ln ?? ''}</span>${esc(text)}${extra}</p>`;
  });
  return `<div class="lines">${out.join('')}</div>`;
}

function renderDoc(r: Result, doc: Doc): string {
  const keysAt = new Map<string, string[]>();
  const keysByLine = new Map<number, string[]>();
  for (const [key, c] of Object.entries(r.cells)) {
    if (c.table !== undefined && c.row !== undefined && c.col !== undefined) {
      const k = `${c.table}:${c.row}:${c.col}`;
      keysAt.set(k, [...(keysAt.get(k) ?? []), key]);
    } else if (c.table !== undefined && c.row !== undefined) {
      const k = `${c.table}:${c.row}`;
      keysAt.set(k, [...(keysAt.get(k) ?? []), key]);
    } else if (c.line !== undefined) keysByLine.set(c.line, [...(keysByLine.get(c.line) ?? []), key]);
  }
  const tableCount = doc.blocks.filter((b) => b.kind === 'table').length;
  const out = [`<h2>原文 source: ${esc(doc.format)}, ${tableCount} table(s) rebuilt as grids, text with line numbers</h2>`];
  const budget = { chars: MAX_TEXT_CHARS };
  let shown = 0;
  let i = 0;
  let cut = false;
  for (const b of doc.blocks) {
    if (b.kind === 'text') {
      const html = renderText(b, keysByLine, budget);
      if (html) out.push(html);
      else cut = true;
      continue;
    }
    const index = b.origin.table ?? i;
    i++;
    const hasKeys = [...keysAt.keys()].some((k) => k.startsWith(`${index}:`));
    if (b.rows.length * b.cols > MAX_GRID_CELLS || (!hasKeys && shown >= MAX_TABLES)) {
      out.push(`<p class="note">table ${index}: ${b.rows.length}×${b.cols}, not shown</p>`);
      continue;
    }
    shown++;
    out.push(renderGrid(b, index, keysAt));
  }
  if (cut) out.push(`<p class="note">text beyond ${MAX_TEXT_CHARS} characters not shown</p>`);
  return out.join('\n');
}

/**
 * The source side's markup. `r` null (an error record): the pages or the
 * document as they are, without cells.
 */
export function renderSource(rec: Result | null, view: SourceView): string {
  const r: Result = rec ?? ({ cells: {}, warnings: [] } as unknown as Result);
  if (view.kind === 'pages') return renderPages(r, view.pages, view.omitted);
  if (view.kind === 'doc') return renderDoc(r, view.doc);
  return `<h2>原文 source</h2><p class="note">${esc(view.reason)}</p>`;
}
