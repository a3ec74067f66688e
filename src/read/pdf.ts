/**
 * PDF reader: text PDFs (Word / WPS / LibreOffice exports) and scanned PDFs → document model.
 *
 * Per page: text runs and ruling edges from the engine (PDFium, see
 * pdf/engine/), then the page layout (pdf/layout.ts): tables from the ruling
 * grid (merged cells from missing inner borders), a text-alignment fallback for
 * borderless tables, the remaining text as lines; tables continued on the next
 * page are joined into one table block.
 *
 * Pages without a usable text layer (pdf/scanned.ts: no text, or more than 10%
 * undecodable characters) are rendered at 200 dpi and read by OCR under
 * `--ocr auto` (the default); `--ocr force` OCRs every page, `--ocr off` none.
 */
import { XxgkError } from '../errors.js';
import type { Doc, ReadWarning } from '../model.js';
import type { ReadOptions, Reader } from './types.js';
import { attachOcr } from './ocr/entry.js';
import { readPages } from './pdf/engine/read.js';
import { addOcrEntries } from './ocr/frag.js';
import { assemble, layoutPage, medianSize, type Entry } from './pdf/layout.js';
import { ocrPdfPages, textLayerOf, undecodablePercent, type TextLayer } from './pdf/scanned.js';
import { DEFAULT_SETTINGS, pdfSettings, type PageData, type PdfSettings } from './pdf/types.js';

export type { PageData } from './pdf/types.js';

export async function readPdf(bytes: Uint8Array, opts: ReadOptions = {}, settings: PdfSettings = opts.pdf ? pdfSettings(opts.pdf) : DEFAULT_SETTINGS): Promise<Doc> {
  const mode = opts.ocr ?? 'auto';
  const { pages, numPages } = await readPages(bytes, settings, opts.password);
  const layers = new Map<number, TextLayer>(pages.map((p) => [p.page, textLayerOf(p)]));
  const warnings: ReadWarning[] = [];
  const pageList = (ps: PageData[]) => ps.map((p) => p.page).join(', ');
  let ocrd: PageData[];
  if (mode === 'force') ocrd = pages;
  else if (mode === 'auto') {
    const ocrLayers: TextLayer[] = opts.ocrInvisible ? ['none', 'undecodable', 'invisible'] : ['none', 'undecodable'];
    ocrd = pages.filter((p) => ocrLayers.includes(layers.get(p.page)!));
  }
  else {
    ocrd = [];
    if (!pages.some((p) => p.items.length > 0)) {
      throw new XxgkError('no_text_layer', `the PDF has no text layer on any of its ${numPages} page(s): it is probably a scanned document; read it with --ocr auto (the default)`);
    }
    const bad = pages.filter((p) => layers.get(p.page) === 'undecodable');
    if (bad.length && !pages.some((p) => layers.get(p.page) === 'usable' || layers.get(p.page) === 'invisible')) {
      throw new XxgkError(
        'text_undecodable',
        `the text layer cannot be decoded on any page with text (page ${bad[0].page}: ${undecodablePercent(bad[0])}% of its characters have no Unicode value, fonts without ToUnicode?): read it with --ocr auto (the default)`,
      );
    }
    if (bad.length) warnings.push({ code: 'page_text_undecodable', message: `page(s) ${pageList(bad)}: text layer undecodable (fonts without ToUnicode?), their text is not read under --ocr off`, origin: { page: bad[0].page } });
  }
  const ocrSet = new Set(ocrd.map((p) => p.page));
  const invisible = pages.filter((p) => layers.get(p.page) === 'invisible' && !ocrSet.has(p.page));
  if (invisible.length) {
    const then = mode === 'auto' ? 'if its tables fail the identities, the document is read again with these pages OCR’d' : 'not checked by OCR under --ocr off';
    warnings.push({ code: 'page_text_invisible', message: `page(s) ${pageList(invisible)}: the text layer is invisible (render mode 3, a scanner's OCR layer?): read from it; ${then}`, origin: { page: invisible[0].page } });
  }
  // pages read from their text layer: undecodable ones contribute nothing (their text is glyph ids)
  const textPages = pages.filter((p) => !ocrSet.has(p.page) && layers.get(p.page) !== 'undecodable');
  const empty = textPages.filter((p) => p.items.length === 0);
  if (empty.length) warnings.push({ code: 'page_without_text', message: `page(s) ${pageList(empty)} have no text layer (images only?)`, origin: { page: empty[0].page } });
  // the other pages stay in the list, empty (their OCR'd tables are put in below), so that no table is joined across a page read neither way
  const bodySize = medianSize(textPages.flatMap((p) => p.items));
  const heights = new Map(pages.map((p) => [p.page, p.height]));
  const entries: Entry[][] = pages.map((p) => (textPages.includes(p) ? layoutPage(p, settings, bodySize) : []));
  if (!ocrd.length) return { format: 'pdf', blocks: assemble(entries, settings, heights), pages: numPages, warnings };

  const firstTable = entries.flat().filter((e) => e.kind === 'table').length;
  // the title of a report whose first page has no usable text layer is read by OCR too
  const titlePages = ocrd.some((p) => p.page === 1) && layers.get(1) !== 'usable' ? [1] : [];
  const ocr = await ocrPdfPages(bytes, ocrd.map((p) => p.page), firstTable, opts.onPage, titlePages, opts.password);
  const why = (p: PageData) => {
    const layer = layers.get(p.page);
    if (mode === 'force') return 'forced (--ocr force)';
    if (layer === 'none') return 'no text layer';
    if (layer === 'invisible') return 'invisible text layer whose tables failed the identities';
    return `text layer undecodable (${undecodablePercent(p)}% of its characters)`;
  };
  const reasons = new Map<string, number[]>();
  for (const p of ocrd) reasons.set(why(p), [...(reasons.get(why(p)) ?? []), p.page]);
  warnings.push({ code: 'page_ocr', message: `page(s) read by OCR: ${[...reasons].map(([r, ps]) => `${ps.join(', ')} (${r})`).join('; ')}`, origin: { page: ocrd[0].page } });
  warnings.push(...ocr.warnings);
  // an OCR'd page with a usable text layer (--ocr force) keeps the text outside its tables (title, headings)
  const usable = ocrd.filter((p) => layers.get(p.page) === 'usable');
  const keptBody = medianSize(usable.flatMap((p) => p.items));
  for (const p of usable) entries[pages.indexOf(p)].push(...layoutPage(p, settings, keptBody).filter((e) => e.kind === 'text'));
  // the OCR'd tables join the text pages' fragments: one join for tables continued over any page break
  addOcrEntries(entries, pages.map((p) => p.page), ocr.blocks, heights);
  const doc: Doc = { format: 'pdf', blocks: assemble(entries, settings, heights), pages: numPages, warnings };
  if (ocr.session) {
    ocr.session.reindex(doc.blocks);
    attachOcr(doc, ocr.session);
  }
  return doc;
}

export const pdfReader: Reader = {
  format: 'pdf',
  read: (bytes, opts) => readPdf(bytes, opts),
};
