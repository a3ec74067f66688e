/**
 * The raster the OCR reader works on: a page image as decoded from an image
 * file, or as rendered by the PDF engine.
 */

/**
 * A page image. `data` is row-major from the top-left corner, `channels`
 * samples per pixel (1 gray, 3 RGB, 4 RGBA), 8 bits each, no row padding:
 * `data.length === width * height * channels`.
 */
export interface Bitmap {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
  /** Resolution in dots per inch, when known (PDF render, PNG pHYs, TIFF, JPEG JFIF). */
  dpi?: number;
}

/** A one-channel 8-bit image (0 black … 255 white). */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Pixel rectangle, x1/y1 exclusive. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * One channel to read ink from. Colour scans use the red channel: a red seal
 * (high red) vanishes from it while black and blue ink stays dark (issue 11:
 * over 24 number cells, grayscale read 80.9%, the red channel 100%).
 * Alpha is composed over white.
 */
export function inkChannel(b: Bitmap): Gray {
  const n = b.width * b.height;
  if (b.data.length < n * b.channels) throw new RangeError(`bitmap data holds ${b.data.length} bytes, ${n * b.channels} expected`);
  if (b.channels === 1) return { width: b.width, height: b.height, data: b.data };
  const out = new Uint8Array(n);
  const ch = b.channels;
  for (let i = 0, j = 0; i < n; i++, j += ch) {
    let v = b.data[j];
    if (ch === 4) {
      const a = b.data[j + 3];
      v = (v * a + 255 * (255 - a)) / 255;
    }
    out[i] = v;
  }
  return { width: b.width, height: b.height, data: out };
}

/** Does a colour bitmap carry colour (not a gray image stored as RGB)? Samples every 7th pixel. */
export function hasColour(b: Bitmap): boolean {
  if (b.channels === 1) return false;
  const n = b.width * b.height;
  let coloured = 0;
  let seen = 0;
  for (let i = 0; i < n; i += 7) {
    const j = i * b.channels;
    const r = b.data[j], g = b.data[j + 1], bl = b.data[j + 2];
    seen++;
    if (Math.max(r, g, bl) - Math.min(r, g, bl) > 60) coloured++;
  }
  return coloured / seen > 0.0005;
}

/** Luma (BT.601) of an RGB(A) bitmap; a gray bitmap is returned as is. */
export function luma(b: Bitmap): Gray {
  if (b.channels === 1) return { width: b.width, height: b.height, data: b.data };
  const n = b.width * b.height;
  const out = new Uint8Array(n);
  const ch = b.channels;
  for (let i = 0, j = 0; i < n; i++, j += ch) out[i] = (b.data[j] * 299 + b.data[j + 1] * 587 + b.data[j + 2] * 114) / 1000;
  return { width: b.width, height: b.height, data: out };
}

/** Copy a rectangle (clipped to the image). */
export function crop(g: Gray, box: Box): Gray {
  const x0 = Math.max(0, Math.floor(box.x0)), y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(g.width, Math.ceil(box.x1)), y1 = Math.min(g.height, Math.ceil(box.y1));
  const w = Math.max(0, x1 - x0), h = Math.max(0, y1 - y0);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(g.data.subarray((y0 + y) * g.width + x0, (y0 + y) * g.width + x0 + w), y * w);
  return { width: w, height: h, data: out };
}

/** Encode as binary PGM (P5): the cheapest format Leptonica reads, for handing crops to tesseract. */
export function toPgm(g: Gray): Uint8Array {
  const head = Buffer.from(`P5\n${g.width} ${g.height}\n255\n`, 'latin1');
  const out = new Uint8Array(head.length + g.data.length);
  out.set(head, 0);
  out.set(g.data, head.length);
  return out;
}

/** Enlarge by an integer factor with bilinear interpolation (low-resolution crops read better enlarged). */
export function enlarge(g: Gray, f: number): Gray {
  if (f <= 1) return g;
  const w = g.width * f, h = g.height * f;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(g.height - 1, Math.max(0, (y + 0.5) / f - 0.5));
    const y0 = Math.floor(sy), y1 = Math.min(g.height - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(g.width - 1, Math.max(0, (x + 0.5) / f - 0.5));
      const x0 = Math.floor(sx), x1 = Math.min(g.width - 1, x0 + 1), fx = sx - x0;
      const a = g.data[y0 * g.width + x0] + (g.data[y0 * g.width + x1] - g.data[y0 * g.width + x0]) * fx;
      const b = g.data[y1 * g.width + x0] + (g.data[y1 * g.width + x1] - g.data[y1 * g.width + x0]) * fx;
      out[y * w + x] = a + (b - a) * fy;
    }
  }
  return { width: w, height: h, data: out };
}

/** Enlarge by an integer factor, nearest neighbour (keeps edges hard: read better than bilinear at 200 dpi). */
export function enlargeNearest(g: Gray, f: number): Gray {
  const w = g.width * f, h = g.height * f;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const src = ((y / f) | 0) * g.width;
    for (let x = 0; x < w; x++) out[y * w + x] = g.data[src + ((x / f) | 0)];
  }
  return { width: w, height: h, data: out };
}

/** Halve each side, averaging 2×2 blocks. */
export function halve(g: Gray): Gray {
  const w = g.width >> 1, h = g.height >> 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * g.width + 2 * x;
      out[y * w + x] = (g.data[i] + g.data[i + 1] + g.data[i + g.width] + g.data[i + g.width + 1]) >> 2;
    }
  }
  return { width: w, height: h, data: out };
}
