/**
 * Binarisation: Otsu's global threshold on the ink channel, and the crop
 * whitening that keeps shaded cells readable.
 */
import type { Gray } from './bitmap.js';

/** Otsu's threshold (maximum between-class variance) over the 256-bin histogram. */
export function otsu(g: Gray): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < g.data.length; i++) hist[g.data[i]]++;
  const total = g.data.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * hist[v];
  let wB = 0, sumB = 0, best = 0, bestT = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB, mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/** Ink mask: 1 where the pixel is at or below `threshold`. */
export function inkMask(g: Gray, threshold: number): Uint8Array {
  const m = new Uint8Array(g.data.length);
  for (let i = 0; i < g.data.length; i++) m[i] = g.data[i] <= threshold ? 1 : 0;
  return m;
}

/** Median of a crop's pixel values. */
export function median(g: Gray): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < g.data.length; i++) hist[g.data[i]]++;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc * 2 >= g.data.length) return v;
  }
  return 255;
}

/**
 * Whiten a cell crop's background in place: every pixel lighter than
 * (median − 20) becomes white, so a shaded (gray) caption cell reads like a
 * white one (issue 11: shaded cells misread until whitened). The median is
 * the cell's (`background`, mostly paper), not the ink crop's: a lone `1`'s
 * crop is mostly ink and would lose its strokes. Also stretches the ink so
 * that the darkest pixel becomes black.
 */
export function whiten(g: Gray, background: number = median(g)): Gray {
  const cut = background - 20;
  let lo = 255;
  for (let i = 0; i < g.data.length; i++) if (g.data[i] < lo) lo = g.data[i];
  const span = Math.max(1, cut - lo);
  for (let i = 0; i < g.data.length; i++) {
    const v = g.data[i];
    g.data[i] = v >= cut ? 255 : Math.max(0, Math.round(((v - lo) * 255) / span));
  }
  return g;
}
