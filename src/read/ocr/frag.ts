/**
 * OCR'd tables into the text-PDF reader's join (src/read/pdf/join.ts): a table block read from
 * a page image becomes a table fragment (`TableFrag`) in the PDF reader's coordinates, so that
 * tables continued over page breaks — from an OCR'd page onto the next, or from a text page
 * onto an OCR'd one — are joined by the same chain of steps (frames, columns, repeated
 * headers, rows cut by the break, labels broken over pages).
 *
 * The OCR cells' boxes are points with a top-left origin on the upright (deskewed) page
 * (`Origin.bbox`: pixels ÷ dpi/72); a fragment is in PDF user space (points, y up), so a box's
 * top is `pageHeight − bbox.y`. Each region keeps the OCR'd cell it was read as (`Region.cells`),
 * so the joined table block keeps the cell's id, origin and confidence (join.ts `toTableBlock`).
 */
import type { Block, Cell, TableBlock } from '../../model.js';
import { assemble, type Entry } from '../pdf/layout.js';
import { DEFAULT_SETTINGS, type Box, type PdfSettings, type Region, type TableFrag } from '../pdf/types.js';
import type { OcrSession } from './session.js';

/**
 * A table block read by OCR → a fragment on its page. `pageHeight`: the page's height in points
 * (the rendered image's height ÷ dpi/72). Cells without a box (grid positions no ruled cell
 * covered, filled with empty cells) are left out: the block made from the fragment fills them
 * again. Column boundaries are the mean left/right edges of the cells starting/ending there.
 */
export function ocrFrag(b: TableBlock, pageHeight: number): TableFrag {
  const page = b.origin.page ?? b.rows[0]?.[0]?.origin.page ?? 1;
  const edges: number[][] = Array.from({ length: b.cols + 1 }, () => []);
  const regions: Region[] = [];
  for (const [r, row] of b.rows.entries()) {
    for (const [c, cell] of row.entries()) {
      const bb = cell.origin.bbox;
      if (cell.merged || !bb) continue;
      const r1 = r + (cell.rowSpan ?? 1), c1 = c + (cell.colSpan ?? 1);
      edges[c].push(bb.x);
      edges[c1]?.push(bb.x + bb.w);
      const box: Box = { page: bb.page, x0: bb.x, x1: bb.x + bb.w, top: pageHeight - bb.y, bottom: pageHeight - bb.y - bb.h };
      regions.push({ r0: r, r1, c0: c, c1, text: cell.text, page: bb.page, x: box.x0, y: box.top, box, cells: [cell as Cell] });
    }
  }
  const xs = boundaries(edges);
  const tops = regions.map((g) => g.box.top), bottoms = regions.map((g) => g.box.bottom);
  return {
    page,
    xs,
    rows: b.rows.length,
    regions,
    x0: xs[0],
    x1: xs[xs.length - 1],
    top: tops.length ? Math.max(...tops) : pageHeight,
    bottom: bottoms.length ? Math.min(...bottoms) : 0,
    lastPage: page,
  };
}

/** Each boundary's mean edge; a boundary no cell edge fell on is interpolated between its neighbours. */
function boundaries(edges: number[][]): number[] {
  const xs = edges.map((e) => (e.length ? e.reduce((s, v) => s + v, 0) / e.length : NaN));
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isNaN(xs[i])) continue;
    let lo = i - 1, hi = i + 1;
    while (hi < xs.length && Number.isNaN(xs[hi])) hi++;
    const a = lo >= 0 ? xs[lo] : undefined, z = hi < xs.length ? xs[hi] : undefined;
    if (a !== undefined && z !== undefined) xs[i] = a + ((z - a) * (i - lo)) / (hi - lo);
    else if (a !== undefined) xs[i] = a + (i - lo);
    else xs[i] = (z ?? 0) - (hi - i);
  }
  return xs;
}

/**
 * Put the blocks read by OCR into the pages' layout entries (`entries[i]` is page `pageNumbers[i]`,
 * `heights` its height in points): tables as fragments, text blocks (an OCR'd title) as they are,
 * each page's entries then top to bottom. Blocks of pages not listed are left out.
 */
export function addOcrEntries(entries: Entry[][], pageNumbers: number[], blocks: Block[], heights: ReadonlyMap<number, number>): void {
  const index = new Map(pageNumbers.map((p, i) => [p, i]));
  const touched = new Set<number>();
  for (const b of blocks) {
    const i = index.get(b.origin.page ?? 0);
    const h = heights.get(b.origin.page ?? 0);
    if (i === undefined || h === undefined) continue;
    touched.add(i);
    if (b.kind === 'table') {
      const frag = ocrFrag(b, h);
      entries[i].push({ kind: 'table', frag, top: frag.top });
    } else entries[i].push({ kind: 'block', block: b, top: b.origin.y ?? h });
  }
  for (const i of touched) entries[i].sort((a, b) => b.top - a.top);
}

/**
 * The OCR'd blocks of page images (an image input: a multi-page TIFF), tables continued over
 * page breaks joined as in a PDF (pdf/join.ts); the session re-indexed to the joined tables.
 * `heights`: each page's height in points (its pixel height ÷ dpi/72), by page number.
 */
export function joinOcrBlocks(blocks: Block[], heights: ReadonlyMap<number, number>, session: Pick<OcrSession, 'reindex'>, settings: PdfSettings = DEFAULT_SETTINGS): Block[] {
  const pageNumbers = [...heights.keys()].sort((a, b) => a - b);
  const entries: Entry[][] = pageNumbers.map(() => []);
  addOcrEntries(entries, pageNumbers, blocks, heights);
  const out = assemble(entries, settings, heights);
  session.reindex(out);
  return out;
}
