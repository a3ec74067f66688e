/**
 * Page layout after the engine: one page's text runs and ruling edges
 * (`PageData`, PDF user space, points, y up) → table fragments and text lines
 * top to bottom; then the pages' entries → the model's blocks, tables
 * continued over page breaks joined.
 */
import type { Block, TextBlock } from '../../model.js';
import { findBorderless } from './borderless.js';
import { fillSkeleton, findSkeletons, inSkeleton, type Skeleton } from './grid.js';
import { markOpenEnd, stack, sameColumnsFrame, toTableBlock, type PageHeights } from './join.js';
import { groupLines, isPageNumber, lineText, type Line } from './text.js';
import { DEFAULT_SETTINGS, type PageData, type PdfSettings, type TableFrag, type TextItem } from './types.js';

export type { PageData } from './types.js';

/** What a page holds, top to bottom (`top`: PDF user space, y up): text lines, table fragments, and text blocks read otherwise (OCR'd titles). */
export type Entry = { kind: 'text'; line: Line; top: number } | { kind: 'table'; frag: TableFrag; top: number } | { kind: 'block'; block: TextBlock; top: number };

/** Lay out one page: table fragments and text lines, top to bottom. */
export function layoutPage(pd: PageData, settings: PdfSettings = DEFAULT_SETTINGS, bodySize = 12): Entry[] {
  const skeletons: Skeleton[] = findSkeletons(pd.edges, settings);
  // arrays built by push, not by map: V8 deoptimized this function on the elements kinds of mapped arrays
  const tableItems: TextItem[][] = [];
  for (let j = 0; j < skeletons.length; j++) tableItems.push([]);
  const free: TextItem[] = [];
  partitionItems(pd.items, skeletons, tableItems, free);
  const entries: Entry[] = [];
  for (let k = 0; k < skeletons.length; k++) {
    const frag = fillSkeleton(skeletons[k], tableItems[k], pd.page);
    entries.push({ kind: 'table', frag, top: frag.top });
  }
  let lines = groupLines(free).filter((l) => !(isPageNumber(lineText(l.items)) && isMargin(l, pd)));
  // borderless tables among the remaining lines
  const found = findBorderless(lines, pd.page, pd.width, settings.borderless);
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
 * Each item into the items of the first skeleton it lies in (`tableItems[k]`), or `free`. The
 * per-item loop of `layoutPage` in a small function of its own: V8 then optimizes this loop
 * alone, not the whole of layoutPage (run a few times per page) with it.
 */
function partitionItems(items: TextItem[], skeletons: Skeleton[], tableItems: TextItem[][], free: TextItem[]): void {
  for (const it of items) {
    let k = -1;
    for (let j = 0; j < skeletons.length && k < 0; j++) if (inSkeleton(skeletons[j], it)) k = j;
    if (k >= 0) tableItems[k].push(it);
    else free.push(it);
  }
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

/**
 * Join tables continued over page breaks (join.ts) and emit blocks. A table
 * continues when it is the last entry of its page and a table with the same
 * frame is the first of the next page; a chain runs over as many pages as it
 * fills. `heights`: page heights (points), for the cells' top-left boxes.
 */
export function assemble(pages: Entry[][], settings: PdfSettings = DEFAULT_SETTINGS, heights: PageHeights = new Map()): Block[] {
  for (let p = 0; p + 1 < pages.length; p++) {
    const cur = pages[p];
    const next = pages[p + 1];
    const last = cur[cur.length - 1];
    const first = next[0];
    if (last?.kind === 'table' && first?.kind === 'table' && sameColumnsFrame(last.frag, first.frag, settings)) {
      last.frag = stack(last.frag, first.frag, settings);
      next.shift();
      // the joined table now lives on page p; if the next page held only this fragment, keep chaining
      if (next.length === 0) {
        next.push(last);
        cur.pop();
      }
    }
  }
  // a table left open at a page foot and not continued: its last row may have lost its other half
  for (const entries of pages) {
    const last = entries[entries.length - 1];
    if (last?.kind === 'table') markOpenEnd(last.frag);
  }
  const blocks: Block[] = [];
  let tableIndex = 0;
  for (const entries of pages)
    for (const e of entries) {
      if (e.kind === 'table') blocks.push(toTableBlock(e.frag, tableIndex++, heights));
      else if (e.kind === 'block') blocks.push(e.block);
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


/** The whole layout after the engine: every page laid out (body size = median glyph size), then joined into blocks. */
export function layoutDocument(pages: PageData[], settings: PdfSettings = DEFAULT_SETTINGS): Block[] {
  const bodySize = medianSize(pages.flatMap((p) => p.items));
  const heights = new Map(pages.map((p) => [p.page, p.height]));
  return assemble(pages.map((pd) => layoutPage(pd, settings, bodySize)), settings, heights);
}
