/**
 * The engine side of the PDF reader: bytes → one `PageData` per page (text
 * runs and ruling edges in PDF user space, turned upright when the page's
 * text reads sideways), through PDFium.
 */
import { XxgkError, isXxgkError } from '../../../errors.js';
import type { GlyphCounts, PageData } from '../types.js';
import type { PdfSettings } from '../types.js';
import { discardPdfium, loadPdfium, openDocument, takeWasmLimitHit, type Pdfium, type PdfDoc } from './pdfium.js';
import { readEdges, readGlyphs, turnGlyphs, uprightPage } from './page.js';
import { glyphRuns, isWhitespace, type Glyph } from './runs.js';

/**
 * Read every page (`password`: the user password of an encrypted PDF). Rulings are read only on pages with text (they only matter
 * there, and scanned pages are spared the walk over their image objects).
 * Errors: `encrypted`, `corrupt_file` (see `openDocument`); `too_large` past the memory cap; a
 * PDFium trap on a page is reported as `corrupt_file` and the module is reloaded
 * for the next document. Each page's glyph counts (`PageData.glyphs`) tell the reader
 * whether its text layer is usable (undecodable or invisible text: read/pdf/scanned.ts).
 */
export async function readPages(bytes: Uint8Array, settings: PdfSettings, password?: string): Promise<{ pages: PageData[]; numPages: number }> {
  return withDocument(bytes, password, (pdf, doc) => {
    const pages: PageData[] = [];
    for (let p = 1; p <= doc.pageCount; p++) {
      pages.push(
        withPage(pdf, doc, p, (page) => {
          const glyphs = readGlyphs(pdf, page);
          const { width, height, transform } = uprightPage(pdf, page, glyphs);
          const items = glyphRuns(turnGlyphs(glyphs, transform), p);
          const edges = items.length ? readEdges(pdf, page, settings, transform) : [];
          return { page: p, width, height, items, edges, glyphs: countGlyphs(glyphs) };
        }),
      );
    }
    return { pages, numPages: doc.pageCount };
  });
}

/**
 * Open `bytes` in PDFium (`password`: the user password, if any), run `use` on the open
 * document and close it — the one road into the engine for reading and rendering. Errors out
 * of opening or `use` become typed errors (`engineFailure`: `encrypted`, `corrupt_file`,
 * `too_large` past the memory cap); a document that cannot be closed drops the module.
 */
export async function withDocument<T>(bytes: Uint8Array, password: string | undefined, use: (pdf: Pdfium, doc: PdfDoc) => T): Promise<T> {
  const pdf = await loadPdfium();
  takeWasmLimitHit(); // a cap hit of an earlier document is not this one's
  let doc: PdfDoc;
  try {
    doc = openDocument(pdf, bytes, password);
  } catch (e) {
    throw engineFailure(e);
  }
  try {
    return use(pdf, doc);
  } catch (e) {
    throw engineFailure(e);
  } finally {
    try {
      doc.close();
    } catch {
      discardPdfium();
    }
  }
}

/** Load page `p` (1-based) of an open document, run `use` on its handle, close it. `corrupt_file` when it cannot be loaded. */
export function withPage<T>(pdf: Pdfium, doc: PdfDoc, p: number, use: (page: number) => T): T {
  const page = pdf.x.FPDF_LoadPage(doc.handle, p - 1);
  if (!page) throw new XxgkError('corrupt_file', `the PDF could not be parsed: page ${p} cannot be loaded`);
  try {
    return use(page);
  } finally {
    pdf.x.FPDF_ClosePage(page);
  }
}

/** Count a page's drawn characters (whitespace excluded), the undecodable and the invisible ones. */
export function countGlyphs(glyphs: Glyph[]): GlyphCounts {
  const c: GlyphCounts = { chars: 0, undecodable: 0, invisible: 0 };
  for (const g of glyphs) {
    if (!g.undecodable && isWhitespace(g.ch)) continue;
    c.chars++;
    if (g.undecodable) c.undecodable++;
    if (g.invisible) c.invisible++;
  }
  return c;
}

/**
 * An exception out of the engine as a typed error: the memory cap → `too_large`;
 * a trap or any other failure → `corrupt_file` (and a fresh module next time).
 */
export function engineFailure(e: unknown): XxgkError {
  if (takeWasmLimitHit()) {
    discardPdfium();
    return new XxgkError('too_large', 'reading the PDF needs more memory than the cap (--max-memory) allows', { cause: e });
  }
  if (isXxgkError(e)) return e;
  discardPdfium();
  return new XxgkError('corrupt_file', `the PDF could not be parsed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}
