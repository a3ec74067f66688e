/**
 * Reader for plain text and markdown (scraper dumps, PDF-to-markdown output,
 * OCR transcripts).
 *
 * Bytes → `decodeText` → lines. Every non-empty line becomes a text block
 * (markdown heading marks stripped); runs of consecutive table-row lines
 * become one table block:
 * - markdown pipe rows (`| a | b |`); separator rows (`|---|`) are dropped,
 *   and a separator starts a new table at the row just above it (GitHub
 *   markdown: header row + separator), so small one-row tables glued to each
 *   other stay separate blocks;
 * - tab-separated rows (≥ 2 tabs; a row with one tab continues a tab table).
 *   Trailing columns that are empty in every row of a tab table are dropped
 *   (OCR transcripts pad every row with tabs).
 * Cells are placed by index; short rows are padded (`expandGrid`), and every
 * cell keeps the 1-based line number it came from.
 *
 * Bounds (hostile or broken input; a template table is at most a dozen cells wide): a row of more
 * than MAX_ROW_CELLS cells (trailing empty cells not counted, and dropped) is not a row of the
 * table around it but a one-row table of its own, and a table whose padded grid would take the
 * document past MAX_TEXT_CELLS is read as its lines of text — both with `text_table_too_large` —
 * so one line of 200,000 pipes cannot pad every row of its table to 200,000 cells: the grid
 * stays linear in the input.
 */
import { expandGrid, type Block, type Doc, type ReadWarning, type SpanCell } from '../model.js';
import type { HtmlDocOptions } from './html.js';
import { isXxgkError } from '../errors.js';
import { dropFormatChars } from '../normalize.js';
import { decodeText, encodingWarning } from './decode.js';
import type { Reader, ReadOptions } from './types.js';

type RowKind = 'pipe' | 'pipe-sep' | 'tab' | 'tab1' | null;

const PIPE_SEP = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$/;

function rowKind(line: string): RowKind {
  // format characters (category Cf: zero-width spaces, bidi marks) do not make a row something else
  const t = dropFormatChars(line).trim();
  if (t.startsWith('|') && t.length > 1) {
    if (PIPE_SEP.test(t)) return 'pipe-sep';
    return 'pipe';
  }
  const tabs = (line.match(/\t/g) ?? []).length;
  if (tabs >= 2) return 'tab';
  if (tabs === 1) return 'tab1';
  return null;
}

/** Cells of a markdown pipe row (`\|` is a literal bar). */
export function pipeCells(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function tabCells(line: string): string[] {
  return line.split('\t').map((c) => c.trim());
}

/** Strip markdown heading marks: `#### 二、…` → `二、…`. */
export function stripHeading(line: string): string {
  const s = line.replace(/^\s{0,3}#{1,6}\s+/, '');
  // the closing sequence (` ##` and trailing space), scanned from the end: the regex /\s+#+\s*$/
  // backtracks over every run of spaces (a line of 200,000 tabs took 24 s)
  let end = s.length;
  while (end > 0 && /\s/.test(s[end - 1])) end--;
  let k = end;
  while (k > 0 && s[k - 1] === '#') k--;
  if (k === end || k === 0 || !/\s/.test(s[k - 1])) return s;
  while (k > 0 && /\s/.test(s[k - 1])) k--;
  return s.slice(0, k);
}

interface PendingRow {
  cells: string[];
  line: number;
  raw: string;
}

/** Cells a pipe or tab row may have: far more than any template table (≤ 12 with label columns). */
export const MAX_ROW_CELLS = 64;
/** Grid cells all tables of a text document may take (the HTML reader's document allowance, MAX_DOC_CELLS). */
export const MAX_TEXT_CELLS = 4_000_000;

/** Where an HTML table block opens (markdown written by scrapers and converters keeps tables with spans as HTML). */
const HTML_TABLE_START = /<table[\s>]/i;

/** The end (exclusive line index) of the HTML table block opening at line `i`: where its <table> tags balance, else the end of the text. */
function htmlTableEnd(lines: string[], i: number): number {
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    for (const m of lines[j].matchAll(/<(\/?)table[\s>]/gi)) depth += m[1] ? -1 : 1;
    if (depth <= 0) return j + 1;
  }
  return lines.length;
}

/** The HTML reader's table code (`htmlToDoc` of html.ts), handed in so that it is loaded only for text that holds HTML tables. */
export type HtmlTableReader = (html: string, opts: HtmlDocOptions) => Doc;

/**
 * Lines of text → document model. With `html` (the HTML reader's `htmlToDoc`), a block of lines
 * that opens at a `<table` and ends where its table tags balance is read by it: its tables
 * become table blocks (cells with the line of their <tr>), in order with the markdown tables.
 */
export function textToDoc(text: string, warnings: ReadWarning[] = [], html?: HtmlTableReader): Doc {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let tableIndex = 0;
  let used = 0; // grid cells of the tables so far, markdown, tab and HTML (MAX_TEXT_CELLS)
  let rows: PendingRow[] = [];
  let mode: 'pipe' | 'tab' | null = null;

  const asText = (raw: string, lineNo: number) => {
    const t = stripHeading(raw).trim();
    if (t !== '') blocks.push({ kind: 'text', text: t, origin: { line: lineNo } });
  };
  const flush = () => {
    const width = rows.reduce((w, r) => Math.max(w, r.cells.length), 0);
    if (rows.length > 0 && mode && rows.length * width > MAX_TEXT_CELLS - used) {
      warnings.push({ code: 'text_table_too_large', message: `the table of lines ${rows[0].line}–${rows[rows.length - 1].line} would pass ${MAX_TEXT_CELLS.toLocaleString('en')} grid cells in the document: read as lines of text`, origin: { line: rows[0].line } });
      for (const r of rows) asText(r.raw, r.line);
      rows = [];
    }
    if (rows.length > 0 && mode) {
      let grid = rows.map((r) => r.cells);
      if (mode === 'tab') {
        // drop trailing columns that are empty in every row
        let width = Math.max(...grid.map((r) => r.length));
        while (width > 1 && grid.every((r) => (r[width - 1] ?? '') === '')) width--;
        grid = grid.map((r) => r.slice(0, width));
      }
      const span: SpanCell[][] = grid.map((cells, i) => cells.map((c) => ({ text: c, origin: { line: rows[i].line } })));
      const block = expandGrid(span, tableIndex);
      // padding cells get the line of their row too
      block.rows.forEach((r, i) => r.forEach((c) => (c.origin.line ??= rows[i].line)));
      block.origin = { ...block.origin, line: rows[0].line };
      blocks.push(block);
      used += block.rows.length * block.cols;
      tableIndex++;
    }
    rows = [];
    mode = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    const at = html ? raw.search(HTML_TABLE_START) : -1;
    if (html && at >= 0) {
      flush();
      asText(raw.slice(0, at), lineNo); // text before the table on its line
      const end = htmlTableEnd(lines, i);
      const part = html([raw.slice(at), ...lines.slice(i + 1, end)].join('\n'), { firstTable: tableIndex, used, firstLine: lineNo });
      for (const b of part.blocks) {
        if (b.kind === 'table') {
          tableIndex++;
          used += b.rows.length * b.cols;
        }
        b.origin = b.kind === 'table' ? { ...b.origin, line: lineNo } : { line: lineNo };
        blocks.push(b);
      }
      warnings.push(...part.warnings);
      i = end - 1;
      continue;
    }
    const kind = rowKind(raw);
    let cells = kind === 'pipe' ? pipeCells(raw) : kind === 'tab' || (kind === 'tab1' && mode === 'tab') ? tabCells(raw) : null;
    if (cells && cells.length > MAX_ROW_CELLS) {
      let w = cells.length;
      while (w > 0 && cells[w - 1] === '') w--;
      if (w > MAX_ROW_CELLS) {
        // not a row of the table around it: a table of its own, so that no other row is padded to its width
        warnings.push({ code: 'text_table_too_large', message: `line ${lineNo} has ${w.toLocaleString('en')} cells (a table row has at most ${MAX_ROW_CELLS}): read as a table of its own`, origin: { line: lineNo } });
        flush();
        rows = [{ cells: cells.slice(0, w), line: lineNo, raw }];
        mode = kind === 'pipe' ? 'pipe' : 'tab';
        flush();
        continue;
      }
      cells = cells.slice(0, w); // the empty cells a row is padded with (OCR transcripts pad with tabs) carry nothing
    }
    if (kind === 'pipe-sep') {
      if (mode === 'pipe' && rows.length > 1) {
        // the row just above a separator is the header of a new table
        const header = rows.pop()!;
        flush();
        rows = [header];
        mode = 'pipe';
      } else if (mode !== 'pipe') {
        flush();
        mode = 'pipe';
      }
      continue;
    }
    if (kind === 'pipe') {
      if (mode !== 'pipe') flush();
      mode = 'pipe';
      rows.push({ cells: cells!, line: lineNo, raw });
      continue;
    }
    if (kind === 'tab' || (kind === 'tab1' && mode === 'tab')) {
      if (mode !== 'tab') flush();
      mode = 'tab';
      rows.push({ cells: cells!, line: lineNo, raw });
      continue;
    }
    flush();
    asText(raw, lineNo);
  }
  flush();
  return { format: 'text', blocks, warnings };
}

export const textReader: Reader = {
  format: 'text',
  async read(bytes: Uint8Array, _opts?: ReadOptions): Promise<Doc> {
    const d = decodeText(bytes);
    const warnings: ReadWarning[] = [];
    const w = encodingWarning(d, 'text');
    if (w) warnings.push(w);
    const text = d.text.replace(/^\ufeff/, '');
    // HTML <table> blocks in markdown: the HTML reader's table code, loaded only when there are some
    const html = HTML_TABLE_START.test(text) ? (await import('./html.js')).htmlToDoc : undefined;
    try {
      return textToDoc(text, warnings, html);
    } catch (e) {
      if (isXxgkError(e)) (e.warnings ??= []).unshift(...warnings); // the error record keeps what was raised before
      throw e;
    }
  },
};
