/**
 * Fallback for tables drawn without borders: the grid comes from text
 * alignment.
 *
 * - Columns: value columns are clusters of number positions (centre-, right-
 *   or left-aligned, whichever explains the numbers with fewest columns);
 *   their boundaries are refined by the x-ranges of the header text above
 *   them. Label columns are the left edges shared by label text.
 * - Rows: every line that carries a value is a row (an anchor). Label text is
 *   chained per column into cells (a wrapped label is several lines at one
 *   x, close together, not starting a new enumerated item) and each cell is
 *   put in the rows of the anchors it covers vertically.
 * - Sections: a run of lines with text (no numbers) over the value columns
 *   is a header; a table may restart its header (table 二's blocks). Header
 *   cells are chained the same way, a header cell spreads over value columns
 *   that have no header of their own, and values under it spread likewise.
 *
 * Text items are never glued across a gap wider than about one em; a cell
 * that cannot be placed is left out rather than guessed.
 *
 * The chain (pdfplumber's shape; every tolerance in `PdfSettings.borderless`):
 * `tableRuns` → `normalizeCells` → `valueSeeds` → `columnGrid` → `bands` →
 * `bandPieces` → `splitSections` → `placeHeader` / `placeBody` →
 * `finalRegions` (borderless-columns.ts, borderless-cells.ts).
 */
import { isNumeric } from './join.js';
import type { Line } from './text.js';
import { DEFAULT_SETTINGS, type BorderlessSettings, type TableFrag, type TextItem } from './types.js';
import { bandPieces, bands, columnGrid, isNumberValue, valueSeeds } from './borderless-columns.js';
import { continuesCell, finalRegions, placeBody, placeHeader, splitSections, type Placed } from './borderless-cells.js';

export interface BorderlessTable {
  frag: TableFrag;
  lines: Line[];
}

const numCount = (l: Line) => l.items.filter((it) => isNumeric(it.str)).length;
/** Items separated from their left neighbour by a column gap (`columnGap` font sizes). */
const gapped = (l: Line, s: BorderlessSettings) => l.items.filter((it, k) => k > 0 && it.x0 - l.items[k - 1].x1 >= it.size * s.columnGap);
/** A table row: numbers standing apart from the text before them. */
export function isRowish(l: Line, s: BorderlessSettings = DEFAULT_SETTINGS.borderless): boolean {
  const n = gapped(l, s).filter((it) => isNumeric(it.str)).length;
  return n >= 1 && (n >= 2 || numCount(l) === l.items.length - 1 || l.items.length === 2);
}

/** Step 0: runs of lines that look like a borderless table (value rows, the lines between them, header lines above). */
export function tableRuns(lines: Line[], pageWidth: number, s: BorderlessSettings = DEFAULT_SETTINGS.borderless): Line[][] {
  const runs: Line[][] = [];
  const rowish = (l: Line) => isRowish(l, s);
  let i = 0;
  while (i < lines.length) {
    if (!rowish(lines[i])) {
      i++;
      continue;
    }
    const size = lines[i].size;
    const fits = (l: Line) => l.size <= size + s.runSizeSlack && !(l.items.length === 1 && l.x1 - l.x0 > pageWidth * s.runProseWidth);
    // extend down over number rows and short wrapped lines
    let end = i;
    let gap = 0;
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l)) break;
      if (rowish(l)) {
        end = k;
        gap = 0;
      } else if (++gap > s.runMaxGapLines) break;
    }
    // extend up over header lines
    let start = i;
    for (let k = i - 1; k >= 0 && i - k <= s.runMaxHeaderLines; k--) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l) || (runs.length && runs[runs.length - 1].includes(l))) break;
      start = k;
    }
    const run = lines.slice(start, end + 1);
    const valueRows = run.filter(rowish);
    if (valueRows.length >= s.runMinValueRows || valueRows.some((l) => numCount(l) >= s.runManyValues)) runs.push(run);
    i = end + 1;
  }
  return runs;
}

/** Build one fragment from a run of lines: steps 1–7 of the chain. Null when the run gives no grid. */
export function buildBorderless(run: Line[], page: number, s: BorderlessSettings = DEFAULT_SETTINGS.borderless): TableFrag | null {
  const all = run.flatMap((l) => l.items);
  if (!all.length) return null;
  const em = Math.max(...run.map((l) => l.size));
  const rowishLines = run.filter((l) => isRowish(l, s));
  const nums = rowishLines.flatMap((l) => l.items.filter((it) => isNumberValue(it.str)));
  if (!nums.length) return null;
  const seeds = valueSeeds(nums, em, s);
  if (!seeds.length) return null;
  const grid = columnGrid(all, new Set(rowishLines.flatMap((l) => l.items)), seeds, em, s);
  if (!grid) return null;
  const { xs, nLabel } = grid;
  const nCols = xs.length - 1;
  const { ys, bandOf } = bands(all, em, s);
  const { pieces, kind } = bandPieces(all, grid, ys, bandOf, em, s);
  const continues = continuesCell(xs, em, s);
  const placed: Placed[] = [];
  let rowBase = 0;
  for (const sec of splitSections(pieces, kind, nLabel, continues)) {
    const head = placeHeader(sec, pieces, nLabel, nCols, rowBase, continues);
    const body = placeBody(sec, pieces, kind, ys, { nLabel, rowBase, em, leaf: head.leaf }, continues, s);
    placed.push(...head.placed, ...body.placed);
    rowBase += body.rows;
  }
  if (!rowBase) return null;
  const top = Math.max(...all.map((it) => it.y)) + em;
  const bottom = Math.min(...all.map((it) => it.y)) - em * 0.3;
  return {
    page,
    lastPage: page,
    xs,
    rows: rowBase,
    regions: finalRegions(placed, rowBase, xs, page, top, bottom),
    x0: xs[0],
    x1: xs[xs.length - 1],
    top,
    bottom,
    soft: true,
  };
}

/**
 * A run may hold several cells glued into one text item (`0 21`): split
 * items at spaces next to numbers. Text runs that touch are one run; the
 * grid builder glues further only within one column.
 */
export function normalizeCells(l: Line, s: BorderlessSettings = DEFAULT_SETTINGS.borderless): Line {
  const items: TextItem[] = [];
  for (const it of l.items) {
    const parts = it.str.split(/(\s+)/);
    if (parts.length > 1 && parts.some((p) => isNumeric(p))) {
      const cw = (it.x1 - it.x0) / Math.max(1, it.str.length);
      let off = 0;
      for (const p of parts) {
        if (p.trim()) items.push({ ...it, str: p, x0: it.x0 + off * cw, x1: it.x0 + (off + p.length) * cw });
        off += p.length;
      }
    } else items.push(it);
  }
  // pdf.js breaks a run at font changes (`3.` + `危` + `及`): glue text runs that touch
  const out: TextItem[] = [];
  for (const it of items) {
    const prev = out[out.length - 1];
    if (prev && !isNumberValue(prev.str) && !isNumberValue(it.str) && Math.abs(it.x0 - prev.x1) < it.size * s.touchGap && Math.abs(it.y - prev.y) < it.size * s.bandTolerance)
      out[out.length - 1] = { ...prev, str: prev.str + it.str, x1: it.x1 };
    else out.push(it);
  }
  return { ...l, items: out };
}

/** Borderless tables among a page's free lines (`s`: the chain's tolerances). */
export function findBorderless(lines: Line[], page: number, pageWidth = 595, s: BorderlessSettings = DEFAULT_SETTINGS.borderless): BorderlessTable[] {
  const out: BorderlessTable[] = [];
  for (const run0 of tableRuns(lines, pageWidth, s)) {
    const run = run0.map((l) => normalizeCells(l, s));
    const frag = buildBorderless(run, page, s);
    if (frag) out.push({ frag, lines: run0 });
  }
  return out;
}
