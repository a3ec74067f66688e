/**
 * Ruling edges: from pdf.js operator lists (v5 `constructPath` format) to
 * snapped, merged, axis-aligned edges.
 */
import type { Edge, PdfSettings } from './types.js';

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n in PDF convention (apply n first, then m): the new CTM after `cm n` is multiply(ctm, n). */
export function multiply(m: Matrix, n: ArrayLike<number>): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The operator codes this module needs (values of pdf.js `OPS`). */
/** The operators that change the current transformation matrix. */
export interface CtmOpCodes {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
}

/**
 * The CTM along an operator list: pdf.js hands out path and text coordinates before the
 * page transform (WPS flips y), so every walker of the list tracks save/restore, cm and
 * form XObject matrices. `step` returns true when the operator was one of those.
 */
export class CtmTracker {
  ctm: Matrix = IDENTITY;
  private readonly stack: Matrix[] = [];
  constructor(private readonly ops: CtmOpCodes) {}
  step(fn: number, args: unknown[] | null): boolean {
    const ops = this.ops;
    if (fn === ops.save) this.stack.push(this.ctm);
    else if (fn === ops.restore) this.ctm = this.stack.pop() ?? IDENTITY;
    else if (fn === ops.transform && args) this.ctm = multiply(this.ctm, args as number[]);
    else if (fn === ops.paintFormXObjectBegin) {
      this.stack.push(this.ctm);
      const m = args?.[0] as ArrayLike<number> | null | undefined;
      if (m && m.length === 6) this.ctm = multiply(this.ctm, m);
    } else if (fn === ops.paintFormXObjectEnd) this.ctm = this.stack.pop() ?? IDENTITY;
    else return false;
    return true;
  }
}

export interface OpCodes extends CtmOpCodes {
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  endPath: number;
}

/** pdf.js DrawOPS (not exported by pdf.mjs). */
const MOVE = 0,
  LINE = 1,
  CURVE = 2,
  QUAD = 3,
  CLOSE = 4;

type Pt = [number, number];

/** Split a v5 flat path into subpaths of device points; curves are flattened to their end points and flagged. */
export function decodePath(data: ArrayLike<number>, ctm: Matrix): { pts: Pt[]; closed: boolean; curved: boolean }[] {
  const subs: { pts: Pt[]; closed: boolean; curved: boolean }[] = [];
  let cur: { pts: Pt[]; closed: boolean; curved: boolean } | null = null;
  let i = 0;
  while (i < data.length) {
    const op = data[i];
    if (op === MOVE) {
      cur = { pts: [apply(ctm, data[i + 1], data[i + 2])], closed: false, curved: false };
      subs.push(cur);
      i += 3;
    } else if (op === LINE) {
      const p = apply(ctm, data[i + 1], data[i + 2]);
      if (!cur) subs.push((cur = { pts: [], closed: false, curved: false }));
      cur.pts.push(p);
      i += 3;
    } else if (op === CURVE) {
      if (!cur) subs.push((cur = { pts: [], closed: false, curved: false }));
      cur.pts.push(apply(ctm, data[i + 5], data[i + 6]));
      cur.curved = true;
      i += 7;
    } else if (op === QUAD) {
      if (!cur) subs.push((cur = { pts: [], closed: false, curved: false }));
      cur.pts.push(apply(ctm, data[i + 3], data[i + 4]));
      cur.curved = true;
      i += 5;
    } else if (op === CLOSE) {
      if (cur) {
        cur.closed = true;
        // a new subpath starts at the same point if drawing continues without moveTo
        const start: Pt | undefined = cur.pts[0];
        cur = start ? { pts: [start], closed: false, curved: false } : null;
        if (cur) subs.push(cur);
      }
      i += 1;
    } else {
      break; // unknown command: stop decoding this path
    }
  }
  return subs.filter((s) => s.pts.length > 1 || s.closed);
}

const AXIS_EPS = 1;

/** Axis-aligned segments of stroked subpaths. */
export function strokeEdges(subs: { pts: Pt[]; closed: boolean; curved: boolean }[]): Edge[] {
  const out: Edge[] = [];
  for (const s of subs) {
    if (s.curved) continue;
    const pts = s.closed ? [...s.pts, s.pts[0]] : s.pts;
    for (let k = 1; k < pts.length; k++) {
      const e = segmentEdge(pts[k - 1], pts[k]);
      if (e) out.push(e);
    }
  }
  return out;
}

function segmentEdge(p: Pt, q: Pt): Edge | null {
  const dx = Math.abs(p[0] - q[0]);
  const dy = Math.abs(p[1] - q[1]);
  if (dy <= AXIS_EPS && dx > AXIS_EPS) return { orient: 'h', pos: (p[1] + q[1]) / 2, a: Math.min(p[0], q[0]), b: Math.max(p[0], q[0]) };
  if (dx <= AXIS_EPS && dy > AXIS_EPS) return { orient: 'v', pos: (p[0] + q[0]) / 2, a: Math.min(p[1], q[1]), b: Math.max(p[1], q[1]) };
  return null;
}

/** Thin filled rectangles (≤ thin in one dimension) become edges; big fills (backgrounds) are ignored. */
export function fillEdges(subs: { pts: Pt[]; closed: boolean; curved: boolean }[], thin: number): Edge[] {
  const out: Edge[] = [];
  for (const s of subs) {
    if (s.curved || s.pts.length < 2) continue;
    const xs = s.pts.map((p) => p[0]);
    const ys = s.pts.map((p) => p[1]);
    const x0 = Math.min(...xs),
      x1 = Math.max(...xs),
      y0 = Math.min(...ys),
      y1 = Math.max(...ys);
    // only rectangles: every point on the bbox corners
    const onCorners = s.pts.every((p) => (near(p[0], x0) || near(p[0], x1)) && (near(p[1], y0) || near(p[1], y1)));
    if (!onCorners) continue;
    const w = x1 - x0,
      h = y1 - y0;
    if (h <= thin && w > thin) out.push({ orient: 'h', pos: (y0 + y1) / 2, a: x0, b: x1 });
    else if (w <= thin && h > thin) out.push({ orient: 'v', pos: (x0 + x1) / 2, a: y0, b: y1 });
  }
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.5;

/**
 * Walk an operator list, tracking the CTM through save/restore/transform and
 * form XObjects, and collect the ruling edges of painted paths. Clip-only
 * paths (`endPath`) are ignored.
 */
export function edgesFromOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, ops: OpCodes, settings: PdfSettings): Edge[] {
  const t = new CtmTracker(ops);
  const edges: Edge[] = [];
  const strokeOps = new Set([ops.stroke, ops.closeStroke]);
  const fillOps = new Set([ops.fill, ops.eoFill]);
  const bothOps = new Set([ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (t.step(fn, args)) continue;
    if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      if (paint === ops.endPath) continue;
      const dataWrap = args[1] as ArrayLike<number>[] | null;
      const data = dataWrap?.[0];
      if (!data || typeof data === 'number') continue;
      const subs = decodePath(data, t.ctm);
      if (strokeOps.has(paint) || bothOps.has(paint)) edges.push(...strokeEdges(subs));
      if (fillOps.has(paint) || bothOps.has(paint)) edges.push(...fillEdges(subs, settings.thinFill));
    }
  }
  return edges;
}

/** Snap nearly-collinear edges to a common position, then join overlapping or nearly touching ones. */
export function mergeEdges(edges: Edge[], settings: PdfSettings): Edge[] {
  const out: Edge[] = [];
  for (const orient of ['h', 'v'] as const) {
    const es = edges.filter((e) => e.orient === orient).sort((p, q) => p.pos - q.pos);
    // snap: cluster by pos
    const clusters: Edge[][] = [];
    for (const e of es) {
      const last = clusters[clusters.length - 1];
      if (last && e.pos - last[last.length - 1].pos <= settings.snapTolerance) last.push(e);
      else clusters.push([e]);
    }
    for (const cl of clusters) {
      const pos = cl.reduce((s, e) => s + e.pos, 0) / cl.length;
      const segs = cl.map((e) => ({ a: e.a, b: e.b })).sort((p, q) => p.a - q.a);
      let cur = { ...segs[0] };
      const flush = () => {
        if (cur.b - cur.a >= settings.minEdgeLength) out.push({ orient, pos, a: cur.a, b: cur.b });
      };
      for (const s of segs.slice(1)) {
        if (s.a <= cur.b + settings.joinTolerance) cur.b = Math.max(cur.b, s.b);
        else {
          flush();
          cur = { ...s };
        }
      }
      flush();
    }
  }
  return out;
}
