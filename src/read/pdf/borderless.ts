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
 */
import { clusterPositions } from './grid.js';
import { ENUM_START, isNumeric, unclosed } from './join.js';
import { cellText, type Line } from './text.js';
import type { Region, TableFrag, TextItem } from './types.js';

export interface BorderlessTable {
  frag: TableFrag;
  lines: Line[];
}

const numCount = (l: Line) => l.items.filter((it) => isNumeric(it.str)).length;
/** Items separated from their left neighbour by a column gap (≥ 1.5 font sizes). */
const gapped = (l: Line) => l.items.filter((it, k) => k > 0 && it.x0 - l.items[k - 1].x1 >= it.size * 1.5);
/** A table row: numbers standing apart from the text before them. */
const isRowish = (l: Line) => {
  const g = gapped(l);
  const n = g.filter((it) => isNumeric(it.str)).length;
  return n >= 1 && (n >= 2 || numCount(l) === l.items.length - 1 || l.items.length === 2);
};

/** Runs of lines that look like a borderless table. */
export function tableRuns(lines: Line[], pageWidth: number): Line[][] {
  const runs: Line[][] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isRowish(lines[i])) {
      i++;
      continue;
    }
    const size = lines[i].size;
    const fits = (l: Line) => l.size <= size + 1 && !(l.items.length === 1 && l.x1 - l.x0 > pageWidth * 0.45);
    // extend down over number rows and short wrapped lines
    let end = i;
    let gap = 0;
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l)) break;
      if (isRowish(l)) {
        end = k;
        gap = 0;
      } else if (++gap > 6) break;
    }
    // extend up over header lines
    let start = i;
    for (let k = i - 1; k >= 0 && i - k <= 8; k--) {
      const l = lines[k];
      if (l.page !== lines[i].page || !fits(l) || (runs.length && runs[runs.length - 1].includes(l))) break;
      start = k;
    }
    const run = lines.slice(start, end + 1);
    const rowish = run.filter(isRowish);
    if (rowish.length >= 2 || rowish.some((l) => numCount(l) >= 5)) runs.push(run);
    i = end + 1;
  }
  return runs;
}

/** A bare enumeration mark (`1.`, `2、`) is label text, not a value. */
const ENUM_ONLY = /^\s*\d{1,2}\s*[.．、]\s*$/;
const isNumberValue = (s: string) => isNumeric(s) && !ENUM_ONLY.test(s);
/** What may stand in a value cell: a number or a dash. */
const isValueText = (s: string) => isNumberValue(s) || /^[-－—–~～]+$/.test(s.trim());

/** Index c with xs[c] <= v < xs[c+1], clamped to the grid. */
function colAt(xs: number[], v: number): number {
  for (let c = xs.length - 2; c >= 0; c--) if (v >= xs[c]) return c;
  return 0;
}

interface Seed {
  items: TextItem[];
  x0: number;
  x1: number;
  c: number;
}

/** Value columns: clusters of number positions. Centred, right- or left-aligned numbers; the alignment that needs fewest columns wins. */
function valueSeeds(nums: TextItem[], em: number): Seed[] {
  const keys: ((it: TextItem) => number)[] = [(it) => (it.x0 + it.x1) / 2, (it) => it.x1, (it) => it.x0];
  let best: Seed[] | null = null;
  for (const key of keys) {
    const centres = clusterPositions(nums.map(key), em * 0.6);
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
        c: g.reduce((s, it) => s + (it.x0 + it.x1) / 2, 0) / g.length,
      }))
      .sort((a, b) => a.c - b.c);
    // columns must not overlap each other
    const disjoint = seeds.every((s, k) => k === 0 || seeds[k - 1].x1 < s.x0);
    if (!disjoint) continue;
    if (!best || seeds.length < best.length) best = seeds;
  }
  return best ?? [];
}

/** A text piece: items of one band and one column glued (never across a gap over ~1 em). */
interface Piece {
  str: string;
  items: TextItem[];
  x0: number;
  x1: number;
  y: number;
  band: number;
  value: boolean;
  c0: number;
  c1: number;
}

/** A cell under construction. */
interface Cell {
  pieces: Piece[];
  c0: number;
  c1: number;
  /** Grid rows (filled in when placed). */
  r0: number;
  r1: number;
}

/** Build one fragment from a run of lines. */
export function buildBorderless(run: Line[], page: number): TableFrag | null {
  const all = run.flatMap((l) => l.items);
  if (!all.length) return null;
  const em = Math.max(...run.map((l) => l.size));
  const rowishLines = run.filter(isRowish);
  const nums = rowishLines.flatMap((l) => l.items.filter((it) => isNumberValue(it.str)));
  if (!nums.length) return null;
  const seeds = valueSeeds(nums, em);
  if (!seeds.length) return null;
  const rowishItems = new Set(rowishLines.flatMap((l) => l.items));

  // ---- columns
  const overlaps = (it: { x0: number; x1: number }, s: Seed) => Math.min(it.x1, s.x1) - Math.max(it.x0, s.x0) > 0;
  const seedsOver = (it: TextItem) => seeds.map((s, k) => (overlaps(it, s) ? k : -1)).filter((k) => k >= 0);
  // first value column: numbers of seed 0 and header text over it alone (not text on value rows: that is a label)
  const over0 = all.filter((it) => !isValueText(it.str) && !rowishItems.has(it) && seedsOver(it).length === 1 && seedsOver(it)[0] === 0);
  const v0 = Math.min(seeds[0].x0, ...over0.map((it) => it.x0));
  const labelItems = all.filter((it) => !isValueText(it.str) && it.x0 < v0 - em * 0.5);
  const xmin = Math.min(...all.map((it) => it.x0)) - 1;
  const xmax = Math.max(...all.map((it) => it.x1)) + 1;
  let labelBounds: number[] = [];
  let labelEnd = xmin;
  if (labelItems.length) {
    const ends = labelItems.map((it) => it.x1).filter((x) => x < v0);
    const lo = ends.length ? Math.max(...ends) : v0 - em;
    labelEnd = lo < v0 ? (lo + v0) / 2 : v0 - 0.5;
    const starts = clusterPositions(labelItems.map((it) => it.x0), 4).filter(
      (x) => x < labelEnd - em && labelItems.filter((it) => Math.abs(it.x0 - x) <= 4).length >= 2,
    );
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
  const nCols = xs.length - 1;
  const spanOf = (x0: number, x1: number): [number, number] => {
    const c0 = colAt(xs, x0 + 0.5);
    const c1 = Math.max(c0 + 1, colAt(xs, x1 - em * 0.3) + 1);
    return [c0, c1];
  };

  // ---- bands: items sharing a baseline (tighter than the line grouping: a header's wrapped cells sit a few points apart)
  const ys = clusterPositions(all.map((it) => it.y), em * 0.2).reverse();
  const bandOf = (it: TextItem) => {
    let b = 0;
    for (let k = 1; k < ys.length; k++) if (Math.abs(ys[k] - it.y) < Math.abs(ys[b] - it.y)) b = k;
    return b;
  };
  // pieces: per band, items glued left to right when touching, or in one column with a gap under 1 em
  const byBand = ys.map(() => [] as TextItem[]);
  for (const it of all) byBand[bandOf(it)].push(it);
  const bandPieces: Piece[][] = byBand.map((its, band) => {
    const out: Piece[] = [];
    for (const it of [...its].sort((a, b) => a.x0 - b.x0)) {
      const value = isValueText(it.str) && (it.x0 + it.x1) / 2 >= (nLabel ? labelEnd : xmin);
      const [c0, c1] = value ? [colAt(xs, (it.x0 + it.x1) / 2), colAt(xs, (it.x0 + it.x1) / 2) + 1] : spanOf(it.x0, it.x1);
      const prev = out[out.length - 1];
      const gap = prev ? it.x0 - prev.x1 : Infinity;
      if (prev && !prev.value && !value && (gap < em * 0.15 || (prev.c0 === c0 && gap < em))) {
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
  // band kinds: A = carries a value, H = text over the value columns, L = label text only
  const kind = bandPieces.map((ps) => (ps.some((p) => p.value) ? 'A' : ps.some((p) => p.c0 >= nLabel) ? 'H' : 'L'));

  // ---- chaining pieces of one column into cells
  const full = (p: Piece, c1: number) => p.x1 + em > xs[c1] - 0.5;
  const continues = (cell: Cell, p: Piece): boolean => {
    const last = cell.pieces[cell.pieces.length - 1];
    if (p.c0 !== cell.c0 || p.c1 > cell.c1 || ENUM_START.test(p.str)) return false;
    const gap = last.y - p.y;
    if (gap <= 0) return false;
    if (gap <= em * 1.65) return true;
    const text = cell.pieces.map((q) => q.str).join('');
    return gap <= em * 2.3 && (unclosed(text) || full(last, cell.c1));
  };

  // ---- sections: header bands (with any caption lines above them) and body bands
  interface Section {
    header: number[];
    body: number[];
  }
  const sections: Section[] = [];
  let cur: Section = { header: [], body: [] };
  let pending: number[] = [];
  const lastLabel = new Map<number, Cell>();
  const flush = () => {
    if (!pending.length) return;
    if (pending.some((b) => kind[b] === 'H')) {
      // leading label lines that wrap the last body label stay in the body
      let k = 0;
      while (k < pending.length && kind[pending[k]] === 'L' && cur.body.length) {
        const ps = bandPieces[pending[k]];
        if (!ps.every((p) => lastLabel.has(p.c0) && continues(lastLabel.get(p.c0)!, p))) break;
        cur.body.push(pending[k]);
        k++;
      }
      if (cur.header.length || cur.body.length) sections.push(cur);
      cur = { header: pending.slice(k), body: [] };
      lastLabel.clear();
    } else cur.body.push(...pending);
    pending = [];
  };
  for (let b = 0; b < ys.length; b++) {
    if (kind[b] === 'A') {
      flush();
      cur.body.push(b);
      // track label cells for the wrap test of later caption lines (rough: the last piece per column)
      for (const p of bandPieces[b]) if (!p.value && p.c0 < nLabel) lastLabel.set(p.c0, { pieces: [p], c0: p.c0, c1: p.c1, r0: 0, r1: 0 });
    } else {
      pending.push(b);
      for (const p of bandPieces[b]) {
        const c = lastLabel.get(p.c0);
        if (!p.value && p.c0 < nLabel && cur.body.length && kind[b] === 'L') {
          if (c && continues(c, p)) c.pieces.push(p);
          else lastLabel.set(p.c0, { pieces: [p], c0: p.c0, c1: p.c1, r0: 0, r1: 0 });
        }
      }
    }
  }
  flush();
  if (cur.header.length || cur.body.length) sections.push(cur);

  // ---- place cells
  const regionsOut: { cell: Cell; r0: number; r1: number; c0: number; c1: number }[] = [];
  let rowBase = 0;
  for (const sec of sections) {
    // header: one grid row per band
    const hRows = sec.header.length;
    const hRow = new Map(sec.header.map((b, i) => [b, i]));
    const hCells: Cell[] = [];
    const lastIn = new Map<number, Cell>();
    for (const b of sec.header) {
      for (const p of bandPieces[b]) {
        const cand = lastIn.get(p.c0);
        const free = cand && Array.from({ length: p.c1 - p.c0 }, (_, i) => lastIn.get(p.c0 + i) === cand).every(Boolean);
        if (cand && free && continues(cand, p)) {
          cand.pieces.push(p);
          cand.r1 = hRow.get(b)! + 1;
        } else {
          const cell: Cell = { pieces: [p], c0: p.c0, c1: p.c1, r0: hRow.get(b)!, r1: hRow.get(b)! + 1 };
          hCells.push(cell);
          for (let c = p.c0; c < p.c1; c++) lastIn.set(c, cell);
        }
      }
    }
    // a header cell spreads over value columns without header text of their own; a lone caption at the left spans the table
    const hasHeader = new Set(hCells.flatMap((h) => h.pieces.map((p) => p.c0)));
    for (const h of hCells) {
      if (h.c0 >= nLabel) while (h.c1 < nCols && !hasHeader.has(h.c1) && !hCells.some((o) => o !== h && o.c0 <= h.c1 && o.c1 > h.c1 && o.r0 < h.r1 && o.r1 > h.r0)) h.c1++;
      const alone = hCells.every((o) => o === h || o.r1 <= h.r0 || o.r0 >= h.r1);
      if (alone && h.c0 === 0) h.c1 = nCols;
    }
    // clip overlaps (a spanning header over a column that has its own cell in the same rows)
    for (const h of hCells) {
      for (const o of hCells) {
        if (o === h || o.r1 <= h.r0 || o.r0 >= h.r1) continue;
        if (o.c0 > h.c0 && o.c0 < h.c1) h.c1 = o.c0;
      }
    }
    // a header cell reaches down over empty rows below it (vertically centred cells span the header)
    const occupied = (r: number, c0: number, c1: number, self: Cell) => hCells.some((o) => o !== self && o.r0 <= r && o.r1 > r && o.c0 < c1 && o.c1 > c0);
    for (const h of [...hCells].sort((a, b) => b.r1 - a.r1)) while (h.r1 < hRows && !occupied(h.r1, h.c0, h.c1, h)) h.r1++;
    for (const h of hCells) regionsOut.push({ cell: h, r0: rowBase + h.r0, r1: rowBase + h.r1, c0: h.c0, c1: h.c1 });
    // leaves: the lowest header cell over each column
    const leaf = new Map<number, Cell>();
    for (const h of hCells) for (let c = h.c0; c < h.c1; c++) if (!leaf.has(c) || leaf.get(c)!.r1 < h.r1) leaf.set(c, h);

    // body: anchor rows, label cells chained per column
    const anchors = sec.body.filter((b) => kind[b] === 'A');
    type Placed = { cell: Cell; top: number; bottom: number; anchorsIn: number[] };
    const chains: Cell[] = [];
    const lastBody = new Map<number, Cell>();
    const deeperLabel = (band: number, c: number) => bandPieces[band].some((p) => !p.value && p.c0 > c && p.c0 < nLabel);
    const valueCells: { p: Piece; band: number }[] = [];
    for (const b of sec.body) {
      for (const p of bandPieces[b]) {
        if (p.value) {
          valueCells.push({ p, band: b });
          continue;
        }
        if (p.c0 >= nLabel) {
          // text in a value column on a value row: a cell of its own
          valueCells.push({ p, band: b });
          continue;
        }
        const cand = lastBody.get(p.c0);
        let ok = !!cand && Array.from({ length: p.c1 - p.c0 }, (_, i) => lastBody.get(p.c0 + i) === cand).every(Boolean) && continues(cand, p);
        // two value rows each with their own label in this column are two cells, however close
        if (ok && kind[b] === 'A') {
          const prevAnchor = cand!.pieces.find((q) => kind[q.band] === 'A' && q.band !== b);
          if (prevAnchor && !deeperLabel(prevAnchor.band, p.c0)) ok = false;
        }
        if (ok) cand!.pieces.push(p);
        else {
          const cell: Cell = { pieces: [p], c0: p.c0, c1: p.c1, r0: 0, r1: 0 };
          chains.push(cell);
          for (let c = p.c0; c < p.c1; c++) lastBody.set(c, cell);
        }
      }
    }
    const placed: Placed[] = chains.map((cell) => {
      const top = cell.pieces[0].y;
      const bottom = cell.pieces[cell.pieces.length - 1].y;
      const anchorsIn = anchors.filter((a) => ys[a] <= top + em * 0.35 && ys[a] >= bottom - em * 0.35);
      return { cell, top, bottom, anchorsIn };
    });
    // rows: anchors, plus rows of their own for label cells that no anchor takes
    const rowYs: number[] = anchors.map((a) => ys[a]);
    const taken = new Set<string>(); // `${anchorBand}:${col}`
    for (const pl of placed) for (const a of pl.anchorsIn) for (let c = pl.cell.c0; c < pl.cell.c1; c++) taken.add(`${a}:${c}`);
    const rowOfCell = new Map<Cell, [number, number]>(); // y range of rows
    for (const pl of placed) if (pl.anchorsIn.length) rowOfCell.set(pl.cell, [ys[pl.anchorsIn[0]], ys[pl.anchorsIn[pl.anchorsIn.length - 1]]]);
    for (const pl of placed) {
      if (pl.anchorsIn.length) continue;
      const above = [...anchors].reverse().find((a) => ys[a] > pl.top);
      const below = anchors.find((a) => ys[a] < pl.bottom);
      const freeAt = (a: number | undefined) => a !== undefined && !taken.has(`${a}:${pl.cell.c0}`);
      const cands = [above, below].filter(freeAt) as number[];
      cands.sort((a, b) => Math.min(Math.abs(ys[a] - pl.top), Math.abs(ys[a] - pl.bottom)) - Math.min(Math.abs(ys[b] - pl.top), Math.abs(ys[b] - pl.bottom)));
      // a group label between two rows may join either; a label that wraps into no free row gets a row of its own
      if (cands.length) {
        const a = cands[0];
        for (let c = pl.cell.c0; c < pl.cell.c1; c++) taken.add(`${a}:${c}`);
        rowOfCell.set(pl.cell, [ys[a], ys[a]]);
      } else {
        rowYs.push(pl.top);
        rowOfCell.set(pl.cell, [pl.top, pl.top]);
      }
    }
    const sortedRows = [...new Set(rowYs)].sort((a, b) => b - a);
    const rowIdx = (y: number) => rowBase + hRows + sortedRows.indexOf(y);
    // label cells spread right over label columns empty in all their rows
    const bodyRegions: { cell: Cell; r0: number; r1: number; c0: number; c1: number }[] = [];
    for (const cell of chains) {
      const [yt, yb] = rowOfCell.get(cell)!;
      bodyRegions.push({ cell, r0: rowIdx(yt), r1: rowIdx(yb) + 1, c0: cell.c0, c1: cell.c1 });
    }
    for (const g of bodyRegions) {
      if (g.c1 >= nLabel) continue;
      let c1 = g.c1;
      while (c1 < nLabel && !bodyRegions.some((o) => o !== g && o.c0 <= c1 && o.c1 > c1 && o.r0 < g.r1 && o.r1 > g.r0)) c1++;
      g.c1 = c1;
    }
    // values: under their column; spread like their header leaf when it spans value columns alone
    const byRowCol = new Map<string, { cell: Cell; r0: number; r1: number; c0: number; c1: number }>();
    for (const { p, band } of valueCells) {
      const r = rowIdx(ys[band]);
      const key = `${r}:${p.c0}`;
      const ex = byRowCol.get(key);
      if (ex) {
        ex.cell.pieces.push(p);
        continue;
      }
      const g = { cell: { pieces: [p], c0: p.c0, c1: p.c1, r0: r, r1: r + 1 }, r0: r, r1: r + 1, c0: p.c0, c1: p.c1 };
      byRowCol.set(key, g);
      bodyRegions.push(g);
    }
    for (const g of byRowCol.values()) {
      const lf = leaf.get(g.c0);
      if (!lf || lf.c1 - lf.c0 <= 1 || lf.c0 < nLabel) continue;
      const others = [...byRowCol.values()].some((o) => o !== g && o.r0 === g.r0 && o.c0 >= lf.c0 && o.c0 < lf.c1);
      if (!others) {
        g.c0 = lf.c0;
        g.c1 = lf.c1;
      }
    }
    regionsOut.push(...bodyRegions);
    rowBase += hRows + sortedRows.length;
  }
  const nRows = rowBase;
  if (!nRows) return null;

  // ---- regions, without overlaps; empty cells where nothing was placed
  const grid = Array.from({ length: nRows }, () => new Array<boolean>(nCols).fill(false));
  const regions: Region[] = [];
  const regionItems = new Map<Region, TextItem[]>();
  const sorted = regionsOut.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const g of sorted) {
    let c1 = g.c1;
    for (let c = g.c0 + 1; c < c1; c++) if (grid.slice(g.r0, g.r1).some((row) => row[c])) c1 = c;
    let r1 = g.r1;
    for (let r = g.r0 + 1; r < r1; r++) if (grid[r].slice(g.c0, c1).some(Boolean)) r1 = r;
    if (grid[g.r0][g.c0]) continue; // cannot be placed with certainty: left out
    for (let r = g.r0; r < r1; r++) for (let c = g.c0; c < c1; c++) grid[r][c] = true;
    const its = g.cell.pieces.flatMap((p) => p.items);
    const first = [...its].sort((a, b) => b.y - a.y || a.x0 - b.x0)[0];
    const region: Region = { r0: g.r0, r1, c0: g.c0, c1, text: cellText(its), page, x: first.x0, y: first.y, box: { page, x0: xs[g.c0], x1: xs[c1], top: 0, bottom: 0 } };
    regions.push(region);
    regionItems.set(region, its);
  }
  const top = Math.max(...all.map((it) => it.y)) + em;
  for (let r = 0; r < nRows; r++)
    for (let c = 0; c < nCols; c++) if (!grid[r][c]) regions.push({ r0: r, r1: r + 1, c0: c, c1: c + 1, text: '', page, x: xs[c], y: top, box: { page, x0: xs[c], x1: xs[c + 1], top: 0, bottom: 0 } });
  setRowBoxes(regions, regionItems, nRows, top, Math.min(...all.map((it) => it.y)) - em * 0.3);
  return {
    page,
    lastPage: page,
    xs,
    rows: nRows,
    regions,
    x0: xs[0],
    x1: xs[xs.length - 1],
    top,
    bottom: Math.min(...all.map((it) => it.y)) - em * 0.3,
    soft: true,
  };
}

/**
 * Vertical extent of the cells of a borderless table: a grid row reaches from
 * midway to the row above to midway to the row below (its text's ascent and
 * descent, taken as 0.8 and 0.25 of the font size); the first row starts at
 * the table's top and the last ends at its bottom.
 */
function setRowBoxes(regions: Region[], items: Map<Region, TextItem[]>, nRows: number, top: number, bottom: number): void {
  const hi = new Array<number>(nRows).fill(Number.NEGATIVE_INFINITY);
  const lo = new Array<number>(nRows).fill(Number.POSITIVE_INFINITY);
  for (const g of regions) {
    if (g.r1 - g.r0 !== 1) continue;
    for (const it of items.get(g) ?? []) {
      hi[g.r0] = Math.max(hi[g.r0], it.y + it.size * 0.8);
      lo[g.r0] = Math.min(lo[g.r0], it.y - it.size * 0.25);
    }
  }
  const bounds = [top];
  for (let r = 1; r < nRows; r++) {
    const above = lo[r - 1];
    const below = hi[r];
    bounds.push(Number.isFinite(above) && Number.isFinite(below) ? (above + below) / 2 : Number.isFinite(below) ? below : Number.isFinite(above) ? above : bounds[r - 1]);
  }
  bounds.push(Math.min(bottom, bounds[nRows - 1]));
  for (const g of regions) {
    g.box.top = bounds[g.r0];
    g.box.bottom = bounds[g.r1];
  }
}

/**
 * A run may hold several cells glued into one text item (`0 21`): split
 * items at spaces next to numbers. Text runs that touch are one run; the
 * grid builder glues further only within one column.
 */
export function normalizeCells(l: Line): Line {
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
    if (prev && !isNumberValue(prev.str) && !isNumberValue(it.str) && Math.abs(it.x0 - prev.x1) < it.size * 0.15 && Math.abs(it.y - prev.y) < it.size * 0.2)
      out[out.length - 1] = { ...prev, str: prev.str + it.str, x1: it.x1 };
    else out.push(it);
  }
  return { ...l, items: out };
}

export function findBorderless(lines: Line[], page: number, pageWidth = 595): BorderlessTable[] {
  const out: BorderlessTable[] = [];
  for (const run0 of tableRuns(lines, pageWidth)) {
    const run = run0.map(normalizeCells);
    const frag = buildBorderless(run, page);
    if (frag) out.push({ frag, lines: run0 });
  }
  return out;
}
