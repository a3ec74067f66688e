/**
 * Page images: a PDF page rendered by PDFium into a plain pixel buffer, for
 * the scanned-PDF reader (OCR input) and the review page. No canvas library:
 * PDFium rasterises into its own bitmap in the wasm heap and the pixels are
 * copied out, converted to grayscale or RGB.
 */
import { XxgkError } from '../../../errors.js';
import { withDocument, withPage } from './read.js';
import type { Pdfium } from './pdfium.js';

/** A rendered page: `height` rows of `width` pixels, `channels` bytes each (1: gray; 3: R, G, B), top row first. */
export interface PageImage {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Resolution the page was rendered at (pixels per inch; 72 = one pixel per point). */
  dpi: number;
  data: Uint8Array;
}

export interface RenderOptions {
  /** Pixels per inch (default 150). */
  dpi?: number;
  /** RGB instead of grayscale (default false). */
  color?: boolean;
  /** 1-based page numbers to render (default: all). Numbers outside the document are skipped. */
  pages?: number[];
  /** Refuse (`too_large`) a page whose bitmap would exceed this many pixels (default 64 million). */
  maxPixels?: number;
  /** User password of an encrypted PDF. */
  password?: string;
}

const FORMAT_BGRX = 3;
const FLAG_ANNOT = 0x01;
const FLAG_REVERSE_BYTE_ORDER = 0x10;

/**
 * Render pages as the viewer shows them: `/Rotate` applied, white background,
 * annotations drawn, the page's crop box scaled to `dpi`. Grayscale uses the
 * ITU-R BT.601 luma weights (0.299 R + 0.587 G + 0.114 B).
 * Errors: `encrypted`, `corrupt_file` as for reading; `too_large` for a page
 * over `maxPixels`.
 */
export async function renderPdfPages(bytes: Uint8Array, opts: RenderOptions = {}): Promise<PageImage[]> {
  const dpi = opts.dpi ?? 150;
  if (!(dpi > 0 && dpi <= 2400)) throw new RangeError(`dpi must be in (0, 2400], got ${dpi}`);
  const channels: 1 | 3 = opts.color ? 3 : 1;
  const maxPixels = opts.maxPixels ?? 64e6;
  return withDocument(bytes, opts.password, (pdf, doc) => {
    const out: PageImage[] = [];
    const wanted = opts.pages ?? Array.from({ length: doc.pageCount }, (_, i) => i + 1);
    for (const p of wanted) {
      if (!Number.isInteger(p) || p < 1 || p > doc.pageCount) continue;
      const image = withPage(pdf, doc, p, (page): PageImage => {
        const w = Math.max(1, Math.round((pdf.x.FPDF_GetPageWidthF(page) * dpi) / 72));
        const h = Math.max(1, Math.round((pdf.x.FPDF_GetPageHeightF(page) * dpi) / 72));
        if (w * h > maxPixels) throw new XxgkError('too_large', `page ${p} at ${dpi} dpi would be ${w}×${h} pixels (limit ${maxPixels})`);
        return { page: p, width: w, height: h, channels, dpi, data: renderPage(pdf, page, w, h, channels) };
      });
      out.push(image);
    }
    return out;
  });
}

function renderPage(pdf: Pdfium, page: number, w: number, h: number, channels: 1 | 3): Uint8Array {
  const { x } = pdf;
  const bmp = x.FPDFBitmap_CreateEx(w, h, FORMAT_BGRX, 0, 0);
  if (!bmp) throw new XxgkError('too_large', `a ${w}×${h} bitmap does not fit in the PDF engine's memory`);
  try {
    x.FPDFBitmap_FillRect(bmp, 0, 0, w, h, 0xffffffff);
    // with REVERSE_BYTE_ORDER the bytes come out R, G, B, x
    x.FPDF_RenderPageBitmap(bmp, page, 0, 0, w, h, 0, FLAG_ANNOT | FLAG_REVERSE_BYTE_ORDER);
    const stride = x.FPDFBitmap_GetStride(bmp);
    const src = pdf.u8();
    const base = x.FPDFBitmap_GetBuffer(bmp);
    const data = new Uint8Array(w * h * channels);
    let o = 0;
    for (let row = 0; row < h; row++) {
      let i = base + row * stride;
      if (channels === 3) {
        for (let col = 0; col < w; col++, i += 4) {
          data[o++] = src[i];
          data[o++] = src[i + 1];
          data[o++] = src[i + 2];
        }
      } else {
        for (let col = 0; col < w; col++, i += 4) data[o++] = (src[i] * 299 + src[i + 1] * 587 + src[i + 2] * 114 + 500) / 1000;
      }
    }
    return data;
  } finally {
    x.FPDFBitmap_Destroy(bmp);
  }
}
