/**
 * Review pages (issue 16): one self-contained HTML file per report showing,
 * side by side, the source (PDF pages with a box around every extracted
 * cell; HTML/DOCX/text tables rebuilt as grids) and the extracted tables,
 * checks and warnings, linked by `data-key`. See README, "Review pages".
 */
import { readDocument } from '../read/index.js';
import type { OutputRecord } from '../schema.js';
import { renderReportPage } from './page.js';
import { pagesToShow, toSourcePages, type SourceView } from './source.js';

export { indexEntry, renderIndexPage, renderReportPage, statusOf, type IndexEntry, type ReportStatus } from './page.js';
export type { SourceView } from './source.js';

export interface ReviewOptions {
  /** Resolution of the page images (default 110 dpi: digits legible, a 6-page report under 2 MB). */
  dpi?: number;
  /** At most this many pages are rendered (default 30); the others are listed as not shown. */
  maxPages?: number;
}

export const DEFAULT_REVIEW_DPI = 110;

/**
 * The source side for a record: page images for a PDF, the document model
 * for the other formats, or a note why there is none (no bytes, an error
 * record, a source that can no longer be read). Never throws for bad input.
 */
export async function sourceViewFor(rec: OutputRecord, bytes: Uint8Array | null, opts: ReviewOptions = {}): Promise<SourceView> {
  if ('error' in rec) return { kind: 'none', reason: `no result: ${rec.error.code}` };
  if (!bytes) return { kind: 'none', reason: 'the source document was not found' };
  try {
    if (rec.source.format === 'pdf') {
      const { renderPdfPages } = await import('../read/pdf/engine/image.js');
      const want = pagesToShow(rec);
      const pages = want.length ? want : Array.from({ length: Math.min(3, rec.source.pages ?? 1) }, (_, i) => i + 1);
      const max = opts.maxPages ?? 30;
      const images = await renderPdfPages(bytes, { dpi: opts.dpi ?? DEFAULT_REVIEW_DPI, pages: pages.slice(0, max) });
      const all = Array.from({ length: rec.source.pages ?? 0 }, (_, i) => i + 1);
      const shown = new Set(images.map((i) => i.page));
      return { kind: 'pages', pages: toSourcePages(images), omitted: all.filter((p) => !shown.has(p)) };
    }
    return { kind: 'doc', doc: await readDocument(bytes, { name: rec.source.path ?? undefined }) };
  } catch (e) {
    return { kind: 'none', reason: `the source could not be shown: ${(e as Error).message}` };
  }
}

/** The review page of a record whose source bytes are at hand (or null). */
export async function reviewHtml(rec: OutputRecord, bytes: Uint8Array | null, opts: ReviewOptions = {}): Promise<string> {
  return renderReportPage(rec, await sourceViewFor(rec, bytes, opts));
}
