/**
 * PDF reader: text PDFs (Word / WPS / LibreOffice exports) → document model.
 *
 * Per page: text runs and ruling edges from the engine (PDFium, see
 * pdf/engine/), then the page layout (pdf/layout.ts): tables from the ruling
 * grid (merged cells from missing inner borders), a text-alignment fallback for
 * borderless tables, the remaining text as lines; tables continued on the next
 * page are joined into one table block.
 */
import { XxgkError } from '../errors.js';
import type { Doc, ReadWarning } from '../model.js';
import type { ReadOptions, Reader } from './types.js';
import { readPages } from './pdf/engine/read.js';
import { layoutDocument } from './pdf/layout.js';
import { DEFAULT_SETTINGS, pdfSettings, type PdfSettings } from './pdf/types.js';

export type { PageData } from './pdf/types.js';

export async function readPdf(bytes: Uint8Array, opts: ReadOptions = {}, settings: PdfSettings = opts.pdf ? pdfSettings(opts.pdf) : DEFAULT_SETTINGS): Promise<Doc> {
  const { pages, numPages } = await readPages(bytes, settings);
  if (!pages.some((p) => p.items.length > 0)) {
    throw new XxgkError(
      'no_text_layer',
      `the PDF has no text layer on any of its ${numPages} page(s): it is probably a scanned document and needs OCR (e.g. ocrmypdf) before extraction`,
    );
  }
  const warnings: ReadWarning[] = [];
  const empty = pages.filter((p) => p.items.length === 0).map((p) => p.page);
  if (empty.length) warnings.push({ code: 'page_without_text', message: `page(s) ${empty.join(', ')} have no text layer (images only?)`, origin: { page: empty[0] } });
  return { format: 'pdf', blocks: layoutDocument(pages, settings), pages: numPages, warnings };
}

export const pdfReader: Reader = {
  format: 'pdf',
  read: (bytes, opts) => readPdf(bytes, opts),
};
