/**
 * The engine side of the PDF reader: bytes → one `PageData` per page (text
 * runs and ruling edges in PDF user space), through PDFium.
 */
import { XxgkError, isXxgkError } from '../../../errors.js';
import type { PageData } from '../../pdf.js';
import type { PdfSettings } from '../types.js';
import { discardPdfium, loadPdfium, openDocument } from './pdfium.js';
import { pageBox, readEdges, readGlyphs } from './page.js';
import { glyphRuns } from './runs.js';

/**
 * Read every page. Rulings are read only on pages with text (they only matter
 * there, and scanned pages are spared the walk over their image objects).
 * Errors: `encrypted`, `corrupt_file` (see `openDocument`); a PDFium trap on a
 * page is reported as `corrupt_file` and the module is reloaded for the next
 * document.
 */
export async function readPages(bytes: Uint8Array, settings: PdfSettings): Promise<{ pages: PageData[]; numPages: number }> {
  const pdf = await loadPdfium();
  let doc;
  try {
    doc = openDocument(pdf, bytes);
  } catch (e) {
    if (isXxgkError(e)) throw e;
    discardPdfium();
    throw new XxgkError('corrupt_file', `the PDF could not be parsed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const { x } = pdf;
  const pages: PageData[] = [];
  try {
    for (let p = 1; p <= doc.pageCount; p++) {
      const page = x.FPDF_LoadPage(doc.handle, p - 1);
      if (!page) throw new XxgkError('corrupt_file', `the PDF could not be parsed: page ${p} cannot be loaded`);
      try {
        const [vx0, vy0, vx1, vy1] = pageBox(pdf, page);
        const items = glyphRuns(readGlyphs(pdf, page), p);
        const edges = items.length ? readEdges(pdf, page, settings) : [];
        pages.push({ page: p, width: vx1 - vx0, height: vy1 - vy0, items, edges });
      } finally {
        x.FPDF_ClosePage(page);
      }
    }
    return { pages, numPages: doc.pageCount };
  } catch (e) {
    if (isXxgkError(e)) throw e;
    discardPdfium();
    throw new XxgkError('corrupt_file', `the PDF could not be parsed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    try {
      doc.close();
    } catch {
      discardPdfium();
    }
  }
}
