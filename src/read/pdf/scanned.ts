/**
 * Scanned PDFs (issue 11): which pages have a usable text layer, and the OCR
 * of those that do not — each rendered by PDFium at 200 dpi with colour kept
 * (the OCR reader drops a red seal through the red channel) and read by the
 * OCR pipeline (src/read/ocr/).
 */
import type { Block, ReadWarning, TableBlock, TextBlock } from '../../model.js';
import { ocrPages, withText } from '../ocr/entry.js';
import type { OcrSession } from '../ocr/session.js';
import { renderPdfPages } from './engine/image.js';
import type { PageData } from './types.js';

export { OCR_MODES, type OcrMode } from '../types.js';

/** A text layer with more than this share of undecodable characters is unusable (issue 11). */
export const MAX_UNDECODABLE_SHARE = 0.1;
/** Resolution pages are rendered at for OCR (the OCR reader was tuned at 200 dpi). */
export const OCR_DPI = 200;

/**
 * The state of a page's text layer:
 * - `none`: no text at all (an image-only page);
 * - `undecodable`: more than 10% of its characters are control or private-use
 *   characters or have no Unicode value (fonts without ToUnicode);
 * - `invisible`: most of its text is invisible (render mode 3: a scanner's OCR
 *   layer under the page image), readable but of unknown quality;
 * - `usable`: the rest.
 */
export type TextLayer = 'none' | 'undecodable' | 'invisible' | 'usable';

export function textLayerOf(p: PageData): TextLayer {
  const g = p.glyphs;
  if (!p.items.length || (g && g.chars === 0)) return 'none';
  if (!g) return 'usable';
  if (g.undecodable > g.chars * MAX_UNDECODABLE_SHARE) return 'undecodable';
  if (g.invisible > g.chars / 2) return 'invisible';
  return 'usable';
}

/** Share of a page's characters that are undecodable, as a percentage for messages. */
export function undecodablePercent(p: PageData): number {
  const g = p.glyphs;
  return g && g.chars ? Math.round((g.undecodable / g.chars) * 100) : 0;
}

/**
 * Render the given pages at 200 dpi in colour and OCR them, one page at a
 * time (a 200 dpi colour A4 page is ~12 MB). Tables are numbered from
 * `firstTable`. `onPage(0, total)` is called first, then after each page. On failure the OCR workers are closed before rethrowing.
 * `titlePages`: pages whose first lines of text above the tables are read too (the title of a
 * report whose first page has no usable text layer). `password`: the user password of an encrypted PDF.
 */
export async function ocrPdfPages(
  bytes: Uint8Array,
  pages: number[],
  firstTable: number,
  onPage?: (done: number, total: number) => void,
  titlePages: number[] = [],
  password?: string,
): Promise<{ blocks: Block[]; warnings: ReadWarning[]; session: OcrSession | undefined }> {
  const blocks: TableBlock[] = [];
  const texts: TextBlock[] = [];
  const warnings: ReadWarning[] = [];
  let session: OcrSession | undefined;
  onPage?.(0, pages.length);
  try {
    for (const [i, page] of pages.entries()) {
      const [img] = await renderPdfPages(bytes, { dpi: OCR_DPI, color: true, pages: [page], ...(password ? { password } : {}) });
      if (!img) continue;
      const bitmap = { width: img.width, height: img.height, channels: img.channels, data: img.data, dpi: img.dpi };
      const r = await ocrPages([{ page, bitmap }], { firstTable: firstTable + blocks.length, titlePages, ...(session ? { session } : {}) });
      session = r.session;
      for (const b of r.blocks) {
        if (b.kind === 'table') blocks.push(b);
        else texts.push(b);
      }
      warnings.push(...r.warnings);
      onPage?.(i + 1, pages.length);
    }
  } catch (e) {
    await session?.close();
    throw e;
  }
  // tables continued over page breaks are joined by the PDF reader (pdf/join.ts, through ocr/frag.ts)
  return { blocks: withText(texts, blocks), warnings, session };
}
