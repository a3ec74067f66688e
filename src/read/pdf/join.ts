/**
 * Tables continued over page breaks: one table, whatever the page breaks.
 *
 * The join is a chain of small steps on geometry and cell structure (the
 * pdfplumber way: each step a function, each tolerance a setting):
 *
 * 1. `sameColumnsFrame`: the last table of a page and the first table of the
 *    next page are candidates when their left and right edges agree
 *    (`PdfSettings.joinFrameTolerance`).
 * 2. `commonColumns` + `remap`: both fragments on one set of column
 *    boundaries (ruled: boundaries within `joinColumnSnap` are one; borderless
 *    fragments with the same column count keep the upper one's).
 * 3. `repeatedHeaderRows`: header rows printed again at the top of the new
 *    page (same cells, same text, text present, ending at a row boundary) go.
 * 4. `seamRows` + `rowKind`: the last grid row above the seam (U) and the
 *    first below it (L), each `header` (text but no value in the value
 *    columns), `data` (a number or dash in a value column), `label` (text in
 *    the label columns only) or `empty`. The value columns start at the first
 *    column holding a number anywhere in the joined table
 *    (`firstValueColumn`).
 * 5. `isSplitRow`: U and L are the two halves of ONE printed row when L has
 *    the same cells as U and is a continuation: L is empty; or L starts no
 *    new label (its label cells are empty) and holds values or header text
 *    where U does too; or L's label goes on without starting a new enumerated
 *    item while one half holds no value, or while both hold values and U's
 *    label is cut inside a bracket or L's label stands in a column of
 *    enumerated labels (`enumeratedColumn`: table 三's `1.` `2.` …).
 *    Never when U is a header row and L a data row (a data row is never
 *    merged into a header row), never when L's label starts a new enumerated
 *    item. A break that left the row open (U's bottom or L's top rule not
 *    drawn: Chromium) also joins a label-less L whose cells do not line up
 *    with U's; WPS leaves that rule undrawn between whole rows too, so an
 *    open break alone never joins two labelled rows.
 *    The halves are then joined cell by cell, column by column, upper text
 *    first (`joinParts`: `1` above + `05` below → `1\n05`, read as 105):
 *    never a shorter number.
 * 6. `continuesCell`: otherwise, a cell cut by the break is rejoined where U
 *    and L have a cell over the same columns and L's part is its
 *    continuation: in the label columns (`（四）无` / `法提供`, text above
 *    and an empty part below, a bracket left open), and in a header band (U
 *    and L both header rows) any cell whose lower part is empty.
 *
 * A table whose bottom rule is missing at the foot of a page but whose
 * continuation is not found on the next page keeps its text, with the cells
 * of its last row marked `incomplete` (`markOpenEnd`; the extractor turns
 * their numbers into null with a warning): a number cut by a page break is
 * never read shorter.
 */
import { newCellId, type BBox, type Cell, type TableBlock } from '../../model.js';
import { clusterPositions } from './grid.js';
import { DEFAULT_SETTINGS, type Box, type PdfSettings, type Region, type TableFrag } from './types.js';

/** Step 1: fragments whose left and right edges agree within `joinFrameTolerance` (points) may be one table. */
export function sameColumnsFrame(a: TableFrag, b: TableFrag, settings: PdfSettings = DEFAULT_SETTINGS): boolean {
  const tol = settings.joinFrameTolerance;
  return Math.abs(a.x0 - b.x0) <= tol && Math.abs(a.x1 - b.x1) <= tol;
}

const NUMERIC = /^[\s\d,，.．\-－—/／%]+$/;
export const isNumeric = (s: string) => s.trim() !== '' && /\d/.test(s) && NUMERIC.test(s);
/** Starts like an enumerated label: （四）, (4), 四、, 1. 1、 1．. */
export const ENUM_START = /^\s*([（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+\s*[.、．])/;
/** What stands in a value cell: a number or a dash. */
const isValue = (s: string) => isNumeric(s) || /^[-－—–~～/／]+$/.test(s.trim());

const norm = (s: string) => s.replace(/\s+/g, '');

/** Regions covering grid row r (any that span it), left to right. */
function regionsCovering(f: TableFrag, r: number): Region[] {
  return f.regions.filter((g) => g.r0 <= r && g.r1 > r).sort((a, b) => a.c0 - b.c0);
}

function rowSignature(f: TableFrag, r: number): string {
  return regionsCovering(f, r)
    .map((g) => `${g.c0}-${g.c1}:${norm(g.text)}`)
    .join('|');
}

/** Step 2a: the column boundaries both fragments are expressed on. */
export function commonColumns(a: TableFrag, b: TableFrag, settings: PdfSettings = DEFAULT_SETTINGS): number[] {
  // borderless fragments with the same column count share columns whose inferred boundaries moved a little
  if (a.soft && b.soft && a.xs.length === b.xs.length) return a.xs;
  return clusterPositions([...a.xs, ...b.xs], settings.joinColumnSnap);
}

/** Step 2b: re-express a fragment on a common set of column boundaries. */
export function remap(f: TableFrag, xs: number[]): TableFrag {
  const regions = f.regions.map((g) => {
    const c0 = nearestIndex(xs, f.xs[g.c0]);
    const c1 = Math.max(c0 + 1, nearestIndex(xs, f.xs[g.c1]));
    return { ...g, c0, c1 };
  });
  return { ...f, xs, regions };
}

/** Index of the boundary of `xs` nearest to x (the first of equals). Module-level: a closure per call was compiled anew. */
function nearestIndex(xs: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

/** Step 3: the number of rows at the top of `b` that repeat the header of `a` (0 if none). */
export function repeatedHeaderRows(a: TableFrag, b: TableFrag, settings: PdfSettings = DEFAULT_SETTINGS): number {
  let drop = 0;
  for (let k = 1; k <= Math.min(settings.joinMaxRepeatedHeaderRows, a.rows - 1, b.rows - 1); k++) {
    let same = true;
    for (let r = 0; r < k && same; r++) same = rowSignature(a, r) === rowSignature(b, r) && rowSignature(b, r).replace(/[\d|:-]/g, '') !== '';
    // the header block must end at a row boundary in both
    if (same && !b.regions.some((g) => g.r0 < k && g.r1 > k)) drop = k;
  }
  return drop;
}

function dropRows(f: TableFrag, n: number): TableFrag {
  if (!n) return f;
  return { ...f, rows: f.rows - n, regions: f.regions.filter((g) => g.r0 >= n).map((g) => ({ ...g, r0: g.r0 - n, r1: g.r1 - n })) };
}

/** Join fragment b (next page) below a: steps 2–6. */
export function stack(a: TableFrag, b0: TableFrag, settings: PdfSettings = DEFAULT_SETTINGS): TableFrag {
  const xs = commonColumns(a, b0, settings);
  const A = remap(a, xs);
  const drop = repeatedHeaderRows(A, remap(b0, xs), settings);
  const B = dropRows(remap(b0, xs), drop);
  const off = A.rows;
  const moved = B.regions.map((g) => ({ ...g, r0: g.r0 + off, r1: g.r1 + off }));
  const out: TableFrag = {
    ...A,
    xs,
    rows: A.rows + B.rows,
    regions: [...A.regions, ...moved],
    x0: Math.min(A.x0, B.x0),
    x1: Math.max(A.x1, B.x1),
    lastPage: B.lastPage,
    openBottom: B.openBottom,
  };
  // a repeated header sits between the halves of a cut row: the rules of the lower page's first row then do not say "open"
  // (a table style without outer rules leaves both open: only a break left open on one side counts)
  const open = (!!A.openBottom && !A.openTop) || (!drop && !!B.openTop && !B.openBottom);
  if (B.rows > 0) rejoinAtBreak(out, off, { open });
  return out;
}

/** First column holding a number (a value column) anywhere in the table; the columns left of it hold labels. */
export function firstValueColumn(t: TableFrag): number {
  let c = Number.POSITIVE_INFINITY;
  for (const g of t.regions) if (isNumeric(g.text)) c = Math.min(c, g.c0);
  return c;
}

/** What a row half holds: `header` text over the value columns, `data` values, `label` text left of them only, or nothing. */
export type RowKind = 'header' | 'data' | 'label' | 'empty';

export function rowKind(cells: Region[], valueCol: number): RowKind {
  const values = cells.filter((g) => g.c0 >= valueCol && g.text.trim() !== '');
  if (values.some((g) => isValue(g.text))) return 'data';
  if (values.length) return 'header';
  return cells.some((g) => g.text.trim() !== '') ? 'label' : 'empty';
}

/** Step 4: the cells ending at the seam (upper page) and the cells starting there (lower page). */
export function seamRows(t: TableFrag, seam: number): { upper: Region[]; lower: Region[] } {
  return {
    upper: t.regions.filter((g) => g.r1 === seam).sort((a, b) => a.c0 - b.c0),
    lower: t.regions.filter((g) => g.r0 === seam).sort((a, b) => a.c0 - b.c0),
  };
}

const key = (g: Region) => `${g.c0}-${g.c1}`;

/**
 * Step 5: are the rows either side of the seam the two halves of one printed
 * row? `open`: U's bottom or L's top rule is not drawn. WPS leaves the rule at
 * a page foot undrawn even between two whole rows, so an open break alone
 * never joins two rows that each carry a label and values.
 */
export function isSplitRow(upper: Region[], lower: Region[], valueCol: number, open: boolean, enumerated: (c0: number) => boolean = () => false): boolean {
  const U = rowKind(upper, valueCol);
  const L = rowKind(lower, valueCol);
  if (U === 'header' && L === 'data') return false; // a data row is never merged into a header row
  const lowerLabels = lower.filter((g) => g.c1 <= valueCol && g.text.trim() !== '');
  if (lowerLabels.some((g) => ENUM_START.test(g.text))) return false; // a new enumerated item starts below
  if (L === 'empty') return open || sameCells(upper, lower);
  if (!sameCells(upper, lower)) return open && !lowerLabels.length && (L === 'data' ? U === 'data' || U === 'label' : U === 'header');
  // no new label starts below: the values (or header text) below go on the row above
  if (!lowerLabels.length) return (L === 'data' && (U === 'data' || U === 'label')) || (L === 'header' && U === 'header');
  // the label goes on below: the values stand in one half only, or the label above was cut inside a bracket
  if ((U === 'data' && L === 'label') || (U === 'label' && L === 'data') || (U === 'header' && L === 'header')) return true;
  // both halves hold values: the label below is a continuation when the label above was cut inside a bracket, or
  // when the labels of its column are enumerated items (table 三: 1. 2. …) and it starts none
  const upperLabel = upper.filter((g) => g.c1 <= valueCol).map((g) => g.text).join('');
  return U === 'data' && L === 'data' && (unclosed(upperLabel) || lowerLabels.every((g) => enumerated(g.c0)));
}

/** Most labels starting in column c0 (at least 3 of them) are enumerated items: `1.` `（一）` `一、`. */
export function enumeratedColumn(t: TableFrag, valueCol: number): (c0: number) => boolean {
  return (c0) => {
    const labels = t.regions.filter((g) => g.c0 === c0 && g.c1 <= valueCol && g.text.trim() !== '');
    return labels.length >= 3 && labels.filter((g) => ENUM_START.test(g.text)).length >= labels.length * 0.6;
  };
}

function sameCells(upper: Region[], lower: Region[]): boolean {
  const up = new Set(upper.map(key));
  return upper.length === lower.length && lower.every((g) => up.has(key(g)));
}

/** Step 6: is the lower part `b` of a cell the continuation of its upper part `a` (same columns)? */
export function continuesCell(a: Region, b: Region, inLabels: boolean, inHeader: boolean): boolean {
  const at = a.text.trim();
  const bt = b.text.trim();
  if (inHeader && at !== '' && bt === '') return true;
  if (!inLabels) return false;
  if (at !== '' && bt === '') return true;
  if (at !== '' && bt !== '') return !ENUM_START.test(bt) && (unclosed(at) || ENUM_START.test(at));
  // text only below: the lower part of a tall label cell (vertically centred text)
  return at === '' && bt !== '' && !ENUM_START.test(bt) && b.r1 - b.r0 > 1;
}

/** Join the halves of a cell: upper text first; a word cut between CJK characters is glued. */
export function joinParts(a: Region, b: Region): void {
  a.text = a.text.trim() && b.text.trim() ? joinBroken(a.text, b.text) : concatText(a.text, b.text);
  a.parts = [...(a.parts ?? [a.box]), ...(b.parts ?? [b.box])];
  a.r1 = b.r1;
  if (b.incomplete) a.incomplete = b.incomplete;
  if (a.cells || b.cells) a.cells = [...(a.cells ?? []), ...(b.cells ?? [])];
}

/**
 * Steps 4–6 at the seam between row `seam-1` (last row of the upper page)
 * and `seam` (first row of the lower page). `open`: the break left the row
 * without its rule (U's bottom or L's top not drawn).
 */
export function rejoinAtBreak(t: TableFrag, seam: number, { open = false }: { open?: boolean } = {}): void {
  const { upper, lower } = seamRows(t, seam);
  const valueCol = firstValueColumn(t);
  const upperBy = new Map(upper.map((g) => [key(g), g]));
  const merges: [Region, Region][] = [];
  const split = isSplitRow(upper, lower, valueCol, open, enumeratedColumn(t, valueCol));
  if (split) {
    for (const b of lower) {
      const a = upperBy.get(key(b));
      if (a) merges.push([a, b]);
    }
    // an open break whose lower cells do not line up with the upper ones: keep both rows, but the cut numbers are not certain
    if (merges.length !== lower.length) {
      for (const g of [...upper, ...lower]) if (isNumeric(g.text)) g.incomplete = 'a row cut by a page break whose parts do not line up';
      merges.length = 0;
    }
  } else {
    const inHeader = rowKind(upper, valueCol) === 'header' && rowKind(lower, valueCol) === 'header';
    for (const b of lower) {
      const a = upperBy.get(key(b));
      if (a && continuesCell(a, b, b.c1 <= valueCol, inHeader)) merges.push([a, b]);
    }
  }
  for (const [a, b] of merges) {
    joinParts(a, b);
    t.regions.splice(t.regions.indexOf(b), 1);
  }
  if (split && merges.length) {
    // the two halves of one printed row become one grid row again
    for (const g of t.regions) {
      if (g.r0 > seam) g.r0--;
      if (g.r1 > seam) g.r1--;
    }
    t.rows--;
  }
}

/**
 * A fragment left open at the foot of its page (bottom rule not drawn, top
 * rule drawn) and not continued on the next page: its last row may have lost
 * its lower half (Chromium leaves a row cut by the break open; a page may be
 * missing), so the numbers of that row are marked incomplete, never read
 * shorter (`447` printed `44` | `7` read as 44).
 */
export function markOpenEnd(t: TableFrag): void {
  if (!t.openBottom || t.openTop || t.soft) return;
  for (const g of t.regions) if (g.r1 === t.rows && isNumeric(g.text)) g.incomplete = `the row is cut by the page break at the foot of page ${g.page} and its continuation was not found`;
}

function concatText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a}\n${b}`;
}

/** More opening than closing brackets: the text was cut in the middle (（本列数据的勾稽关系为：第一项加第二项 / 之和…）). */
export function unclosed(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '（' || ch === '(' || ch === '“' || ch === '《') depth++;
    else if (ch === '）' || ch === ')' || ch === '”' || ch === '》') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/** A label broken by a page break is one word: join without a separator when both sides are CJK. */
function joinBroken(a: string, b: string): string {
  return /[\u3000-\u9fff\uff00-\uffef]$/.test(a.trim()) && /^[\u3000-\u9fff\uff00-\uffef]/.test(b.trim()) ? `${a.trim()}${b.trim()}` : concatText(a, b);
}

/** Page heights (points) by page number: boxes are turned top-left, upright. */
export type PageHeights = ReadonlyMap<number, number>;

/** A box in PDF user space (y up) → the model's bbox (top-left origin, points, 2 decimals). */
export function toBBox(b: Box, heights: PageHeights): BBox {
  const h = heights.get(b.page) ?? b.top;
  return { page: b.page, x: round(b.x0), y: round(h - b.top), w: round(b.x1 - b.x0), h: round(b.top - b.bottom) };
}

/** Regions → the model's table block (rectangular, merged cells repeated with one id). */
export function toTableBlock(t: TableFrag, tableIndex: number, heights: PageHeights = new Map()): TableBlock {
  const cols = t.xs.length - 1;
  const grid: (Cell | undefined)[][] = [];
  for (let r = 0; r < t.rows; r++) grid.push(new Array<Cell | undefined>(cols).fill(undefined));
  const regions = [...t.regions].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const g of regions) {
    const id = newCellId();
    const rs = g.r1 - g.r0,
      cs = g.c1 - g.c0;
    const bbox = toBBox(g.box, heights);
    const parts = g.parts && g.parts.length > 1 ? g.parts.map((p) => toBBox(p, heights)) : undefined;
    for (let r = g.r0; r < g.r1; r++)
      for (let c = g.c0; c < g.c1; c++) {
        if (grid[r][c]) continue; // overlap after a remap: keep the first owner
        const cell: Cell = g.cells?.length
          ? ocrCell(g, parts, tableIndex)
          : { text: g.text, id, origin: { page: g.page, table: tableIndex, row: g.r0, col: g.c0, x: round(g.x), y: round(g.y), bbox } };
        if (parts) cell.origin.bbox_parts = parts;
        if (g.incomplete) cell.incomplete = g.incomplete;
        if (rs > 1) cell.rowSpan = rs;
        if (cs > 1) cell.colSpan = cs;
        if (r !== g.r0 || c !== g.c0) cell.merged = true;
        grid[r][c] = cell;
      }
  }
  // the positions no region covers get empty cells, filled in place (row-major, as their ids are given)
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    for (let c = 0; c < cols; c++) if (!row[c]) row[c] = { text: '', id: newCellId(), origin: { page: t.page, table: tableIndex, row: r, col: c } };
  }
  return { kind: 'table', rows: grid as Cell[][], cols, origin: { page: t.page, table: tableIndex, x: round(t.x0), y: round(t.top) } };
}

/**
 * The model cell of a region read by OCR: the first OCR'd cell's identity (id, box; its origin
 * placed in the joined table), the joined text, the lowest confidence of its parts. A number whose parts were read on two pages (a row cut by the break, `1` | `05`) is
 * marked incomplete: the verification re-reads one crop only, so it is never confirmed whole.
 */
function ocrCell(g: Region, parts: BBox[] | undefined, tableIndex: number): Cell {
  const cells = g.cells!;
  const first = cells[0];
  const { rowSpan: _r, colSpan: _c, merged: _m, ...rest } = first;
  // placed in the joined table like any cell; the OCR session is re-indexed by id (OcrSession.reindex)
  const cell: Cell = { ...rest, text: g.text, origin: { ...first.origin, table: tableIndex, row: g.r0, col: g.c0 } };
  const conf = cells.map((c) => c.confidence).filter((v): v is number => v !== undefined);
  if (conf.length) cell.confidence = Math.min(...conf);
  if (cells.filter((c) => c.text.trim() !== '').length > 1 && isNumeric(g.text)) {
    cell.incomplete = `a number cut by the page break after page ${first.origin.page}, its parts read by OCR apart`;
  }
  if (parts) cell.origin.bbox_parts = parts;
  return cell;
}

const round = (v: number) => Math.round(v * 100) / 100;
