/// <reference path="./vendor.d.ts" />
/**
 * Image files to bitmaps, with pure-JS decoders (no native build, nothing
 * fetched at install): pngjs (PNG, all bit depths and palettes), jpeg-js
 * (baseline and progressive JPEG), utif (TIFF: multi-page, CCITT G3/G4
 * bilevel, LZW, Deflate, JPEG-in-TIFF). Each page becomes a Bitmap.
 */
import { XxgkError } from '../../errors.js';
import type { Bitmap } from './bitmap.js';

/** Largest page accepted, in pixels (A4 at 600 dpi is 35 million). */
export const MAX_PAGE_PIXELS = 60_000_000;
/** Most pages read from one multi-page TIFF (a report is a few dozen pages). */
export const MAX_PAGES = 500;

export type ImageKind = 'png' | 'jpeg' | 'tiff';

const at = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

/** The image format from magic bytes, or null. */
export function sniffImage(b: Uint8Array): ImageKind | null {
  if (at(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (at(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (at(b, [0x49, 0x49, 0x2a, 0x00]) || at(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return null;
}

function checkSize(w: number, h: number): void {
  if (!(w > 0 && h > 0)) throw new XxgkError('corrupt_file', `image of ${w}×${h} pixels`);
  if (w * h > MAX_PAGE_PIXELS) throw new XxgkError('too_large', `an image page of ${w}×${h} pixels; the limit is ${MAX_PAGE_PIXELS} pixels`);
}

/** PNG pHYs (pixels per metre) → dpi, read from the chunk list without decoding. */
function pngDpi(b: Uint8Array): { dpi?: number; width: number; height: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const width = dv.getUint32(16), height = dv.getUint32(20);
  let p = 8;
  while (p + 8 <= b.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (type === 'pHYs' && p + 17 <= b.length && b[p + 16] === 1) return { dpi: Math.round(dv.getUint32(p + 8) * 0.0254), width, height };
    if (type === 'IDAT' || type === 'IEND') break;
    p += 12 + len;
  }
  return { width, height };
}

/** JFIF density (APP0) → dpi. */
function jpegDpi(b: Uint8Array): number | undefined {
  if (b[2] === 0xff && b[3] === 0xe0 && String.fromCharCode(...b.subarray(6, 10)) === 'JFIF') {
    const unit = b[13], x = (b[14] << 8) | b[15];
    if (unit === 1) return x;
    if (unit === 2) return Math.round(x * 2.54);
  }
  return undefined;
}

async function decodePng(bytes: Uint8Array): Promise<Bitmap[]> {
  const { PNG } = await import('pngjs');
  const info = pngDpi(bytes);
  checkSize(info.width, info.height);
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return [{ width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), dpi: info.dpi }];
}

async function decodeJpeg(bytes: Uint8Array): Promise<Bitmap[]> {
  const jpeg = await import('jpeg-js');
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
  checkSize(img.width, img.height);
  return [{ width: img.width, height: img.height, channels: 3, data: img.data, dpi: jpegDpi(bytes) }];
}

async function decodeTiff(bytes: Uint8Array): Promise<Bitmap[]> {
  const UTIF = (await import('utif')).default;
  const ifds = UTIF.decode(bytes);
  if (ifds.length > MAX_PAGES) throw new XxgkError('too_large', `a TIFF of ${ifds.length} pages; the limit is ${MAX_PAGES}`);
  const out: Bitmap[] = [];
  for (const ifd of ifds) {
    const w = Number((ifd.t256 as number[] | undefined)?.[0] ?? 0), h = Number((ifd.t257 as number[] | undefined)?.[0] ?? 0);
    if (!w || !h) continue; // thumbnails and EXIF sub-directories without pixels
    checkSize(w, h);
    UTIF.decodeImage(bytes, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    const xres = ifd.t282 as number[] | undefined;
    const unit = Number((ifd.t296 as number[] | undefined)?.[0] ?? 2);
    const dpi = xres?.[0] ? Math.round(unit === 3 ? xres[0] * 2.54 : xres[0]) : undefined;
    out.push({ width: ifd.width, height: ifd.height, channels: 4, data: rgba, dpi });
  }
  if (out.length === 0) throw new XxgkError('corrupt_file', 'TIFF file without an image page');
  return out;
}

/** Decode an image file into its pages. Throws `corrupt_file` or `too_large`. */
export async function decodeImage(bytes: Uint8Array): Promise<Bitmap[]> {
  const kind = sniffImage(bytes);
  try {
    if (kind === 'png') return await decodePng(bytes);
    if (kind === 'jpeg') return await decodeJpeg(bytes);
    if (kind === 'tiff') return await decodeTiff(bytes);
  } catch (e) {
    if (e instanceof XxgkError) throw e;
    throw new XxgkError('corrupt_file', `${kind?.toUpperCase()} image could not be decoded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  throw new XxgkError('unsupported_format', 'not a PNG, JPEG or TIFF image');
}
