/**
 * Page layout for OCR: ink channel → threshold → deskew → ruling lines →
 * enclosed cells → tables on grids. Plain JS on typed arrays.
 */
import { inkChannel, type Bitmap, type Gray } from './bitmap.js';
import { inkMask, otsu } from './binarize.js';
import { enclosedRegions, groupTables, toGrid, type Grid } from './cells.js';
import { estimateSkew, rotate } from './deskew.js';
import { lineParams, rulingMask } from './lines.js';

/** A page prepared for reading. */
export interface PageLayout {
  /** The upright ink channel (deskewed), 0 black … 255 white. */
  gray: Gray;
  /** Its ink mask (1 = ink) at the page threshold. */
  ink: Uint8Array;
  threshold: number;
  /** Skew found and undone, degrees. */
  skew: number;
  dpi: number;
  /** Ruled tables, top to bottom. */
  grids: Grid[];
}

/**
 * The resolution of a page image: the bitmap's own when known, else assume
 * an A4 page (its short side is 8.27 in).
 */
export function pageDpi(b: Bitmap): number {
  if (b.dpi && b.dpi >= 50 && b.dpi <= 1200) return b.dpi;
  return Math.round(Math.min(b.width, b.height) / 8.27);
}

/** Find the ruled tables of a page image. */
export function detectLayout(b: Bitmap): PageLayout {
  const dpi = pageDpi(b);
  let gray = inkChannel(b);
  const threshold = otsu(gray);
  let ink = inkMask(gray, threshold);
  const skew = estimateSkew(ink, gray.width, gray.height, Math.round((5.8 * dpi) / 72));
  if (Math.abs(skew) >= 0.05) {
    gray = rotate(gray, skew);
    ink = inkMask(gray, threshold);
  }
  const p = lineParams(dpi);
  // rulings are looked for in a lighter mask: a thin rule blurred by scanning, JPEG and
  // deskewing is partly lighter than the text threshold; text and noise never fill 75% of a run
  const lineInk = inkMask(gray, Math.min(235, Math.round(threshold + (255 - threshold) / 3)));
  const { mask } = rulingMask(lineInk, gray.width, gray.height, p);
  const pt = dpi / 72;
  const regions = enclosedRegions(mask, gray.width, gray.height, Math.round(6 * pt), Math.round(5 * pt));
  const grids = groupTables(regions, Math.round(4 * pt) + p.maxGap * 2)
    .filter((cells) => cells.length >= 4)
    .map((cells) => toGrid(cells, Math.round(3 * pt) + p.maxGap * 2));
  return { gray, ink, threshold, skew, dpi, grids };
}
