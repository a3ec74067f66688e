/**
 * Cells: every white region enclosed by ruling lines is a cell, so merged
 * cells come for free. Cells that touch are grouped into tables, and each
 * table's cell edges are clustered into grid rows and columns.
 */
import type { Box } from './bitmap.js';

/** A cell of a detected table: its interior box (ruling lines excluded) and grid position. */
export interface GridCell {
  box: Box;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** A detected ruled table. */
export interface Grid {
  box: Box;
  rows: number;
  cols: number;
  /** In reading order (row, then column). */
  cells: GridCell[];
}

/**
 * Enclosed regions of the complement of the line mask (4-connected) that do
 * not touch the image border, are at least `minW`×`minH` px, and fill at
 * least 85% of their bounding box.
 */
export function enclosedRegions(lineMask: Uint8Array, width: number, height: number, minW: number, minH: number): Box[] {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const out: Box[] = [];
  let next = 0;
  for (let seed = 0; seed < label.length; seed++) {
    if (lineMask[seed] || label[seed]) continue;
    next++;
    let sp = 0;
    stack[sp++] = seed;
    label[seed] = next;
    let x0 = width, y0 = height, x1 = -1, y1 = -1, area = 0, border = false;
    while (sp > 0) {
      const i = stack[--sp];
      const y = (i / width) | 0, x = i - y * width;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border = true;
      if (x > 0 && !lineMask[i - 1] && !label[i - 1]) (label[i - 1] = next), (stack[sp++] = i - 1);
      if (x < width - 1 && !lineMask[i + 1] && !label[i + 1]) (label[i + 1] = next), (stack[sp++] = i + 1);
      if (y > 0 && !lineMask[i - width] && !label[i - width]) (label[i - width] = next), (stack[sp++] = i - width);
      if (y < height - 1 && !lineMask[i + width] && !label[i + width]) (label[i + width] = next), (stack[sp++] = i + width);
    }
    const w = x1 - x0 + 1, h = y1 - y0 + 1;
    if (!border && w >= minW && h >= minH && area >= 0.85 * w * h) out.push({ x0, y0, x1: x1 + 1, y1: y1 + 1 });
  }
  return out;
}

/** Group cells whose boxes lie within `gap` px of each other into tables (union-find). */
export function groupTables(cells: Box[], gap: number): Box[][] {
  const parent = cells.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const a = cells[i], b = cells[j];
      if (a.x0 - gap <= b.x1 && b.x0 - gap <= a.x1 && a.y0 - gap <= b.y1 && b.y0 - gap <= a.y1) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Box[]>();
  cells.forEach((c, i) => {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(c);
  });
  return [...groups.values()].sort((a, b) => Math.min(...a.map((c) => c.y0)) - Math.min(...b.map((c) => c.y0)));
}

/** Cluster coordinates: values within `tol` of the previous one share a cut. Returns cut → index lookup. */
function cuts(values: number[], tol: number): (v: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  const centres: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - group[group.length - 1] > tol) {
      centres.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) centres.push(group.reduce((s, x) => s + x, 0) / group.length);
  return (v: number) => {
    let best = 0;
    for (let i = 1; i < centres.length; i++) if (Math.abs(centres[i] - v) < Math.abs(centres[best] - v)) best = i;
    return best;
  };
}

/**
 * Place a table's cells on a grid: the left and right edges of all cells
 * (the ruling between two neighbours counted once, `tol` px) give the column
 * cuts, top and bottom edges the row cuts.
 */
export function toGrid(cells: Box[], tol: number): Grid {
  // the ruling between two cells: the left cell's right edge and the right cell's left edge
  // are one cut; shift both to the ruling's middle by half the line width (unknown: use tol/2)
  const xs = cells.flatMap((c) => [c.x0, c.x1]);
  const ys = cells.flatMap((c) => [c.y0, c.y1]);
  const cx = cuts(xs, tol), cy = cuts(ys, tol);
  const out: GridCell[] = cells.map((box) => {
    const col = cx(box.x0), row = cy(box.y0);
    return { box, row, col, colSpan: Math.max(1, cx(box.x1) - col), rowSpan: Math.max(1, cy(box.y1) - row) };
  });
  out.sort((a, b) => a.row - b.row || a.col - b.col);
  const rows = Math.max(0, ...out.map((c) => c.row + c.rowSpan));
  const cols = Math.max(0, ...out.map((c) => c.col + c.colSpan));
  const box = {
    x0: Math.min(...cells.map((c) => c.x0)),
    y0: Math.min(...cells.map((c) => c.y0)),
    x1: Math.max(...cells.map((c) => c.x1)),
    y1: Math.max(...cells.map((c) => c.y1)),
  };
  return { box, rows, cols, cells: out };
}
