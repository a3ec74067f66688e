/**
 * The OCR reader's entry points: page bitmaps → table blocks of the document
 * model, with an OCR session that the verifier uses after extraction.
 *
 * For the PDF reader (scanned pages, undecodable text layers):
 *
 *   const { blocks, warnings, session } = await ocrPages(pages, { firstTable });  // pages: { page, bitmap }[]
 *   doc.blocks.push(...blocks); doc.warnings.push(...warnings);
 *   attachOcr(doc, session);      // extract() verifies (verifyOcr) and closes it (closeOcr)
 *
 * Bitmaps at 200 dpi with colour kept (a red seal is dropped by reading the
 * red channel); set `bitmap.dpi`. If the reader fails after `ocrPages`
 * returned, it must `await session.close()` itself (the workers are threads
 * that keep the process alive); `ocrPages` closes them when it fails.
 */
import type { Block, ReadWarning, TableBlock, TextBlock } from '../../model.js';
import { withText } from './entry.js';
import type { Bitmap } from './bitmap.js';
import { OcrEngine } from './engine.js';
import { readPage } from './page.js';
import { OcrSession } from './session.js';

export type { Bitmap } from './bitmap.js';
export { attachOcr, closeOcr, ocrSessionOf, withText } from './entry.js';
export { OcrSession } from './session.js';
export { verifyOcr } from './verify.js';

export interface OcrPagesOptions {
  /** Document-wide index of the first table produced (default 0). */
  firstTable?: number;
  /** Called after each page (progress on a TTY). */
  onPage?: (done: number, total: number) => void;
  /** An existing session to add to (several calls for one document). */
  session?: OcrSession;
  /** Pages whose first lines of text (above the first table) are read too: the first page of a scanned report, for its title. */
  titlePages?: number[];
}

export interface OcrPagesResult {
  /** Per page: the title lines read (if asked), then its tables (one block per ruled table per page; joined over pages by ocr/frag.ts joinOcrBlocks). */
  blocks: Block[];
  warnings: ReadWarning[];
  session: OcrSession;
}

/**
 * OCR the ruled tables of page images. `page` is each bitmap's 1-based page
 * number in the document. On failure the session's workers are closed.
 */
export async function ocrPages(pages: { page: number; bitmap: Bitmap }[], opts: OcrPagesOptions = {}): Promise<OcrPagesResult> {
  const session = opts.session ?? new OcrSession(new OcrEngine());
  const blocks: TableBlock[] = [];
  const texts: TextBlock[] = [];
  const warnings: ReadWarning[] = [];
  let table = opts.firstTable ?? 0;
  try {
    for (const [i, { page, bitmap }] of pages.entries()) {
      const r = await readPage(bitmap, session.engine, page, table, opts.titlePages?.includes(page) ?? false);
      table += r.tables.length;
      blocks.push(...r.tables);
      texts.push(...r.title.map((t) => t.block));
      if (r.title.length) {
        warnings.push({ code: 'ocr_title', message: `page ${page}: the title read by OCR (report.title, agency and year come from it; a character of the agency may be misread): ${r.title.map((t) => `"${t.block.text}" (${t.confidence.toFixed(2)})`).join(', ')}`, origin: { page } });
      }
      session.add(r.cells);
      if (r.tables.length === 0) warnings.push({ code: 'ocr_no_table', message: `page ${page}: no ruled table found in the page image`, origin: { page } });
      opts.onPage?.(i + 1, pages.length);
    }
  } catch (e) {
    if (!opts.session) await session.close();
    throw e;
  }
  // tables continued over page breaks are joined by the caller (ocr/frag.ts joinOcrBlocks, the PDF reader's join)
  return { blocks: withText(texts, blocks), warnings, session };
}
