/**
 * Ink classification of a cell before any reading: blank (no ink), dash or
 * slash (one thin stroke), digits (one line of narrow glyphs) or text (CJK
 * glyphs, several lines). Digits go to the whitelisted digit reader; text
 * never does (`251000元`, `2笔` must not lose their characters).
 */
import type { Box, Gray } from './bitmap.js';

export type InkKind = 'blank' | 'dash' | 'digits' | 'text';

export interface InkInfo {
  kind: InkKind;
  /** Bounding box of the ink kept (page px), when there is ink. */
  ink?: Box;
  /** Text lines in the ink (rows of ink separated by at least 1 pt of white). */
  lines?: number;
  /**
   * Digits ink only: the first glyph is a minus — a thin, flat piece at mid-height left of
   * full-height glyphs (2019 `本年增/减` prints `-4`; tesseract drops the sign more often than
   * not: city-2020's −1 read as 1).
   */
  minus?: boolean;
  /**
   * Digits ink only: glyphs standing the full line height, apart (a point and a minus not
   * counted). Every digit is at least one such glyph unless it touches its neighbour, so a
   * reading with fewer digits has lost some.
   */
  glyphs?: number;
  /**
   * Digits ink without a point: the page-px x-range of each full-height glyph, left to right
   * (one digit each unless two touch), for a reading glyph by glyph.
   */
  columns?: { x0: number; x1: number }[];
}

interface Comp {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

/** 8-connected components of the ink inside `box` (page px). */
function components(ink: Uint8Array, width: number, box: Box): Comp[] {
  const w = box.x1 - box.x0, h = box.y1 - box.y0;
  if (w <= 0 || h <= 0) return [];
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const out: Comp[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const li = y * w + x;
      if (seen[li] || !ink[(box.y0 + y) * width + box.x0 + x]) continue;
      seen[li] = 1;
      stack.push(li);
      const c: Comp = { x0: x, y0: y, x1: x, y1: y, area: 0 };
      while (stack.length) {
        const i = stack.pop()!;
        const cy = (i / w) | 0, cx = i - cy * w;
        c.area++;
        if (cx < c.x0) c.x0 = cx;
        if (cx > c.x1) c.x1 = cx;
        if (cy < c.y0) c.y0 = cy;
        if (cy > c.y1) c.y1 = cy;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = cy + dy;
          if (ny < 0 || ny >= h) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = cx + dx;
            if (nx < 0 || nx >= w) continue;
            const ni = ny * w + nx;
            if (!seen[ni] && ink[(box.y0 + ny) * width + box.x0 + nx]) {
              seen[ni] = 1;
              stack.push(ni);
            }
          }
        }
      }
      out.push({ x0: c.x0 + box.x0, y0: c.y0 + box.y0, x1: c.x1 + box.x0 + 1, y1: c.y1 + box.y0 + 1, area: c.area });
    }
  }
  return out;
}

/**
 * Classify a cell's ink. `box` is the cell interior; `pt` px per point.
 * Specks smaller than about 0.8 pt square are noise; ink touching the
 * interior's edge that is a thin sliver along it is ruling residue.
 */
export function classifyInk(ink: Uint8Array, width: number, box: Box, pt: number): InkInfo {
  const inset = Math.max(1, Math.round(pt * 0.6));
  const inner = { x0: box.x0 + inset, y0: box.y0 + inset, x1: box.x1 - inset, y1: box.y1 - inset };
  const minArea = Math.max(4, Math.round(pt * pt * 0.6));
  const comps = components(ink, width, inner).filter((c) => c.area >= minArea);
  if (comps.length === 0) return { kind: 'blank' };
  const bb: Box = {
    x0: Math.min(...comps.map((c) => c.x0)),
    y0: Math.min(...comps.map((c) => c.y0)),
    x1: Math.max(...comps.map((c) => c.x1)),
    y1: Math.max(...comps.map((c) => c.y1)),
  };
  const H = bb.y1 - bb.y0, W = bb.x1 - bb.x0;
  // a dash: all ink in one thin horizontal band (— ‐ -- ——), far lower than a digit
  if (H <= 2.2 * pt && W >= 2 * H) return { kind: 'dash', ink: bb };
  // a slash: one stroke whose thin per-row run drifts from right (top) to left (bottom)
  if (comps.length === 1 && isSlash(ink, width, bb)) return { kind: 'dash', ink: bb };
  // several lines of ink → text
  const lines = lineCount(ink, width, bb, pt);
  if (lines > 1) return { kind: 'text', ink: bb, lines };
  // glyph columns: components merged where they overlap horizontally
  const cols = [...comps].sort((a, b) => a.x0 - b.x0);
  const glyphs: { x0: number; x1: number; y0: number; y1: number }[] = [];
  for (const c of cols) {
    const g = glyphs[glyphs.length - 1];
    if (g && c.x0 < g.x1 - 1) {
      g.x1 = Math.max(g.x1, c.x1);
      g.y0 = Math.min(g.y0, c.y0);
      g.y1 = Math.max(g.y1, c.y1);
    } else glyphs.push({ x0: c.x0, x1: c.x1, y0: c.y0, y1: c.y1 });
  }
  // digits are about half as wide as high; CJK glyphs square (also caught: 元, 笔, 件 after digits)
  if (glyphs.some((g) => g.x1 - g.x0 > 0.85 * H)) return { kind: 'text', ink: bb, lines };
  // digits of a number sit close together; a wide gap is letter-spaced text (总　计)
  if (glyphs.some((g, i) => i > 0 && g.x0 - glyphs[i - 1].x1 > 0.5 * H)) return { kind: 'text', ink: bb, lines };
  // every digit stands the full line height; a short piece is only a point (low) or a minus
  // (thin, mid-height): anything else is part of a CJK glyph split into pieces (总 → 丷 口 心)
  let full = 0, minusFirst = false, point = false;
  const columns: { x0: number; x1: number }[] = [];
  for (const [i, g] of glyphs.entries()) {
    const gh = g.y1 - g.y0;
    if (gh >= 0.7 * H) {
      // pieces of one digit are one glyph: overlapping by a pixel (a 3 broken by noise on a rotated
      // scan), or a pixel apart where together they are no wider than a digit (a 0 split down the
      // middle on a 100 dpi scan; two digits a pixel apart, as 48 at 150 dpi, are wider than that)
      const last = columns[columns.length - 1];
      if (last && (g.x0 < last.x1 || (g.x0 <= last.x1 + 1 && Math.max(last.x1, g.x1) - last.x0 <= 0.8 * H))) last.x1 = Math.max(last.x1, g.x1);
      else {
        full++;
        columns.push({ x0: g.x0, x1: g.x1 });
      }
      continue;
    }
    const low = g.y0 >= bb.y0 + 0.6 * H;
    const minus = gh <= 0.25 * H && g.y0 > bb.y0 + 0.25 * H && g.y1 < bb.y1 - 0.2 * H;
    if (!low && !minus) return { kind: 'text', ink: bb, lines };
    if (i === 0 && minus && !low && g.x1 - g.x0 >= Math.max(2, 1.5 * gh) && g.x1 - g.x0 >= 0.2 * H) minusFirst = true;
    else point = true;
  }
  return { kind: 'digits', ink: bb, lines, minus: minusFirst && full > 0, glyphs: full, ...(point || full === 0 ? {} : { columns }) };
}

function isSlash(ink: Uint8Array, width: number, bb: Box): boolean {
  const W = bb.x1 - bb.x0, H = bb.y1 - bb.y0;
  if (H < 4 || W < 3 || W > 1.2 * H) return false;
  // every inked row holds one short run, and the runs drift leftwards going down
  // (a 7's bar, a 4's crossbar, a 1's foot are rows as wide as the glyph)
  let prev = Infinity, first = NaN, lastC = NaN;
  for (let y = bb.y0; y < bb.y1; y++) {
    let a = -1, b = -1;
    for (let x = bb.x0; x < bb.x1; x++) if (ink[y * width + x]) {
      if (a < 0) a = x;
      b = x;
    }
    if (a < 0) continue;
    if (b - a + 1 > 0.45 * W + 1) return false;
    const c = (a + b) / 2;
    if (c > prev + 1.5) return false;
    prev = Math.min(prev, c);
    if (Number.isNaN(first)) first = c;
    lastC = c;
  }
  return first - lastC >= 0.5 * W;
}

/** Text lines in a box: runs of inked pixel rows separated by at least 1 pt of white. */
function lineCount(ink: Uint8Array, width: number, bb: Box, pt: number): number {
  let lines = 0, white = Infinity;
  for (let y = bb.y0; y < bb.y1; y++) {
    let any = false;
    for (let x = bb.x0; x < bb.x1 && !any; x++) if (ink[y * width + x]) any = true;
    if (any) {
      if (white >= pt) lines++;
      white = 0;
    } else white++;
  }
  return lines;
}
