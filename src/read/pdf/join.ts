/**
 * Tables continued on the next page: stack fragments into one table, drop a
 * repeated header, rejoin a row or a merged label cut by the page break, and
 * finally turn regions into the model's rectangular cell grid.
 */
import { newCellId, type Cell, type TableBlock } from '../../model.js';
import { clusterPositions } from './grid.js';
import type { Region, TableFrag } from './types.js';

/** Fragments whose left and right edges agree within this (points) may be one table. */
export const JOIN_X_TOLERANCE = 12;

export function sameColumnsFrame(a: TableFrag, b: TableFrag): boolean {
  return Math.abs(a.x0 - b.x0) <= JOIN_X_TOLERANCE && Math.abs(a.x1 - b.x1) <= JOIN_X_TOLERANCE;
}

const NUMERIC = /^[\s\d,，.．\-－—/／%]+$/;
export const isNumeric = (s: string) => s.trim() !== '' && /\d/.test(s) && NUMERIC.test(s);
/** Starts like an enumerated label: （四）, (4), 四、, 1. 1、 1．. */
export const ENUM_START = /^\s*([（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+\s*[.、．])/;

const norm = (s: string) => s.replace(/\s+/g, '');

/** Regions of the fragment in row r (those whose top row is r). */
function rowRegions(f: TableFrag, r: number): Region[] {
  return f.regions.filter((g) => g.r0 === r).sort((a, b) => a.c0 - b.c0);
}

/** Regions covering grid row r (any that span it). */
function regionsCovering(f: TableFrag, r: number): Region[] {
  return f.regions.filter((g) => g.r0 <= r && g.r1 > r).sort((a, b) => a.c0 - b.c0);
}

function rowSignature(f: TableFrag, r: number): string {
  return regionsCovering(f, r)
    .map((g) => `${g.c0}-${g.c1}:${norm(g.text)}`)
    .join('|');
}

/** Re-express a fragment on a common set of column boundaries. */
function remap(f: TableFrag, xs: number[]): TableFrag {
  const idx = (x: number) => {
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
    return best;
  };
  const regions = f.regions.map((g) => {
    const c0 = idx(f.xs[g.c0]);
    const c1 = Math.max(c0 + 1, idx(f.xs[g.c1]));
    return { ...g, c0, c1 };
  });
  return { ...f, xs, regions };
}

/** Join fragment b (next page) below a. Both must already share column boundaries. */
export function stack(a: TableFrag, b0: TableFrag): TableFrag {
  // borderless fragments with the same column count share columns whose inferred boundaries moved a little
  const xs = a.soft && b0.soft && a.xs.length === b0.xs.length ? a.xs : clusterPositions([...a.xs, ...b0.xs], 4);
  const A = remap(a, xs);
  let B = remap(b0, xs);
  // 1. a header repeated at the top of the new page
  let drop = 0;
  for (let k = 1; k <= Math.min(4, A.rows - 1, B.rows - 1); k++) {
    let same = true;
    for (let r = 0; r < k && same; r++) same = rowSignature(A, r) === rowSignature(B, r) && rowSignature(B, r).replace(/[\d|:-]/g, '') !== '';
    // the header block must end at a row boundary in both
    if (same && !B.regions.some((g) => g.r0 < k && g.r1 > k)) drop = k;
  }
  if (drop) {
    B = { ...B, rows: B.rows - drop, regions: B.regions.filter((g) => g.r0 >= drop).map((g) => ({ ...g, r0: g.r0 - drop, r1: g.r1 - drop })) };
  }
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
  };
  if (B.rows > 0) rejoinAtBreak(out, off);
  return out;
}

function concatText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a}\n${b}`;
}

/**
 * At the seam between row `seam-1` (last row of the upper page) and `seam`
 * (first row of the lower page):
 * - a row split by the page break (same cell structure, one half without any
 *   numbers and its label not starting a new enumerated item) becomes one row;
 * - otherwise, in the label columns (left of the first number), a label cell
 *   cut by the break (`（四）无` / `法提供`, or text above and an empty
 *   continuation below) becomes one cell.
 */
export function rejoinAtBreak(t: TableFrag, seam: number): void {
  const upper = t.regions.filter((g) => g.r1 === seam);
  const lower = t.regions.filter((g) => g.r0 === seam);
  const key = (g: Region) => `${g.c0}-${g.c1}`;
  const upperBy = new Map(upper.map((g) => [key(g), g]));
  const sameStructure = upper.length === lower.length && lower.every((g) => upperBy.has(key(g)));
  const upperRow = rowRegions(t, seam - 1).length ? regionsCovering(t, seam - 1) : upper;
  const lowerRow = regionsCovering(t, seam);
  const hasNum = (gs: Region[]) => gs.some((g) => isNumeric(g.text));
  const firstNumCol = Math.min(
    ...[...upperRow, ...lowerRow].filter((g) => isNumeric(g.text)).map((g) => g.c0),
    Number.POSITIVE_INFINITY,
  );
  const lowerLabel = lowerRow.find((g) => g.c0 < firstNumCol && g.r0 === seam && g.text.trim() !== '');
  const merges: [Region, Region][] = [];
  let splitRow = false;
  if (
    sameStructure &&
    hasNum(upperRow) !== hasNum(lowerRow) &&
    !(lowerLabel && ENUM_START.test(lowerLabel.text)) &&
    lower.some((g) => g.text.trim() !== '')
  ) {
    for (const g of lower) merges.push([upperBy.get(key(g))!, g]);
    splitRow = true;
  } else {
    for (const b of lower) {
      if (b.c1 > firstNumCol) continue;
      const a = upperBy.get(key(b));
      if (!a) continue;
      const at = a.text.trim(),
        bt = b.text.trim();
      const cont =
        (at !== '' && bt === '') ||
        (at !== '' && bt !== '' && unclosed(at) && !ENUM_START.test(bt)) || (at !== '' && bt !== '' && ENUM_START.test(at) && !ENUM_START.test(bt)) || (at === '' && bt !== '' && !ENUM_START.test(bt) && a.r1 - a.r0 >= 1 && b.r1 - b.r0 > 1);
      if (cont) merges.push([a, b]);
    }
  }
  for (const [a, b] of merges) {
    a.text = a.text.trim() && b.text.trim() ? joinBroken(a.text, b.text) : concatText(a.text, b.text);
    a.r1 = b.r1;
    t.regions.splice(t.regions.indexOf(b), 1);
  }
  if (splitRow) {
    // the two halves of one printed row become one grid row again
    for (const g of t.regions) {
      if (g.r0 > seam) g.r0--;
      if (g.r1 > seam) g.r1--;
    }
    t.rows--;
  }
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

/** Regions → the model's table block (rectangular, merged cells repeated with one id). */
export function toTableBlock(t: TableFrag, tableIndex: number): TableBlock {
  const cols = t.xs.length - 1;
  const grid: (Cell | undefined)[][] = Array.from({ length: t.rows }, () => new Array<Cell | undefined>(cols).fill(undefined));
  const regions = [...t.regions].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const g of regions) {
    const id = newCellId();
    const rs = g.r1 - g.r0,
      cs = g.c1 - g.c0;
    for (let r = g.r0; r < g.r1; r++)
      for (let c = g.c0; c < g.c1; c++) {
        if (grid[r][c]) continue; // overlap after a remap: keep the first owner
        const cell: Cell = { text: g.text, id, origin: { page: g.page, table: tableIndex, row: g.r0, col: g.c0, x: round(g.x), y: round(g.y) } };
        if (rs > 1) cell.rowSpan = rs;
        if (cs > 1) cell.colSpan = cs;
        if (r !== g.r0 || c !== g.c0) cell.merged = true;
        grid[r][c] = cell;
      }
  }
  const rows: Cell[][] = grid.map((row, r) =>
    row.map((cell, c) => cell ?? { text: '', id: newCellId(), origin: { page: t.page, table: tableIndex, row: r, col: c } }),
  );
  // drop rows and columns that are entirely covered by cells spanning from elsewhere? No: keep the grid as drawn.
  return { kind: 'table', rows, cols, origin: { page: t.page, table: tableIndex, x: round(t.x0), y: round(t.top) } };
}

const round = (v: number) => Math.round(v * 100) / 100;
