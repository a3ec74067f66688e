/**
 * Glyphs → text runs (`TextItem`s), decided from geometry alone.
 *
 * PDFium hands out one record per character, in content-stream order, plus
 * characters it generated itself (spaces and line breaks guessed from gaps).
 * The generated ones are ignored and so are real whitespace glyphs: whether
 * two glyphs belong to one run, with or without a space, is decided from the
 * gap between the end of one glyph and the origin of the next, in fractions of
 * the font size, with the thresholds pdf.js uses in `getTextContent`
 * (evaluator.js: TRACKING_SPACE_FACTOR 0.102, SPACE_IN_FLOW_MAX_FACTOR 0.6,
 * NEGATIVE_SPACE_FACTOR -0.2), so that runs keep the granularity the layout
 * stages were tuned on. A run also ends where the font or its size changes
 * (a new `Tf` in the content stream).
 *
 * Character spacing (`Tc`, Word's 加宽 expanded spacing) is part of a glyph's
 * advance, as in the PDF text model: it is measured per text object as the
 * smallest extra distance between consecutive glyphs, so expanded digits stay
 * one number.
 */
import type { TextItem } from '../types.js';

/** One character as PDFium reports it (user space: points, y up). */
export interface Glyph {
  /** The character (one code point; '' when PDFium has none). */
  ch: string;
  /** Origin of the glyph (for vertical writing: the origin PDFium reports, offset by the vertical metrics). */
  x: number;
  y: number;
  /**
   * Extent of the glyph along its text direction from its origin: the advance
   * (PDFium's loose box, which also covers an overhanging glyph box) for
   * upright text, the glyph box's reach for rotated text.
   */
  adv: number;
  /** Text object the glyph belongs to (handle; PDFium's generated characters have none and are not read). */
  obj: number;
  /** Font (handle) and its size in text space (the `Tf` operand). */
  font: number;
  fontSize: number;
  /** Text rendering matrix of the glyph's text object (text matrix × CTM × form matrices × page rotation): a b c d e f. */
  m: [number, number, number, number, number, number];
  /** The character has no Unicode value, or is a control or private-use character (text-layer quality, see `textLayerQuality`). */
  undecodable?: boolean;
  /** Drawn in text rendering mode 3 (invisible): a scanner's OCR layer. */
  invisible?: boolean;
  /** Text direction (set by `glyphRuns`; 0 until then). */
  dir?: Direction;
}

/**
 * Reading direction of a glyph on the upright page, counter-clockwise from
 * +x: 0 left to right, 90 bottom to top (Word's btLr cells), 180 upside
 * down, 270 top to bottom (rotated glyphs, tbRl).
 */
export type Direction = 0 | 90 | 180 | 270;

/** The direction of the glyph's baseline (the matrix's x axis), to the nearest quarter turn. */
export function directionOf(m: Glyph['m']): Direction {
  // upright text, nearly every glyph: atan2(±0, a > 0) is ±0, direction 0, without the trigonometry
  if (m[1] === 0 && m[0] > 0) return 0;
  const deg = (Math.atan2(m[1], m[0]) * 180) / Math.PI;
  const q = ((Math.round(deg / 90) % 4) + 4) % 4;
  return (q * 90) as Direction;
}

/** Page coordinates → the frame of a direction, where that text runs along +x with y up. */
function toFrame(dir: Direction, x: number, y: number): [number, number] {
  return dir === 0 ? [x, y] : dir === 90 ? [y, -x] : dir === 180 ? [-x, -y] : [-y, x];
}

/** A glyph moved into the frame of its direction (matrix rotated along, so sizes and advances stay); a left-to-right glyph is only tagged. */
function inFrame(g: Glyph): Glyph {
  const dir = directionOf(g.m);
  if (dir === 0) {
    g.dir = 0;
    return g;
  }
  const [x, y] = toFrame(dir, g.x, g.y);
  const [a, b] = toFrame(dir, g.m[0], g.m[1]);
  const [c, d] = toFrame(dir, g.m[2], g.m[3]);
  const [e, f] = toFrame(dir, g.m[4], g.m[5]);
  return { ch: g.ch, x, y, adv: g.adv, obj: g.obj, font: g.font, fontSize: g.fontSize, m: [a, b, c, d, e, f], undecodable: g.undecodable, invisible: g.invisible, dir };
}

/**
 * A run found in the frame of a rotated direction, back on the page: one item
 * whose box is the column (or row) the glyphs occupy, with `y` placed so that
 * the layout's anchor (y + 0.3 size) falls in the middle of the run.
 */
function fromFrame(r: { str: string; x0: number; x1: number; y: number; size: number }, dir: 90 | 180 | 270, page: number): TextItem {
  const s = r.size;
  const mid = (r.x0 + r.x1) / 2;
  if (dir === 90) {
    // frame (u, v) = (y, -x): baseline at x = -v, glyph bodies to its left
    const bx = -r.y;
    return { str: r.str, x0: bx - 0.85 * s, x1: bx + 0.15 * s, y: mid - 0.3 * s, size: s, page, dir };
  }
  if (dir === 270) {
    // frame (u, v) = (-y, x): baseline at x = v, glyph bodies to its right
    const bx = r.y;
    return { str: r.str, x0: bx - 0.15 * s, x1: bx + 0.85 * s, y: -mid - 0.3 * s, size: s, page, dir };
  }
  // 180: frame (u, v) = (-x, -y); the glyphs hang below the baseline y = -v
  return { str: r.str, x0: -r.x1, x1: -r.x0, y: -r.y - 0.7 * s, size: s, page, dir: 180 };
}

const TRACKING = 0.102;
const SPACE_MAX = 0.6;
const NEGATIVE = -0.2;
/** A baseline shift beyond this fraction of the size starts a new run (pdf.js VERTICAL_SHIFT_RATIO). */
const VERTICAL_SHIFT = 0.25;

/**
 * Whitespace as pdf.js classifies it: one character matching JavaScript's `\s` (which includes
 * U+3000). Tested by code (the set of `\s`: ECMA-262 WhiteSpace and LineTerminator) instead of a
 * regular expression per glyph.
 */
export function isWhitespace(ch: string): boolean {
  if (ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Wide characters (CJK and full-width forms) whose advance is one em even when the glyph box overhangs it. */
export function isWide(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || (c >= 0x20000 && c <= 0x3ffff);
}

/** `Math.hypot(a, b)`, exactly, without its cost when one side is 0 (upright and quarter-turned text: hypot(0, b) is |b|). */
function norm(a: number, b: number): number {
  if (a === 0) return Math.abs(b);
  if (b === 0) return Math.abs(a);
  return Math.hypot(a, b);
}

/** User-space font size of a glyph: the `Tf` size scaled by the matrix's vertical axis. */
export function userSize(g: Glyph): number {
  const s = g.fontSize * norm(g.m[2], g.m[3]);
  return s > 0 ? s : g.fontSize || 10;
}

/**
 * Whether a text object is set in vertical writing (an Identity-V CMap):
 * PDFium reports the origin of its first glyph displaced from the text
 * position by the vertical origin (half the width left, about 0.88 em down).
 */
export function isVerticalStart(g: Glyph, size: number): boolean {
  if (g.dir !== 0) return false;
  const dx = g.x - g.m[4];
  const dy = g.y - g.m[5];
  return dy < -0.5 * size && dy > -1.2 * size && Math.abs(dx + 0.5 * size) < 0.25 * size;
}

/** What `glyphRuns` notes per text object (`obj`). */
interface ObjInfo {
  obj: number;
  /** Set in vertical writing (Identity-V). */
  vertical: boolean;
  /** Displacement of the reported origin of the first glyph from the text position (vertical writing). */
  dx: number;
  dy: number;
  /** Character spacing: the smallest extra distance between consecutive glyphs (Infinity: none seen). */
  tc: number;
  /** User-space font size (`userSize`), the same for every glyph of the object. */
  size: number;
}

interface Run {
  str: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  font: number;
  fontSize: number;
  /** End of the last glyph including character spacing (horizontal: x; vertical: y); `x1` excludes the spacing. */
  end: number;
  vertical: boolean;
  /** Vertical runs: x of the column. */
  col: number;
  dir: Direction;
}

/**
 * Positioned runs of one page from PDFium's glyphs (content order, upright
 * page coordinates). Glyphs are grouped in the frame of their direction (from
 * the glyph matrix), so rotated labels (bottom to top, top to bottom) form
 * runs in reading order like horizontal text; such runs carry `dir`. Glyphs
 * of a vertical-writing object (Identity-V) are stacked downwards into one
 * run whose box is one em wide (as pdf.js reported them). Empty and
 * whitespace-only runs are not emitted.
 */
export function glyphRuns(all: Glyph[], page: number): TextItem[] {
  const framed: Glyph[] = [];
  for (let i = 0; i < all.length; i++) if (all[i].obj) framed.push(inFrame(all[i]));
  const glyphs = inReadingOrder(framed, true);
  const n = glyphs.length;
  // per text object: its first glyph, vertical writing, its character spacing, and its glyphs' size (one
  // matrix and font size per text object); looked up again only where the object changes
  const objInfo = new Map<number, ObjInfo>();
  let info: ObjInfo | undefined;
  for (let i = 0; i < n; i++) {
    const g = glyphs[i];
    if (!g.obj) continue;
    if (!info || info.obj !== g.obj) info = objInfo.get(g.obj);
    if (!info) {
      const size = userSize(g);
      const vertical = isVerticalStart(g, size);
      info = { obj: g.obj, vertical, dx: g.x - g.m[4], dy: g.y - g.m[5], tc: Infinity, size };
      objInfo.set(g.obj, info);
    }
    const next = glyphs[i + 1];
    if (!info.vertical && next && next.obj === g.obj && Math.abs(next.y - g.y) < 0.01 && !isWhitespace(g.ch)) {
      const extra = next.x - g.x - advance(g, undefined);
      info.tc = Math.min(info.tc, Math.max(0, extra));
    }
  }
  const out: TextItem[] = [];
  let run: Run | null = null;
  info = undefined;
  for (let i = 0; i < n; i++) {
    const g = glyphs[i];
    if (!g.obj) continue;
    if (!info || info.obj !== g.obj) info = objInfo.get(g.obj)!;
    const size = info.size;
    const tc = Number.isFinite(info.tc) ? info.tc : 0;
    if (info.vertical) {
      // position of the glyph in text space terms: the reported origin minus the vertical-origin displacement
      const x = g.x - info.dx;
      const y = g.y - info.dy;
      const r: Run | null = run;
      if (r && (!r.vertical || r.dir !== g.dir || r.font !== g.font || r.fontSize !== g.fontSize || Math.abs(x - r.col) > size * 0.5)) run = endRun(run, page, out);
      const ws = isWhitespace(g.ch) || g.ch === '\u0000';
      if (run && run.vertical) {
        const gap = run.end - y;
        if (gap < NEGATIVE * size || gap > SPACE_MAX * size) run = endRun(run, page, out);
      }
      const cur: Run | null = run;
      if (ws) {
        if (cur) cur.end = y - size - tc;
        continue;
      }
      if (!cur) run = { str: g.ch, x0: x, x1: x + size, y, size, font: g.font, fontSize: g.fontSize, end: y - size - tc, vertical: true, col: x, dir: 0 };
      else {
        cur.str += g.ch;
        cur.end = y - size - tc;
      }
      continue;
    }
    const next = glyphs[i + 1];
    const right = g.x + advance(g, next && next.obj === g.obj && Math.abs(next.y - g.y) < 0.01 ? next : undefined);
    const end = right + tc;
    if (isWhitespace(g.ch) || g.ch === '\u0000') {
      // a real space moves the pen; the gap decides on the next glyph
      continue;
    }
    const r: Run | null = run;
    if (r) {
      const gap = g.x - r.end;
      const dy = Math.abs(g.y - r.y);
      // a font change ends a left-to-right run (as in pdf.js, whose runs the layout was tuned on); a rotated
      // label stays one run across fonts (CJK punctuation often comes from another font)
      const fontChange = r.font !== g.font || r.fontSize !== g.fontSize;
      if (r.vertical || r.dir !== g.dir || (fontChange && g.dir === 0) || dy > r.size * VERTICAL_SHIFT || gap < NEGATIVE * size || gap > SPACE_MAX * size) run = endRun(run, page, out);
      else if (gap > TRACKING * size) r.str += ' ';
    }
    const cur: Run | null = run;
    if (!cur) run = { str: g.ch, x0: g.x, x1: right, y: g.y, size, font: g.font, fontSize: g.fontSize, end, vertical: false, col: 0, dir: g.dir ?? 0 };
    else {
      cur.str += g.ch;
      cur.x1 = right;
      cur.end = end;
    }
  }
  endRun(run, page, out);
  return out;
}

/**
 * End a run: its text, trimmed, becomes a text item of `out` unless it is empty. Returns null
 * (no run open). A module-level function, not a closure per page: V8 compiled each anew.
 */
function endRun(run: Run | null, page: number, out: TextItem[]): null {
  const str = run ? run.str.trim() : '';
  if (run && str) {
    const d = run.dir;
    out.push(d === 0 ? { str, x0: run.x0, x1: run.x1, y: run.y, size: run.size, page } : fromFrame({ str, x0: run.x0, x1: run.x1, y: run.y, size: run.size }, d, page));
  }
  return null;
}

/** Sort comparator of `inReadingOrder`, made once (not a new closure per call). */
const byX = (p: Glyph, q: Glyph) => p.x - q.x;

/**
 * Drawn glyphs with every stretch of the same baseline, font and size sorted
 * left to right: a producer may draw the glyphs of a line in any order; in
 * content order they would break into runs.
 */
export function inReadingOrder(glyphs: Glyph[], inPlace = false): Glyph[] {
  const out = inPlace ? glyphs : glyphs.slice();
  let start = 0;
  for (let i = 1; i <= out.length; i++) {
    const a = out[i - 1];
    const b = out[i];
    if (b && b.dir === a.dir && b.font === a.font && b.fontSize === a.fontSize && Math.abs(b.y - a.y) < 0.01) continue;
    if (i - start > 1) {
      let sorted = true;
      for (let k = start + 1; k < i && sorted; k++) if (out[k].x < out[k - 1].x) sorted = false;
      if (!sorted) {
        const part = out.slice(start, i).sort(byX);
        for (let k = 0; k < part.length; k++) out[start + k] = part[k];
      }
    }
    start = i;
  }
  return out;
}

/**
 * Advance of a horizontal glyph without character spacing: the loose box
 * width, except where the glyph box overhangs its advance (a wide glyph is
 * one em; otherwise the next glyph of the same object, when it starts
 * sooner, bounds it).
 */
function advance(g: Glyph, next: Glyph | undefined): number {
  let adv = g.adv;
  if (!(adv >= 0)) adv = 0;
  if (next && next.x - g.x >= 0 && next.x - g.x < adv) adv = next.x - g.x;
  else if (!next && isWide(g.ch)) adv = Math.min(adv, userSize(g) * norm(g.m[0], g.m[1]) / Math.max(1e-9, norm(g.m[2], g.m[3])));
  return adv;
}
