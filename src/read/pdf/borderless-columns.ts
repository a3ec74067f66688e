/**
 * Borderless tables, steps 1–3 of the chain (borderless.ts): value columns
 * from number positions, the column grid (label columns from the left edges
 * of label text, value boundaries refined by the header text over them),
 * bands (baselines) and the pieces of text in each band.
 */
import { clusterPositions } from './grid.js';
import { isNumeric } from './join.js';
import type { BorderlessSettings, TextItem } from './types.js';

/** A bare enumeration mark (`1.`, `2、`) is label text, not a value. */
const ENUM_ONLY = /^\s*\d{1,2}\s*[.．、]\s*$/;
export const isNumberValue = (s: string) => isNumeric(s) && !ENUM_ONLY.test(s);
/** What may stand in a value cell: a number or a dash. */
export const isValueText = (s: string) => isNumberValue(s) || /^[-－—–~～]+$/.test(s.trim());

/** Index c with xs[c] <= v < xs[c+1], clamped to the grid. */
export function colAt(xs: number[], v: number): number {
  for (let c = xs.length - 2; c >= 0; c--) if (v >= xs[c]) return c;
  return 0;
}

/** A value column's numbers and their x extent. */
export interface Seed {
  items: TextItem[];
  x0: number;
  x1: number;
  /** Mean centre. */
  c: number;
}

/** Step 1: value columns, clusters of number positions. Centred, right- or left-aligned numbers; the alignment that needs fewest (non-overlapping) columns wins. */
export function valueSeeds(nums: TextItem[], em: number, s: BorderlessSettings): Seed[] {
  const keys: ((it: TextItem) => number)[] = [(it) => (it.x0 + it.x1) / 2, (it) => it.x1, (it) => it.x0];
  let best: Seed[] | null = null;
  for (const key of keys) {
    const centres = clusterPositions(nums.map(key), em * s.valueCluster);
    const groups = centres.map(() => [] as TextItem[]);
    for (const it of nums) {
      let b = 0;
      for (let k = 1; k < centres.length; k++) if (Math.abs(centres[k] - key(it)) < Math.abs(centres[b] - key(it))) b = k;
      groups[b].push(it);
    }
    const seeds = groups
      .filter((g) => g.length)
      .map((g) => ({
        items: g,
        x0: Math.min(...g.map((it) => it.x0)),
        x1: Math.max(...g.map((it) => it.x1)),
        c: g.reduce((t, it) => t + (it.x0 + it.x1) / 2, 0) / g.length,
      }))
      .sort((a, b) => a.c - b.c);
    const disjoint = seeds.every((sd, k) => k === 0 || seeds[k - 1].x1 < sd.x0);
    if (!disjoint) continue;
    if (!best || seeds.length < best.length) best = seeds;
  }
  return best ?? [];
}

/** The column grid of a borderless table. */
export interface ColumnGrid {
  /** Column boundaries, ascending. */
  xs: number[];
  /** Number of label columns (left of the first value column). */
  nLabel: number;
  /** Right end of the label columns. */
  labelEnd: number;
  /** Left end of the table (points). */
  xmin: number;
}

/**
 * Step 2: the column grid. Label columns start at the left edges shared by
 * two or more label items; value-column boundaries lie between neighbouring
 * seeds, pushed clear of the text (header or values) each column owns.
 * Null when the boundaries do not ascend.
 */
export function columnGrid(all: TextItem[], rowishItems: Set<TextItem>, seeds: Seed[], em: number, s: BorderlessSettings): ColumnGrid | null {
  const overlaps = (it: { x0: number; x1: number }, sd: Seed) => Math.min(it.x1, sd.x1) - Math.max(it.x0, sd.x0) > 0;
  const seedsOver = (it: TextItem) => seeds.map((sd, k) => (overlaps(it, sd) ? k : -1)).filter((k) => k >= 0);
  // first value column: numbers of seed 0 and header text over it alone (not text on value rows: that is a label)
  const over0 = all.filter((it) => !isValueText(it.str) && !rowishItems.has(it) && seedsOver(it).length === 1 && seedsOver(it)[0] === 0);
  const v0 = Math.min(seeds[0].x0, ...over0.map((it) => it.x0));
  const labelItems = all.filter((it) => !isValueText(it.str) && it.x0 < v0 - em * s.labelMargin);
  const xmin = Math.min(...all.map((it) => it.x0)) - 1;
  const xmax = Math.max(...all.map((it) => it.x1)) + 1;
  let labelBounds: number[] = [];
  let labelEnd = xmin;
  if (labelItems.length) {
    const ends = labelItems.map((it) => it.x1).filter((x) => x < v0);
    const lo = ends.length ? Math.max(...ends) : v0 - em;
    labelEnd = lo < v0 ? (lo + v0) / 2 : v0 - 0.5;
    const tol = s.labelStartCluster;
    const starts = clusterPositions(labelItems.map((it) => it.x0), tol).filter((x) => x < labelEnd - em && labelItems.filter((it) => Math.abs(it.x0 - x) <= tol).length >= 2);
    labelBounds = starts.length && starts[0] <= xmin + 2 ? starts.map((x) => x - 1) : [xmin, ...starts.map((x) => x - 1)];
    labelBounds[0] = xmin;
  }
  const nLabel = labelBounds.length;
  // which value column a (non-spanning) text item belongs to
  const belongs = (it: TextItem): number => {
    if (it.x0 < labelEnd) return -1;
    const ov = seedsOver(it);
    if (ov.length === 1) return ov[0];
    if (ov.length > 1) return -1;
    const cx = (it.x0 + it.x1) / 2;
    let b = 0;
    for (let k = 1; k < seeds.length; k++) if (Math.abs(seeds[k].c - cx) < Math.abs(seeds[b].c - cx)) b = k;
    return b;
  };
  const owner = all.map(belongs);
  const valueBounds: number[] = [nLabel ? labelEnd : xmin];
  for (let k = 0; k + 1 < seeds.length; k++) {
    const left = all.filter((_, i) => owner[i] === k);
    const right = all.filter((_, i) => owner[i] === k + 1);
    const lo = Math.max(seeds[k].x1, ...left.map((it) => it.x1));
    const hi = Math.min(seeds[k + 1].x0, ...right.map((it) => it.x0));
    let b = (seeds[k].c + seeds[k + 1].c) / 2;
    if (b > hi - 0.5) b = hi - 0.5;
    else if (b < lo + 0.5 && lo + 0.5 < hi) b = lo + 0.5;
    b = Math.min(Math.max(b, seeds[k].x1 + 0.3), seeds[k + 1].x0 - 0.3);
    valueBounds.push(b);
  }
  const xs = [...labelBounds, ...valueBounds, Math.max(xmax, seeds[seeds.length - 1].x1 + 1)];
  for (let k = 1; k < xs.length; k++) if (!(xs[k] > xs[k - 1])) return null;
  return { xs, nLabel, labelEnd, xmin };
}

/** Step 3a: bands, items sharing a baseline (tighter than the line grouping: a header's wrapped cells sit a few points apart). Baselines top first. */
export function bands(all: TextItem[], em: number, s: BorderlessSettings): { ys: number[]; bandOf: (it: TextItem) => number } {
  const ys = clusterPositions(all.map((it) => it.y), em * s.bandTolerance).reverse();
  const bandOf = (it: TextItem) => {
    let b = 0;
    for (let k = 1; k < ys.length; k++) if (Math.abs(ys[k] - it.y) < Math.abs(ys[b] - it.y)) b = k;
    return b;
  };
  return { ys, bandOf };
}

/** A text piece: items of one band and one column glued (never across a gap over `pieceGap`). */
export interface Piece {
  str: string;
  items: TextItem[];
  x0: number;
  x1: number;
  y: number;
  band: number;
  /** A number or dash in a value column. */
  value: boolean;
  c0: number;
  c1: number;
}

/** Band kinds: `A` carries a value, `H` text over the value columns, `L` label text only. */
export type BandKind = 'A' | 'H' | 'L';

/**
 * Step 3b: the pieces of each band: items glued left to right when they
 * touch (`touchGap`), or in one column with a gap under `pieceGap`; values
 * are never glued.
 */
export function bandPieces(all: TextItem[], grid: ColumnGrid, ys: number[], bandOf: (it: TextItem) => number, em: number, s: BorderlessSettings): { pieces: Piece[][]; kind: BandKind[] } {
  const { xs, nLabel, labelEnd, xmin } = grid;
  const spanOf = (x0: number, x1: number): [number, number] => {
    const c0 = colAt(xs, x0 + 0.5);
    return [c0, Math.max(c0 + 1, colAt(xs, x1 - em * s.spanSlack) + 1)];
  };
  const byBand = ys.map(() => [] as TextItem[]);
  for (const it of all) byBand[bandOf(it)].push(it);
  const pieces = byBand.map((its, band) => {
    const out: Piece[] = [];
    for (const it of [...its].sort((a, b) => a.x0 - b.x0)) {
      const value = isValueText(it.str) && (it.x0 + it.x1) / 2 >= (nLabel ? labelEnd : xmin);
      const [c0, c1] = value ? [colAt(xs, (it.x0 + it.x1) / 2), colAt(xs, (it.x0 + it.x1) / 2) + 1] : spanOf(it.x0, it.x1);
      const prev = out[out.length - 1];
      const gap = prev ? it.x0 - prev.x1 : Infinity;
      if (prev && !prev.value && !value && (gap < em * s.touchGap || (prev.c0 === c0 && gap < em * s.pieceGap))) {
        prev.items.push(it);
        prev.str += it.str;
        prev.x1 = Math.max(prev.x1, it.x1);
        [prev.c0, prev.c1] = spanOf(prev.x0, prev.x1);
        continue;
      }
      out.push({ str: it.str, items: [it], x0: it.x0, x1: it.x1, y: ys[band], band, value, c0, c1 });
    }
    return out;
  });
  const kind = pieces.map((ps): BandKind => (ps.some((p) => p.value) ? 'A' : ps.some((p) => p.c0 >= nLabel) ? 'H' : 'L'));
  return { pieces, kind };
}
