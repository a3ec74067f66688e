/**
 * The title of a scanned report: the first lines of text at the top of its first page, above the
 * first ruled table, read with `chi_sim` as lines. Only the top lines are read (a title wraps
 * over two at most), never the prose below: reading free text is slow and the report's numbers
 * are all in the tables. The extractor finds the title among text blocks as for any reader
 * (src/extract/meta.ts), and the agency and year come from it.
 */
import type { TextBlock } from '../../model.js';
import { crop, type Box } from './bitmap.js';
import { median, whiten } from './binarize.js';
import type { PageLayout } from './detect.js';
import { PSM_LINE, type OcrEngine } from './engine.js';

/** Lines read from the top of the page. */
const MAX_LINES = 2;
/** A text line is at least this high (points): specks and rules are thinner, a title's glyphs taller. */
const MIN_LINE_PT = 7;

/** A line of text read at the top of the page, as a text block, with its confidence (0–1). */
export interface TitleLine {
  block: TextBlock;
  confidence: number;
}

/**
 * Rows of ink above `bottom` (page px) grouped into text lines (runs of rows with ink, split
 * by at least 1 pt of white), top first, each with the x-extent of its ink.
 */
function textLines(l: PageLayout, bottom: number, pt: number): Box[] {
  const { width } = l.gray;
  const out: Box[] = [];
  let start = -1, white = 0, x0 = width, x1 = 0;
  const minInk = Math.max(2, Math.round(pt / 2));
  const close = (end: number) => {
    if (start >= 0 && end - start >= MIN_LINE_PT * pt && x1 > x0) out.push({ x0, y0: start, x1, y1: end });
    start = -1;
    x0 = width;
    x1 = 0;
  };
  for (let y = 0; y < bottom && out.length < MAX_LINES; y++) {
    let n = 0, a = -1, b = -1;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (!l.ink[row + x]) continue;
      n++;
      if (a < 0) a = x;
      b = x;
    }
    // a row of ink across most of the page is a rule or the scan's edge, not text
    if (n >= minInk && b - a < 0.95 * width) {
      if (start < 0) start = y;
      white = 0;
      x0 = Math.min(x0, a);
      x1 = Math.max(x1, b + 1);
    } else if (start >= 0 && ++white >= pt) close(y - white + 1);
  }
  if (out.length < MAX_LINES) close(bottom);
  return out;
}

/**
 * Read the first lines of text above the page's first ruled table (the whole page when it has
 * none) and keep them up to the first that names a report (`报告`, `年报`: a title wrapped over
 * two lines keeps both); none when no line does (a scan starting with prose). `page` is 1-based.
 */
export async function readTitleLines(l: PageLayout, engine: OcrEngine, page: number): Promise<TitleLine[]> {
  const pt = l.dpi / 72;
  const bottom = l.grids.length ? Math.max(0, Math.min(...l.grids.map((g) => g.box.y0)) - Math.round(pt)) : l.gray.height;
  const out: TitleLine[] = [];
  for (const line of textLines(l, bottom, pt)) {
    if (out.some((t) => /报告|年报/.test(t.block.text))) break;
    const pad = Math.round(4 * pt);
    const box = { x0: line.x0 - pad, y0: line.y0 - pad, x1: line.x1 + pad, y1: line.y1 + pad };
    const img = crop(l.gray, box);
    const r = await engine.readText(whiten(img, median(img)), PSM_LINE);
    const text = r.text.replace(/\s+/g, '');
    if (!text) continue;
    out.push({
      confidence: r.confidence,
      block: { kind: 'text', text, origin: { page, x: Math.round((line.x0 / pt) * 100) / 100, y: Math.round(((l.gray.height - line.y1) / pt) * 100) / 100 } },
    });
  }
  const end = out.findIndex((t) => /报告|年报/.test(t.block.text));
  return end < 0 ? [] : out.slice(0, end + 1);
}
