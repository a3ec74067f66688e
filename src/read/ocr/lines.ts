/**
 * Ruling lines by run length: a horizontal ruling is a run of ink along a
 * pixel row, at least `minLen` long, with gaps of at most `maxGap` (a harsh
 * bilevel scan breaks lines into dashes) and at least 75% inked. Text never
 * qualifies: a CJK stroke is shorter than a cell, and a text row is far less
 * than 75% ink. Vertical rulings likewise along pixel columns.
 */

export interface LineParams {
  /** Shortest ruling, px (about 18 pt: narrower than any table cell, longer than any glyph stroke). */
  minLen: number;
  /** Longest gap bridged inside a ruling, px. */
  maxGap: number;
}

/** Ruling parameters for a resolution. */
export function lineParams(dpi: number): LineParams {
  const pt = dpi / 72;
  return { minLen: Math.round(18 * pt), maxGap: Math.max(2, Math.round(1.5 * pt)) };
}

/**
 * The line mask: 1 on every pixel of a detected ruling, gaps bridged and
 * each run's ends extended by `maxGap` + 1 so that broken corners close.
 */
export function rulingMask(ink: Uint8Array, width: number, height: number, p: LineParams): { mask: Uint8Array; horizontal: number; vertical: number } {
  const mask = new Uint8Array(width * height);
  const ext = p.maxGap + 1;
  let horizontal = 0, vertical = 0;
  // horizontal runs
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1, last = -1, count = 0;
    const close = () => {
      if (start >= 0 && last - start + 1 >= p.minLen && count >= 0.75 * (last - start + 1)) {
        horizontal++;
        const a = Math.max(0, start - ext), b = Math.min(width - 1, last + ext);
        mask.fill(1, row + a, row + b + 1);
      }
    };
    for (let x = 0; x < width; x++) {
      if (!ink[row + x]) continue;
      if (start >= 0 && x - last - 1 <= p.maxGap) {
        last = x;
        count++;
      } else {
        close();
        start = last = x;
        count = 1;
      }
    }
    close();
  }
  // vertical runs
  const start = new Int32Array(width).fill(-1);
  const last = new Int32Array(width).fill(-1);
  const count = new Int32Array(width);
  const closeV = (x: number) => {
    const s = start[x], l = last[x];
    if (s >= 0 && l - s + 1 >= p.minLen && count[x] >= 0.75 * (l - s + 1)) {
      vertical++;
      const a = Math.max(0, s - ext), b = Math.min(height - 1, l + ext);
      for (let y = a; y <= b; y++) mask[y * width + x] = 1;
    }
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (!ink[row + x]) continue;
      if (start[x] >= 0 && y - last[x] - 1 <= p.maxGap) {
        last[x] = y;
        count[x]++;
      } else {
        closeV(x);
        start[x] = last[x] = y;
        count[x] = 1;
      }
    }
  }
  for (let x = 0; x < width; x++) closeV(x);
  return { mask, horizontal, vertical };
}
