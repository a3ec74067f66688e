/**
 * Image reader: a PNG, JPEG or TIFF (multi-page allowed) of report pages,
 * read by OCR (src/read/ocr/). Only ruled tables are read; the text around
 * them (title, headings) is not, so `report` fields stay null.
 */
import type { Doc } from '../model.js';
import { decodeImage } from './ocr/decode.js';
import { pageDpi } from './ocr/detect.js';
import { joinOcrBlocks } from './ocr/frag.js';
import { attachOcr, ocrPages } from './ocr/index.js';
import type { ReadOptions, Reader } from './types.js';

export const imageReader: Reader = {
  format: 'image',
  async read(bytes: Uint8Array, opts: ReadOptions = {}): Promise<Doc> {
    const bitmaps = await decodeImage(bytes);
    opts.onPage?.(0, bitmaps.length);
    const { blocks, warnings, session } = await ocrPages(bitmaps.map((bitmap, i) => ({ page: i + 1, bitmap })), { titlePages: [1], ...(opts.onPage ? { onPage: opts.onPage } : {}) });
    // tables continued from one page image onto the next are joined as in a PDF (pdf/join.ts)
    const heights = new Map(bitmaps.map((b, i) => [i + 1, b.height / (pageDpi(b) / 72)]));
    const doc: Doc = { format: 'image', blocks: joinOcrBlocks(blocks, heights, session), pages: bitmaps.length, warnings };
    attachOcr(doc, session);
    return doc;
  },
};
