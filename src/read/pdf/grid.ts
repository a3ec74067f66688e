/**
 * From merged ruling edges to table fragments: connected edge groups →
 * row/column boundaries → elementary cells → merged regions (a missing inner
 * border merges its two neighbours) → text assigned to regions.
 */
import type { Edge, PdfSettings, Region, TableFrag, TextItem } from './types.js';
import { cellText } from './text.js';

function intersects(h: Edge, v: Edge, tol: number): boolean {
  return v.pos >= h.a - tol && v.pos <= h.b + tol && h.pos >= v.a - tol && h.pos <= v.b + tol;
}

/** Connected components of edges (an edge joins a component when it crosses or touches one of its edges). */
export function edgeGroups(edges: Edge[], settings: PdfSettings): Edge[][] {
  // plain loops: this runs on every page, and small monomorphic code keeps the optimizing compiler's work small
  const n = edges.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const hs: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < n; i++) (edges[i].orient === 'h' ? hs : vs).push(i);
  const tol = settings.intersectionTolerance;
  for (const hi of hs)
    for (const vi of vs) if (intersects(edges[hi], edges[vi], tol)) parent[find(hi)] = find(vi);
  const groups = new Map<number, Edge[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(edges[i]);
    else groups.set(r, [edges[i]]);
  }
  return [...groups.values()];
}

// sort comparators, made once (not a new closure per call)
const ascending = (a: number, b: number) => a - b;
const rowMajor = (a: { r0: number; c0: number }, b: { r0: number; c0: number }) => a.r0 - b.r0 || a.c0 - b.c0;

/** Cluster sorted numbers: values within tol of the previous one share a cluster (mean). */
export function clusterPositions(values: number[], tol: number): number[] {
  // index ranges over one sorted copy (no group arrays, no reduce closures): this runs for every table
  const vs = values.slice().sort(ascending);
  const out: number[] = [];
  let start = 0;
  for (let end = 1; end <= vs.length; end++) {
    if (end < vs.length && !(vs[end] - vs[end - 1] > tol)) continue;
    let sum = 0;
    for (let k = start; k < end; k++) sum += vs[k];
    out.push(sum / (end - start));
    start = end;
  }
  return out;
}

function covered(edges: Edge[], pos: number, a: number, b: number, settings: PdfSettings): boolean {
  const len = b - a;
  if (len <= 0) return true;
  let cov = 0;
  for (const e of edges) {
    if (Math.abs(e.pos - pos) > settings.snapTolerance) continue;
    const lo = Math.max(a, e.a - settings.joinTolerance);
    const hi = Math.min(b, e.b + settings.joinTolerance);
    if (hi > lo) cov += hi - lo;
  }
  return cov >= len * settings.borderCoverage;
}

function positions(edges: Edge[]): number[] {
  const out: number[] = [];
  for (const e of edges) out.push(e.pos);
  return out;
}

/** Skeleton of a ruled table before text: boundaries and regions without text. */
export interface Skeleton {
  xs: number[];
  /** Row boundaries, descending (top first). */
  ys: number[];
  regions: { r0: number; r1: number; c0: number; c1: number }[];
  /** The top / bottom boundary is implied by the vertical rules, not drawn (a row cut by a page break). */
  openTop?: boolean;
  openBottom?: boolean;
}

/** Build the cell grid of one edge group, or null if it is not a table (fewer than 2×2 boundaries). */
export function skeletonFromEdges(group: Edge[], settings: PdfSettings): Skeleton | null {
  // plain loops rather than spread Math.min/max over mapped arrays: the same results, a fraction of the compile work
  const hs: Edge[] = [];
  const vs: Edge[] = [];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const e of group) {
    if (e.orient === 'h') {
      hs.push(e);
      if (e.a < x0) x0 = e.a;
      if (e.b > x1) x1 = e.b;
      if (e.pos < y0) y0 = e.pos;
      if (e.pos > y1) y1 = e.pos;
    } else {
      vs.push(e);
      if (e.pos < x0) x0 = e.pos;
      if (e.pos > x1) x1 = e.pos;
      if (e.a < y0) y0 = e.a;
      if (e.b > y1) y1 = e.b;
    }
  }
  if (hs.length < 1 || vs.length < 1) return null;
  if (x1 - x0 < 10 || y1 - y0 < 5) return null;
  // the outer frame is implied even where a page break left a side undrawn
  const H: Edge[] = hs.slice();
  H.push({ orient: 'h', pos: y0, a: x0, b: x1 }, { orient: 'h', pos: y1, a: x0, b: x1 });
  const V: Edge[] = vs.slice();
  V.push({ orient: 'v', pos: x0, a: y0, b: y1 }, { orient: 'v', pos: x1, a: y0, b: y1 });
  const xs = clusterPositions(positions(V), settings.snapTolerance);
  const ys = clusterPositions(positions(H), settings.snapTolerance).reverse();
  const openTop = !covered(hs, ys[0], x0, x1, settings);
  const openBottom = !covered(hs, ys[ys.length - 1], x0, x1, settings);
  const nc = xs.length - 1;
  const nr = ys.length - 1;
  if (nc < 1 || nr < 1) return null;
  const root = mergeGroups(xs, ys, H, V, settings);
  const regions = mergedRegions(root, nr, nc);
  regions.sort(rowMajor);
  return { xs, ys, regions, openTop, openBottom };
}

/**
 * The merge group of each elementary cell of the grid `xs` × `ys` (cell r, c is r * nc + c): two
 * neighbours merge where the rule between them covers less than `borderCoverage` of their side.
 * Returns each cell's group representative (union-find). The hot loops of `skeletonFromEdges`
 * in a function of their own: V8 optimizes this one, not the whole skeleton builder with it.
 */
function mergeGroups(xs: number[], ys: number[], H: Edge[], V: Edge[], settings: PdfSettings): Int32Array {
  const nc = xs.length - 1;
  const nr = ys.length - 1;
  const parent = new Int32Array(nr * nc);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let r = 0; r < nr; r++)
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && !covered(V, xs[c + 1], ys[r + 1], ys[r], settings)) parent[find(r * nc + c)] = find(r * nc + c + 1);
      if (r + 1 < nr && !covered(H, ys[r + 1], xs[c], xs[c + 1], settings)) parent[find(r * nc + c)] = find((r + 1) * nc + c);
    }
  const root = new Int32Array(nr * nc);
  for (let i = 0; i < root.length; i++) root[i] = find(i);
  return root;
}

/**
 * The regions of a grid of nr × nc elementary cells whose merged cells are given by `root`
 * (cell r * nc + c → the representative cell of its merge group), in row-major order of their first
 * cell: a group's bounding rectangle when the group fills it, else its elementary cells. Bounds
 * are tallied in typed arrays indexed by the group's root (no array or map entry per cell).
 */
function mergedRegions(root: Int32Array, nr: number, nc: number): Skeleton['regions'] {
  const n = nr * nc;
  const r0 = new Int32Array(n).fill(nr);
  const r1 = new Int32Array(n);
  const c0 = new Int32Array(n).fill(nc);
  const c1 = new Int32Array(n);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = root[i];
    const r = Math.floor(i / nc);
    const c = i - r * nc;
    if (r < r0[k]) r0[k] = r;
    if (r + 1 > r1[k]) r1[k] = r + 1;
    if (c < c0[k]) c0[k] = c;
    if (c + 1 > c1[k]) c1[k] = c + 1;
    count[k]++;
  }
  const regions: Skeleton['regions'] = [];
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = root[i];
    if (done[k]) continue;
    done[k] = 1;
    if ((r1[k] - r0[k]) * (c1[k] - c0[k]) === count[k]) regions.push({ r0: r0[k], r1: r1[k], c0: c0[k], c1: c1[k] });
    else
      for (let j = i; j < n; j++) {
        if (root[j] !== k) continue;
        // not rectangular: keep elementary cells
        const r = Math.floor(j / nc);
        const c = j - r * nc;
        regions.push({ r0: r, r1: r + 1, c0: c, c1: c + 1 });
      }
  }
  return regions;
}

/** Table skeletons of one page. */
export function findSkeletons(edges: Edge[], settings: PdfSettings): Skeleton[] {
  const out: Skeleton[] = [];
  for (const g of edgeGroups(edges, settings)) {
    let hs = 0;
    for (const e of g) if (e.orient === 'h') hs++;
    const vs = g.length - hs;
    if (hs + vs < 3 || hs < 1 || vs < 1) continue; // a lone rule is not a table
    const sk = skeletonFromEdges(g, settings);
    if (sk && (sk.xs.length > 2 || sk.ys.length > 2)) out.push(sk);
  }
  return out;
}

export function inSkeleton(sk: Skeleton, it: TextItem, tol = 1): boolean {
  const cx = (it.x0 + it.x1) / 2;
  const cy = it.y + it.size * 0.3;
  return cx >= sk.xs[0] - tol && cx <= sk.xs[sk.xs.length - 1] + tol && cy <= sk.ys[0] + tol && cy >= sk.ys[sk.ys.length - 1] - tol;
}

function locate(bounds: number[], v: number, descending: boolean): number {
  // index i such that v lies between bounds[i] and bounds[i+1]
  const n = bounds.length - 1;
  for (let i = 0; i < n; i++) {
    const lo = descending ? bounds[i + 1] : bounds[i];
    const hi = descending ? bounds[i] : bounds[i + 1];
    if (v >= lo && v <= hi) return i;
  }
  if (descending) return v > bounds[0] ? 0 : n - 1;
  return v < bounds[0] ? 0 : n - 1;
}

/**
 * Split a text run that crosses column boundaries into per-column pieces
 * (character widths taken as equal: good enough for CJK and digits).
 */
export function splitAtColumns(it: TextItem, xs: number[]): TextItem[] {
  // most runs cross no inner boundary: tested by a loop before anything is allocated
  let crosses = false;
  for (let i = 1; i < xs.length - 1 && !crosses; i++) crosses = xs[i] > it.x0 + 1 && xs[i] < it.x1 - 1;
  if (!crosses) return [it];
  const chars = [...it.str];
  if (chars.length < 2) return [it];
  const w = (it.x1 - it.x0) / chars.length;
  const pieces: TextItem[] = [];
  let start = 0;
  let col = -1;
  for (let k = 0; k <= chars.length; k++) {
    const c = k < chars.length ? locate(xs, it.x0 + w * (k + 0.5), false) : -2;
    if (k === 0) col = c;
    else if (c !== col) {
      const s = chars.slice(start, k).join('');
      if (s.trim()) pieces.push({ ...it, str: s, x0: it.x0 + w * start, x1: it.x0 + w * k });
      start = k;
      col = c;
    }
  }
  return pieces;
}

/** Put the page's text items into the skeleton's regions; returns the fragment. */
export function fillSkeleton(sk: Skeleton, items: TextItem[], page: number): TableFrag {
  // plain loops, no per-region closures or copies: this runs for every table on every page
  const nc = sk.xs.length - 1;
  const nr = sk.ys.length - 1;
  const owner = new Int32Array(nr * nc).fill(-1);
  for (let k = 0; k < sk.regions.length; k++) {
    const g = sk.regions[k];
    for (let r = g.r0; r < g.r1; r++) for (let c = g.c0; c < g.c1; c++) owner[r * nc + c] = k;
  }
  const buckets: TextItem[][] = [];
  for (let k = 0; k < sk.regions.length; k++) buckets.push([]);
  for (const it0 of items)
    for (const it of splitAtColumns(it0, sk.xs)) {
      const c = locate(sk.xs, (it.x0 + it.x1) / 2, false);
      const r = locate(sk.ys, it.y + it.size * 0.3, true);
      const k = r >= 0 && r < nr && c >= 0 && c < nc ? owner[r * nc + c] : -1;
      if (k >= 0) buckets[k].push(it);
    }
  const regions: Region[] = [];
  for (let k = 0; k < sk.regions.length; k++) {
    const g = sk.regions[k];
    const its = buckets[k];
    // the top item, leftmost among equals, earliest among identical (as a stable sort would give)
    let first: TextItem | undefined;
    for (const it of its) if (!first || it.y > first.y || (it.y === first.y && it.x0 < first.x0)) first = it;
    regions.push({
      r0: g.r0,
      r1: g.r1,
      c0: g.c0,
      c1: g.c1,
      text: cellText(its),
      page,
      x: first ? first.x0 : sk.xs[g.c0],
      y: first ? first.y : sk.ys[g.r0],
      box: { page, x0: sk.xs[g.c0], x1: sk.xs[g.c1], top: sk.ys[g.r0], bottom: sk.ys[g.r1] },
    });
  }
  return {
    page,
    lastPage: page,
    xs: sk.xs,
    rows: sk.ys.length - 1,
    regions,
    x0: sk.xs[0],
    x1: sk.xs[sk.xs.length - 1],
    top: sk.ys[0],
    bottom: sk.ys[sk.ys.length - 1],
    openTop: sk.openTop,
    openBottom: sk.openBottom,
  };
}
