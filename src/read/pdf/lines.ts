/**
 * Ruling edges: painted subpaths (page space) → snapped, merged, axis-aligned
 * edges. The engine (engine/page.ts) supplies the subpaths.
 */
import type { Edge, PdfSettings } from './types.js';

export type Matrix = [number, number, number, number, number, number];

type Pt = [number, number];

/** A subpath in page space: its points, closed or not, and whether it had curves (flattened to end points). */
export type Subpath = { pts: Pt[]; closed: boolean; curved: boolean };

const AXIS_EPS = 1;

/** Axis-aligned segments of stroked subpaths, appended to `out` (returned). */
export function strokeEdges(subs: Subpath[], out: Edge[] = []): Edge[] {
  for (const s of subs) {
    if (s.curved) continue;
    const pts = s.pts;
    for (let k = 1; k < pts.length; k++) {
      const e = segmentEdge(pts[k - 1], pts[k]);
      if (e) out.push(e);
    }
    // a closed subpath also has its closing segment
    if (s.closed && pts.length > 0) {
      const e = segmentEdge(pts[pts.length - 1], pts[0]);
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

/** Thin filled rectangles (≤ thin in one dimension) become edges, appended to `out` (returned); big fills (backgrounds) are ignored. */
export function fillEdges(subs: Subpath[], thin: number, out: Edge[] = []): Edge[] {
  // plain loops (no mapped arrays, spread Math.min/max or closures): this runs for every filled path of every page
  for (const s of subs) {
    const pts = s.pts;
    if (s.curved || pts.length < 2) continue;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const p of pts) {
      x0 = Math.min(x0, p[0]);
      x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, p[1]);
      y1 = Math.max(y1, p[1]);
    }
    // only rectangles: every point on the bbox corners
    let onCorners = true;
    for (let k = 0; k < pts.length && onCorners; k++) {
      const p = pts[k];
      onCorners = (near(p[0], x0) || near(p[0], x1)) && (near(p[1], y0) || near(p[1], y1));
    }
    if (!onCorners) continue;
    const w = x1 - x0,
      h = y1 - y0;
    if (h <= thin && w > thin) out.push({ orient: 'h', pos: (y0 + y1) / 2, a: x0, b: x1 });
    else if (w <= thin && h > thin) out.push({ orient: 'v', pos: (x0 + x1) / 2, a: y0, b: y1 });
  }
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.5;

/** Snap nearly-collinear edges to a common position, then join overlapping or nearly touching ones. */
export function mergeEdges(edges: Edge[], settings: PdfSettings): Edge[] {
  const out: Edge[] = [];
  mergeOriented(edges, 'h', settings, out);
  mergeOriented(edges, 'v', settings, out);
  return out;
}

// sort comparators, made once (not a new closure per call)
const byPos = (p: Edge, q: Edge) => p.pos - q.pos;
const byStart = (p: Edge, q: Edge) => p.a - q.a;

/**
 * `mergeEdges` for the edges of one orientation, appended to `out`. Plain loops over index
 * ranges of the sorted edges (no cluster arrays, segment copies or closures per cluster): this
 * runs on every page.
 */
function mergeOriented(edges: Edge[], orient: 'h' | 'v', settings: PdfSettings, out: Edge[]): void {
  const es: Edge[] = [];
  for (const e of edges) if (e.orient === orient) es.push(e);
  es.sort(byPos);
  // snap: a cluster is a run of edges each within snapTolerance of the one before
  let start = 0;
  for (let end = 1; end <= es.length; end++) {
    if (end < es.length && es[end].pos - es[end - 1].pos <= settings.snapTolerance) continue;
    let sum = 0;
    for (let k = start; k < end; k++) sum += es[k].pos;
    const pos = sum / (end - start);
    // join: the cluster's segments left to right (a stable sort, as before), overlapping or within joinTolerance
    const segs = es.slice(start, end).sort(byStart);
    let a = segs[0].a;
    let b = segs[0].b;
    for (let k = 1; k < segs.length; k++) {
      const sg = segs[k];
      if (sg.a <= b + settings.joinTolerance) b = Math.max(b, sg.b);
      else {
        if (b - a >= settings.minEdgeLength) out.push({ orient, pos, a, b });
        a = sg.a;
        b = sg.b;
      }
    }
    if (b - a >= settings.minEdgeLength) out.push({ orient, pos, a, b });
    start = end;
  }
}
