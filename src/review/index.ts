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
  /** Resolution of the page images (default 120 dpi: digits legible; a 6-page report is about 0.5 MB). */
  dpi?: number;
  /** At most this many pages are rendered (default 30), pages holding extracted cells first; the others are listed as not shown. */
  maxPages?: number;
  /** User password of an encrypted PDF (to render its pages). */
  password?: string;
}

export const DEFAULT_REVIEW_DPI = 120;

/**
 * The pages to render, in page order: every page holding a cell (even past
 * the limit), then the other pages from the first until `max` pages.
 */
export function choosePages(withCells: number[], pageCount: number, max: number): number[] {
  const chosen = new Set(withCells.filter((p) => p >= 1 && p <= pageCount));
  for (let p = 1; p <= pageCount && chosen.size < max; p++) chosen.add(p);
  return [...chosen].sort((a, b) => a - b);
}

/**
 * The source side for a record: page images for a PDF, the document model
 * for the other formats, or a note why there is none (no bytes, an error
 * record, a source that can no longer be read). Never throws for bad input.
 */
export async function sourceViewFor(rec: OutputRecord, bytes: Uint8Array | null, opts: ReviewOptions = {}): Promise<SourceView> {
  if (!bytes) return { kind: 'none', reason: 'error' in rec ? `no result: ${rec.error.code}` : 'the source document was not found' };
  try {
    if ('error' in rec) {
      // a PDF without a result (a scan without text, not a report, …): its first pages as they are
      if (rec.source.format !== 'pdf') return { kind: 'none', reason: `no result: ${rec.error.code}` };
      const { renderPdfPages } = await import('../read/pdf/engine/image.js');
      const max = Math.min(opts.maxPages ?? 30, 10);
      const images = await renderPdfPages(bytes, { dpi: opts.dpi ?? DEFAULT_REVIEW_DPI, pages: Array.from({ length: max }, (_, i) => i + 1), password: opts.password });
      return { kind: 'pages', pages: toSourcePages(images), omitted: [] };
    }
    if (rec.source.format === 'pdf') {
      const { renderPdfPages } = await import('../read/pdf/engine/image.js');
      const images = await renderPdfPages(bytes, { dpi: opts.dpi ?? DEFAULT_REVIEW_DPI, pages: choosePages(pagesToShow(rec), rec.source.pages ?? 1, opts.maxPages ?? 30), password: opts.password });
      const all = Array.from({ length: rec.source.pages ?? 0 }, (_, i) => i + 1);
      const shown = new Set(images.map((i) => i.page));
      return { kind: 'pages', pages: toSourcePages(images), omitted: all.filter((p) => !shown.has(p)) };
    }
    return { kind: 'doc', doc: await readDocument(bytes, { name: rec.source.path ?? undefined, ...(opts.password ? { password: opts.password } : {}) }) };
  } catch (e) {
    return { kind: 'none', reason: `the source could not be shown: ${(e as Error).message}` };
  }
}

/** The review page of a record whose source bytes are at hand (or null). */
export async function reviewHtml(rec: OutputRecord, bytes: Uint8Array | null, opts: ReviewOptions = {}): Promise<string> {
  return renderReportPage(rec, await sourceViewFor(rec, bytes, opts));
}
