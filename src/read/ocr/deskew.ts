/**
 * Skew: estimate the page's rotation from its ink (ruling lines and text
 * rows give sharp horizontal projections when upright), then rotate back.
 */
import type { Gray } from './bitmap.js';

/**
 * Estimated skew in degrees (positive: content rotated clockwise on the page,
 * i.e. a line's y grows with x), searched in ±`maxDeg` by projection-profile
 * sharpness: coarse steps of 0.2°, then 0.02° around the best. Only ink in
 * horizontal runs of at least `minRun` px counts (ruling lines and long
 * strokes): on a page of text, the text rows alone can make 0° look sharpest
 * (a noisy scan rotated by 1.0° was estimated at 0° from all its ink).
 */
export function estimateSkew(mask: Uint8Array, width: number, height: number, minRun: number, maxDeg = 3): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let s = -1;
    for (let x = 0; x <= width; x++) {
      const v = x < width && mask[row + x] === 1;
      if (v && s < 0) s = x;
      else if (!v && s >= 0) {
        if (x - s >= minRun) for (let k = s; k < x; k++) {
          xs.push(k);
          ys.push(y);
        }
        s = -1;
      }
    }
  }
  if (xs.length < 100) return 0;
  const bins = new Float64Array(height * 2 + 8);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i] - xs[i] * t) + height;
      if (b >= 0 && b < bins.length) bins[b]++;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i] * bins[i];
    return s;
  };
  let best = 0, bestS = score(0);
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.2) {
    const s = score(d);
    if (s > bestS) [best, bestS] = [d, s];
  }
  const c = best;
  for (let d = c - 0.2; d <= c + 0.2 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestS) [best, bestS] = [d, s];
  }
  return Math.round(best * 100) / 100;
}

/** Rotate by −`deg` about the centre (bilinear; outside filled white), undoing a skew of `deg`. */
export function rotate(g: Gray, deg: number): Gray {
  const { width: w, height: h, data } = g;
  const out = new Uint8Array(w * h);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a), sin = Math.sin(a);
  const cx = w / 2, cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // source of output (x, y): rotate forward by deg
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0, fy = sy - y0;
      const i = y0 * w + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bot = data[i + w] + (data[i + w + 1] - data[i + w]) * fx;
      out[y * w + x] = top + (bot - top) * fy;
    }
  }
  return { width: w, height: h, data: out };
}
