/**
 * PDF reader: text PDFs (Word / WPS / LibreOffice exports) → document model.
 *
 * Per page: text runs and ruling edges from the engine (PDFium, see
 * pdf/engine/), tables from the ruling grid (merged cells
 * from missing inner borders), a text-alignment fallback for borderless
 * tables, the remaining text as lines. Then tables continued on the next
 * page are joined into one table block.
 */
import { XxgkError } from '../errors.js';
import type { Block, Doc, ReadWarning, TextBlock } from '../model.js';
import type { ReadOptions, Reader } from './types.js';
import { findBorderless } from './pdf/borderless.js';
import { readPages } from './pdf/engine/read.js';
import { fillSkeleton, findSkeletons, inSkeleton, type Skeleton } from './pdf/grid.js';
import { stack, sameColumnsFrame, toTableBlock } from './pdf/join.js';
import { groupLines, isPageNumber, lineText, type Line } from './pdf/text.js';
import { DEFAULT_SETTINGS, type PdfSettings, type TableFrag, type TextItem, type Edge } from './pdf/types.js';

/** Everything read from one page before assembly. */
export interface PageData {
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  edges: Edge[];
}

type Entry = { kind: 'text'; line: Line; top: number } | { kind: 'table'; frag: TableFrag; top: number };

/** Lay out one page: table fragments and text lines, top to bottom. */
export function layoutPage(pd: PageData, settings: PdfSettings = DEFAULT_SETTINGS, bodySize = 12): Entry[] {
  const skeletons: Skeleton[] = findSkeletons(pd.edges, settings);
  const tableItems: TextItem[][] = skeletons.map(() => []);
  const free: TextItem[] = [];
  for (const it of pd.items) {
    const k = skeletons.findIndex((sk) => inSkeleton(sk, it));
    if (k >= 0) tableItems[k].push(it);
    else free.push(it);
  }
  const entries: Entry[] = skeletons.map((sk, k) => {
    const frag = fillSkeleton(sk, tableItems[k], pd.page);
    return { kind: 'table' as const, frag, top: frag.top };
  });
  let lines = groupLines(free).filter((l) => !(isPageNumber(lineText(l.items)) && isMargin(l, pd)));
  // borderless tables among the remaining lines
  const found = findBorderless(lines, pd.page, pd.width);
  for (const b of found) entries.push({ kind: 'table', frag: b.frag, top: b.frag.top });
  if (found.length) {
    const used = new Set(found.flatMap((b) => b.lines));
    lines = lines.filter((l) => !used.has(l));
  }
  lines = mergeTitleLines(lines, pd, bodySize);
  for (const l of lines) entries.push({ kind: 'text', line: l, top: l.y + l.size * 0.8 });
  entries.sort((a, b) => b.top - a.top);
  return entries;
}

/**
 * A centred title set in a large font over two or more lines (淮安市人民政府 /
 * 2024年政府信息公开工作年度报告) becomes one text block.
 */
export function mergeTitleLines(lines: Line[], pd: Pick<PageData, 'width'>, bodySize: number): Line[] {
  const out: Line[] = [];
  const centred = (l: Line) => Math.abs((l.x0 + l.x1) / 2 - pd.width / 2) < pd.width * 0.12 && l.x1 - l.x0 < pd.width * 0.8;
  const big = (l: Line) => l.size >= bodySize * 1.2;
  for (const l of lines) {
    const prev = out[out.length - 1];
    if (prev && big(prev) && big(l) && centred(prev) && centred(l) && Math.abs(prev.size - l.size) < 1 && prev.y - l.y > 0 && prev.y - l.y <= l.size * 2.2) {
      out[out.length - 1] = { ...prev, items: [...prev.items, ...l.items], x0: Math.min(prev.x0, l.x0), x1: Math.max(prev.x1, l.x1) };
      continue;
    }
    out.push(l);
  }
  return out;
}

/** Median font size of the text (by characters): the body size. */
export function medianSize(items: TextItem[]): number {
  // weighted median: each item counts its characters (at most 50), sizes tallied instead of listed
  const weight = new Map<number, number>();
  let total = 0;
  for (const it of items) {
    const w = Math.min(it.str.length, 50);
    if (!w) continue;
    weight.set(it.size, (weight.get(it.size) ?? 0) + w);
    total += w;
  }
  if (!total) return 12;
  const half = Math.floor(total / 2);
  let seen = 0;
  for (const [size, w] of [...weight].sort((a, b) => a[0] - b[0])) {
    seen += w;
    if (seen > half) return size;
  }
  return 12;
}

function isMargin(l: Line, pd: PageData): boolean {
  return l.y < pd.height * 0.12 || l.y > pd.height * 0.9;
}

/** Join tables continued over page breaks and emit blocks. */
export function assemble(pages: Entry[][]): Block[] {
  // join: the last entry of a page and the first of the next, both tables with the same frame
  for (let p = 0; p + 1 < pages.length; p++) {
    const cur = pages[p];
    const next = pages[p + 1];
    const last = cur[cur.length - 1];
    const first = next[0];
    if (last?.kind === 'table' && first?.kind === 'table' && sameColumnsFrame(last.frag, first.frag)) {
      last.frag = stack(last.frag, first.frag);
      next.shift();
      // the joined table now lives on page p; if the next page held only this fragment, keep chaining
      if (next.length === 0) {
        next.push(last);
        cur.pop();
      }
    }
  }
  const blocks: Block[] = [];
  let tableIndex = 0;
  for (const entries of pages)
    for (const e of entries) {
      if (e.kind === 'table') blocks.push(toTableBlock(e.frag, tableIndex++));
      else {
        const tb: TextBlock = {
          kind: 'text',
          text: lineText(e.line.items),
          origin: { page: e.line.page, x: round(e.line.x0), y: round(e.line.y) },
        };
        blocks.push(tb);
      }
    }
  return blocks;
}

const round = (v: number) => Math.round(v * 100) / 100;

export async function readPdf(bytes: Uint8Array, _opts: ReadOptions = {}, settings: PdfSettings = DEFAULT_SETTINGS): Promise<Doc> {
  const { pages, numPages } = await readPages(bytes, settings);
  if (!pages.some((p) => p.items.length > 0)) {
    throw new XxgkError(
      'no_text_layer',
      `the PDF has no text layer on any of its ${numPages} page(s): it is probably a scanned document and needs OCR (e.g. ocrmypdf) before extraction`,
    );
  }
  const warnings: ReadWarning[] = [];
  const bodySize = medianSize(pages.flatMap((p) => p.items));
  const laid = pages.map((pd) => layoutPage(pd, settings, bodySize));
  const empty = pages.filter((p) => p.items.length === 0).map((p) => p.page);
  if (empty.length) warnings.push({ code: 'page_without_text', message: `page(s) ${empty.join(', ')} have no text layer (images only?)`, origin: { page: empty[0] } });
  return { format: 'pdf', blocks: assemble(laid), pages: numPages, warnings };
}

export const pdfReader: Reader = {
  format: 'pdf',
  read: (bytes, opts) => readPdf(bytes, opts),
};
