/**
 * Borderless tables, steps 4–7 of the chain (borderless.ts): text pieces of
 * one column chained into cells, bands split into sections (header, body),
 * header and body cells placed on grid rows, and the final regions without
 * overlaps, each with its box.
 */
import { ENUM_START, unclosed } from './join.js';
import { cellText } from './text.js';
import type { BandKind, Piece } from './borderless-columns.js';
import type { BorderlessSettings, Region, TextItem } from './types.js';

/** A cell under construction. */
export interface Cell {
  pieces: Piece[];
  c0: number;
  c1: number;
  /** Grid rows (filled in when placed). */
  r0: number;
  r1: number;
}

/** A cell placed on the grid. */
export interface Placed {
  cell: Cell;
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** Step 4: does piece `p` continue `cell` on the next line (a wrapped cell)? Same columns, no new enumerated item, close below. */
export function continuesCell(xs: number[], em: number, s: BorderlessSettings): (cell: Cell, p: Piece) => boolean {
  const full = (p: Piece, c1: number) => p.x1 + em > xs[c1] - 0.5;
  return (cell, p) => {
    const last = cell.pieces[cell.pieces.length - 1];
    if (p.c0 !== cell.c0 || p.c1 > cell.c1 || ENUM_START.test(p.str)) return false;
    const gap = last.y - p.y;
    if (gap <= 0) return false;
    if (gap <= em * s.wrapGap) return true;
    const text = cell.pieces.map((q) => q.str).join('');
    return gap <= em * s.wrapGapCut && (unclosed(text) || full(last, cell.c1));
  };
}

/** Header bands (with any caption lines above them) and body bands. */
export interface Section {
  header: number[];
  body: number[];
}

/**
 * Step 5: sections. A run of bands without values that has text over the
 * value columns is a header (a table may restart its header: table 二's
 * blocks); label lines that wrap the last body label stay in the body.
 */
export function splitSections(pieces: Piece[][], kind: BandKind[], nLabel: number, continues: (cell: Cell, p: Piece) => boolean): Section[] {
  const sections: Section[] = [];
  let cur: Section = { header: [], body: [] };
  let pending: number[] = [];
  const lastLabel = new Map<number, Cell>();
  const flush = () => {
    if (!pending.length) return;
    if (pending.some((b) => kind[b] === 'H')) {
      let k = 0;
      while (k < pending.length && kind[pending[k]] === 'L' && cur.body.length) {
        const ps = pieces[pending[k]];
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
  for (let b = 0; b < pieces.length; b++) {
    if (kind[b] === 'A') {
      flush();
      cur.body.push(b);
      // track label cells for the wrap test of later caption lines (rough: the last piece per column)
      for (const p of pieces[b]) if (!p.value && p.c0 < nLabel) lastLabel.set(p.c0, { pieces: [p], c0: p.c0, c1: p.c1, r0: 0, r1: 0 });
    } else {
      pending.push(b);
      for (const p of pieces[b]) {
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
  return sections;
}

/**
 * Step 6a: header cells, one grid row per band from `rowBase`: wrapped header
 * text chained, a cell spread over value columns without header text of their
 * own (a lone caption at the left spans the table), overlaps clipped, cells
 * reaching down over empty rows. Returns the cells and each column's lowest
 * header cell (its leaf).
 */
export function placeHeader(sec: Section, pieces: Piece[][], nLabel: number, nCols: number, rowBase: number, continues: (cell: Cell, p: Piece) => boolean): { placed: Placed[]; leaf: Map<number, Cell> } {
  const hRows = sec.header.length;
  const hRow = new Map(sec.header.map((b, i) => [b, i]));
  const hCells: Cell[] = [];
  const lastIn = new Map<number, Cell>();
  for (const b of sec.header) {
    for (const p of pieces[b]) {
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
  const hasHeader = new Set(hCells.flatMap((h) => h.pieces.map((p) => p.c0)));
  for (const h of hCells) {
    if (h.c0 >= nLabel) while (h.c1 < nCols && !hasHeader.has(h.c1) && !hCells.some((o) => o !== h && o.c0 <= h.c1 && o.c1 > h.c1 && o.r0 < h.r1 && o.r1 > h.r0)) h.c1++;
    const alone = hCells.every((o) => o === h || o.r1 <= h.r0 || o.r0 >= h.r1);
    if (alone && h.c0 === 0) h.c1 = nCols;
  }
  for (const h of hCells) {
    for (const o of hCells) {
      if (o === h || o.r1 <= h.r0 || o.r0 >= h.r1) continue;
      if (o.c0 > h.c0 && o.c0 < h.c1) h.c1 = o.c0;
    }
  }
  const occupied = (r: number, c0: number, c1: number, self: Cell) => hCells.some((o) => o !== self && o.r0 <= r && o.r1 > r && o.c0 < c1 && o.c1 > c0);
  for (const h of [...hCells].sort((a, b) => b.r1 - a.r1)) while (h.r1 < hRows && !occupied(h.r1, h.c0, h.c1, h)) h.r1++;
  const leaf = new Map<number, Cell>();
  for (const h of hCells) for (let c = h.c0; c < h.c1; c++) if (!leaf.has(c) || leaf.get(c)!.r1 < h.r1) leaf.set(c, h);
  return { placed: hCells.map((h) => ({ cell: h, r0: rowBase + h.r0, r1: rowBase + h.r1, c0: h.c0, c1: h.c1 })), leaf };
}

/**
 * Step 6b: body cells. Every band with a value is a row (an anchor); label
 * text is chained per column into cells and each label cell takes the anchors
 * it covers (within `anchorSlack`), or the nearest free one, or a row of its
 * own; label cells spread right over empty label columns; values sit under
 * their column and spread like their header leaf when it spans value columns
 * alone. Returns the cells and the number of grid rows used.
 */
export function placeBody(
  sec: Section,
  pieces: Piece[][],
  kind: BandKind[],
  ys: number[],
  ctx: { nLabel: number; rowBase: number; em: number; leaf: Map<number, Cell> },
  continues: (cell: Cell, p: Piece) => boolean,
  s: BorderlessSettings,
): { placed: Placed[]; rows: number } {
  const { nLabel, rowBase, em, leaf } = ctx;
  const anchors = sec.body.filter((b) => kind[b] === 'A');
  const chains: Cell[] = [];
  const lastBody = new Map<number, Cell>();
  const deeperLabel = (band: number, c: number) => pieces[band].some((p) => !p.value && p.c0 > c && p.c0 < nLabel);
  const valueCells: { p: Piece; band: number }[] = [];
  for (const b of sec.body) {
    for (const p of pieces[b]) {
      // values, and text in a value column on a value row: cells of their own
      if (p.value || p.c0 >= nLabel) {
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
  const slack = em * s.anchorSlack;
  const spans = chains.map((cell) => {
    const top = cell.pieces[0].y;
    const bottom = cell.pieces[cell.pieces.length - 1].y;
    return { cell, top, bottom, anchorsIn: anchors.filter((a) => ys[a] <= top + slack && ys[a] >= bottom - slack) };
  });
  // rows: anchors, plus rows of their own for label cells that no anchor takes
  const rowYs: number[] = anchors.map((a) => ys[a]);
  const taken = new Set<string>(); // `${anchorBand}:${col}`
  for (const pl of spans) for (const a of pl.anchorsIn) for (let c = pl.cell.c0; c < pl.cell.c1; c++) taken.add(`${a}:${c}`);
  const rowOfCell = new Map<Cell, [number, number]>();
  for (const pl of spans) if (pl.anchorsIn.length) rowOfCell.set(pl.cell, [ys[pl.anchorsIn[0]], ys[pl.anchorsIn[pl.anchorsIn.length - 1]]]);
  for (const pl of spans) {
    if (pl.anchorsIn.length) continue;
    const above = [...anchors].reverse().find((a) => ys[a] > pl.top);
    const below = anchors.find((a) => ys[a] < pl.bottom);
    const freeAt = (a: number | undefined) => a !== undefined && !taken.has(`${a}:${pl.cell.c0}`);
    const cands = [above, below].filter(freeAt) as number[];
    const dist = (a: number) => Math.min(Math.abs(ys[a] - pl.top), Math.abs(ys[a] - pl.bottom));
    cands.sort((a, b) => dist(a) - dist(b));
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
  const hRows = sec.header.length;
  const rowIdx = (y: number) => rowBase + hRows + sortedRows.indexOf(y);
  const bodyRegions: Placed[] = [];
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
  const byRowCol = new Map<string, Placed>();
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
  return { placed: bodyRegions, rows: hRows + sortedRows.length };
}

/**
 * Step 7: the fragment's regions: placed cells in reading order, clipped so
 * that none overlaps (a cell that cannot be placed with certainty is left
 * out), empty cells where nothing was placed, each with its box.
 */
export function finalRegions(placed: Placed[], nRows: number, xs: number[], page: number, top: number, bottom: number): Region[] {
  const nCols = xs.length - 1;
  const grid = Array.from({ length: nRows }, () => new Array<boolean>(nCols).fill(false));
  const regions: Region[] = [];
  const items = new Map<Region, TextItem[]>();
  for (const g of [...placed].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)) {
    let c1 = g.c1;
    for (let c = g.c0 + 1; c < c1; c++) if (grid.slice(g.r0, g.r1).some((row) => row[c])) c1 = c;
    let r1 = g.r1;
    for (let r = g.r0 + 1; r < r1; r++) if (grid[r].slice(g.c0, c1).some(Boolean)) r1 = r;
    if (grid[g.r0][g.c0]) continue;
    for (let r = g.r0; r < r1; r++) for (let c = g.c0; c < c1; c++) grid[r][c] = true;
    const its = g.cell.pieces.flatMap((p) => p.items);
    const first = [...its].sort((a, b) => b.y - a.y || a.x0 - b.x0)[0];
    const region: Region = { r0: g.r0, r1, c0: g.c0, c1, text: cellText(its), page, x: first.x0, y: first.y, box: { page, x0: xs[g.c0], x1: xs[c1], top: 0, bottom: 0 } };
    regions.push(region);
    items.set(region, its);
  }
  for (let r = 0; r < nRows; r++)
    for (let c = 0; c < nCols; c++) if (!grid[r][c]) regions.push({ r0: r, r1: r + 1, c0: c, c1: c + 1, text: '', page, x: xs[c], y: top, box: { page, x0: xs[c], x1: xs[c + 1], top: 0, bottom: 0 } });
  setRowBoxes(regions, items, nRows, top, bottom);
  return regions;
}

/**
 * Vertical extent of the cells: a grid row reaches from midway to the row
 * above to midway to the row below (its text's ascent and descent taken as
 * 0.8 and 0.25 of the font size); the first row starts at the table's top and
 * the last ends at its bottom.
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
