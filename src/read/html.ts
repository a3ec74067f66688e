/**
 * HTML reader (cheerio): government CMS pages, Word-exported HTML, saved pages.
 *
 * - Charset: BOM, then <meta charset> / http-equiv Content-Type, then UTF-8
 *   validity, then GB18030 (see decode.ts).
 * - Tables: every innermost <table> (one with no table inside) becomes a grid
 *   after rowspan/colspan expansion; a table that holds other tables is page
 *   layout and is walked as a container.
 * - Text: block elements (p, div, h1–h6, li, br …) end a line; inline runs
 *   (span, font, o:p, strong) are joined in order.
 * The walk is iterative, so pathological nesting cannot overflow the stack.
 *
 * Hostile input guards (found by fuzzing): the HTML5 tree builder (parse5) is quadratic in the
 * nesting depth (20,000 nested <div>s take ~12 s), so markup nested deeper than MAX_DEPTH is
 * flattened before parsing (`limitNesting`); and row/column spans are bounded so that a few bytes of
 * `<td colspan=1000 rowspan=1000>` cannot expand into hundreds of millions of grid cells
 * (`boundSpans`).
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isXxgkError, XxgkError } from '../errors.js';
import { expandGrid, type Block, type Doc, type ReadWarning, type SpanCell } from '../model.js';
import { decodeText, encodingWarning, type Decoded } from './decode.js';
import type { Reader } from './types.js';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'svg', 'object', 'embed', 'select', 'option', 'button', 'textarea', 'input']);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'nav',
  'aside', 'main', 'blockquote', 'pre', 'center', 'form', 'fieldset', 'address', 'figure', 'figcaption', 'hr', 'tr', 'td', 'th',
  'caption', 'tbody', 'thead', 'tfoot', 'title', 'body', 'html',
]);

/** Find a declared charset in the first bytes of an HTML document. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1');
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([A-Za-z0-9_:.-]+)/i.exec(head);
  return m ? m[1] : null;
}

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function tagName(n: AnyNode): string {
  return isElement(n) ? n.name.toLowerCase() : '';
}

function hasNestedTable(table: Element): boolean {
  const stack: AnyNode[] = [...table.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isElement(n)) continue;
    if (n.name.toLowerCase() === 'table') return true;
    stack.push(...n.children);
  }
  return false;
}

/** What the walk reports: text runs, line edges (block boundaries and <br>), and elements it may hand over. */
export interface HtmlVisitor {
  text(data: string): void;
  /** A block element starts or ends, or a <br>: the current line ends. */
  edge(): void;
  /** Offered every shown, non-<br> element before its children; return true to claim it (children not walked). */
  element?(el: Element, name: string): boolean;
}

const EDGE = Symbol('edge');

/**
 * The one walk of an HTML tree, used for page text and for cell text alike, so both follow the
 * same rules: elements a browser does not show (`SKIP` tags, inline `display:none`) are dropped
 * with their content; block elements, tables and <br> end a line. Iterative: nesting depth cannot
 * overflow the stack.
 */
export function walkHtml(root: AnyNode, v: HtmlVisitor): void {
  const stack: (AnyNode | typeof EDGE)[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === EDGE) {
      v.edge();
      continue;
    }
    if (n.type === 'text') {
      v.text((n as unknown as { data: string }).data);
      continue;
    }
    const children = (n as unknown as { children?: AnyNode[] }).children;
    if (n.type === 'root') {
      for (let i = (children?.length ?? 0) - 1; i >= 0; i--) stack.push(children![i]);
      continue;
    }
    if (!isElement(n)) continue;
    const name = n.name.toLowerCase();
    if (SKIP.has(name) || styleHidden(n)) continue;
    if (name === 'br') {
      v.edge();
      continue;
    }
    if (v.element?.(n, name)) continue;
    const block = BLOCK.has(name) || name === 'table';
    if (block) {
      v.edge();
      stack.push(EDGE);
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** Text of a node: inline runs joined, block boundaries and <br> as '\n', hidden elements dropped. */
export function nodeText(root: AnyNode): string {
  let out = '';
  walkHtml(root, {
    text: (d) => {
      out += d;
    },
    edge: () => {
      if (!out.endsWith('\n')) out += '\n';
    },
  });
  return out.replace(/\u00a0/g, ' ').replace(/[ \t\r\f\v]+\n/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

function styleHidden(el: Element): boolean {
  const st = el.attribs?.style;
  return !!st && /display\s*:\s*none/i.test(st);
}

/**
 * Rows of a table: <tr> children of the table and its row groups (<thead>, <tbody>, <tfoot>), not
 * of nested tables, each with the index of its row group. <tr>s placed directly in the table (the
 * HTML parser wraps them in an implied <tbody>; flattened markup may not) form one group per run.
 */
function tableRows(table: Element): { tr: Element; group: number }[] {
  const rows: { tr: Element; group: number }[] = [];
  let group = 0;
  let loose = false;
  for (const c of table.children) {
    const t = tagName(c);
    if (t === 'tr') {
      if (!loose) group++;
      loose = true;
      rows.push({ tr: c as Element, group });
    } else if (t === 'tbody' || t === 'thead' || t === 'tfoot') {
      group++;
      loose = false;
      for (const r of (c as Element).children) if (tagName(r) === 'tr') rows.push({ tr: r as Element, group });
    }
  }
  return rows;
}

/** The HTML spec's limits: rowspan is clamped to 65534, colspan to 1000. */
export const HTML_MAX_ROWSPAN = 65534;
export const HTML_MAX_COLSPAN = 1000;

/**
 * A span attribute by the HTML rules for parsing non-negative integers (leading whitespace, an
 * optional `+`, digits; anything after them ignored): `undefined` when absent or unparsable.
 * `rowspan="0"` parses to 0, which the caller reads as "to the end of the row group"; `colspan="0"`
 * is 1 (HTML: zero, or a value that does not parse, is 1).
 */
export function spanAttr(el: Element, name: 'rowspan' | 'colspan'): number | undefined {
  const v = el.attribs?.[name];
  if (v === undefined) return undefined;
  const m = /^[\t\n\f\r ]*\+?([0-9]+)/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (name === 'colspan') return n === 0 ? undefined : Math.min(n, HTML_MAX_COLSPAN);
  return Math.min(n, HTML_MAX_ROWSPAN);
}

/** Nesting depth above which markup is flattened before parsing. Real pages stay far below 100. */
export const MAX_DEPTH = 1500;
/** Expanded grid cells allowed for one table, and for all tables of a document. */
export const MAX_TABLE_CELLS = 1_000_000;
export const MAX_DOC_CELLS = 4_000_000;
/**
 * Elements a page may hold before it is refused as too_large: the parsed DOM costs roughly
 * 1 KB per element, so 3.4M elements (a fuzzed page: 161 copied tables around 20,000 nested
 * cells) exhausted a 4 GB heap. Real report pages hold a few thousand; big CMS pages ~100k.
 */
export const MAX_ELEMENTS = 1_000_000;

function countElements(html: string, stopAt: number): number {
  let n = 0;
  const re = /<[A-Za-z]/g;
  while (re.exec(html) !== null) if (++n > stopAt) break;
  return n;
}

const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'tbody', 'thead', 'tfoot', 'colgroup', 'rb', 'rt', 'rp', 'rtc', 'caption', 'head', 'body', 'html']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'image', 'isindex', 'spacer']);
const TAG_SCAN = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(\/?)>/g;
const RAW_TEXT = /<(script|style|textarea|title|xmp|noscript|iframe|noembed|noframes)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** Upper estimate of the element nesting depth (tags with implied end tags and void tags not counted). */
export function nestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  const text = html.replace(RAW_TEXT, '');
  for (const m of text.matchAll(TAG_SCAN)) {
    const name = m[2].toLowerCase();
    if (VOID.has(name) || IMPLIED_END.has(name) || m[3] === '/') continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

const KEEP_WHEN_FLAT = new Set(['table', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'br', 'p', 'script', 'style', 'head', 'body', 'html', 'meta', 'title']);
/**
 * Markup nested deeper than MAX_DEPTH: drop every tag but the table structure and paragraphs
 * (block tags become line breaks); if that is still too deep, drop the tables too (text only).
 */
export function limitNesting(html: string): { html: string; flattened: 0 | 1 | 2 } {
  if (html.length < MAX_DEPTH * 3 || nestingDepth(html) <= MAX_DEPTH) return { html, flattened: 0 };
  const flat = html.replace(TAG_SCAN, (tag, _close: string, name: string) => {
    const n = name.toLowerCase();
    if (KEEP_WHEN_FLAT.has(n)) return tag;
    return BLOCK.has(n) ? '<br>' : '';
  });
  if (nestingDepth(flat) <= MAX_DEPTH) return { html: flat, flattened: 1 };
  const text = flat.replace(TAG_SCAN, (tag, _close: string, name: string) => {
    const n = name.toLowerCase();
    if (n === 'br' || n === 'p' || n === 'tr' || n === 'meta' || n === 'title' || n === 'head') return tag;
    return n === 'td' || n === 'th' ? ' ' : '';
  });
  return { html: text, flattened: 2 };
}

/**
 * Bound the expansion of row/column spans. The cost of expanding a table is about
 * Σ rowSpan×colSpan (cells written) plus rows × width (padding); when that exceeds the table
 * allowance (or what is left of the document's), spans are dropped (each cell counts once).
 * Real tables never come near: a report table is ~30 × 10.
 */
export function boundSpans(rows: SpanCell[][], allowance: number): { rows: SpanCell[][]; cost: number; dropped: boolean } {
  const cap = (v: number | undefined, max: number) => (v && v > 1 ? Math.min(v, max) : 1);
  let written = 0;
  let maxRow = 0;
  let carried = 0;
  rows.forEach((row, r) => {
    let sum = 0;
    for (const c of row) {
      const rs = cap(c.rowSpan, Math.min(1000, rows.length - r));
      const cs = cap(c.colSpan, 1000);
      written += rs * cs;
      sum += cs;
      if (rs > 1) carried += cs;
    }
    if (sum > maxRow) maxRow = sum;
  });
  const cost = written + rows.length * Math.min(maxRow + carried, 1000 + carried);
  if (cost <= Math.min(MAX_TABLE_CELLS, allowance)) return { rows, cost, dropped: false };
  const flat = rows.map((row) => row.map((c) => ({ ...c, rowSpan: undefined, colSpan: undefined })));
  const width = Math.max(0, ...flat.map((r) => r.length));
  return { rows: flat, cost: flat.reduce((s, r) => s + r.length, 0) + rows.length * width, dropped: true };
}

/**
 * Cells, still with their spans, of a table's visible rows. Row spans follow the HTML table
 * model: a cell never spans past the end of its row group (`<thead>`, `<tbody>`, `<tfoot>`), and
 * `rowspan="0"` spans to that end (HTML spec, "processing rows"; Word and CMS editors write it in
 * `<thead>`). Rows dropped here (hidden, or Word's cell-less ghost rows) do not count.
 */
function spanRows(table: Element, firstLine?: number): SpanCell[][] {
  const rows: { cells: SpanCell[]; group: number; zero: boolean[] }[] = [];
  for (const { tr, group } of tableRows(table)) {
    if (styleHidden(tr)) continue;
    const at = firstLine !== undefined ? tr.sourceCodeLocation?.startLine : undefined;
    const origin = at !== undefined ? { line: firstLine! + at - 1 } : undefined;
    const cells: SpanCell[] = [];
    const zero: boolean[] = [];
    for (const c of tr.children) {
      const t = tagName(c);
      if (t !== 'td' && t !== 'th') continue;
      const el = c as Element;
      const rowSpan = spanAttr(el, 'rowspan');
      zero.push(rowSpan === 0);
      cells.push({ text: nodeText(el), rowSpan: rowSpan || undefined, colSpan: spanAttr(el, 'colspan'), ...(origin ? { origin } : {}) });
    }
    // Word's zero-height ghost rows (all cells empty) carry no data
    if (cells.length === 0) continue;
    rows.push({ cells, group, zero });
  }
  // rows left in each row's group, this row included: the largest row span it may have
  const left: number[] = new Array<number>(rows.length);
  for (let r = rows.length - 1; r >= 0; r--) left[r] = r + 1 < rows.length && rows[r + 1].group === rows[r].group ? left[r + 1] + 1 : 1;
  return rows.map((row, r) =>
    row.cells.map((c, i) => {
      const rs = row.zero[i] ? left[r] : c.rowSpan !== undefined ? Math.min(c.rowSpan, left[r]) : undefined;
      return rs !== undefined && rs > 1 ? { ...c, rowSpan: rs } : { ...c, rowSpan: undefined };
    }),
  );
}

export function tableToBlock(table: Element, tableIndex: number, allowance = MAX_TABLE_CELLS): Block {
  return expandGrid(boundSpans(spanRows(table), allowance).rows, tableIndex);
}

/** Options of `htmlToDoc` for HTML inside another document (a markdown file's <table> blocks). */
export interface HtmlDocOptions {
  /** Index of the first table: the document's tables before this fragment (default 0). */
  firstTable?: number;
  /** Grid cells the document's tables before this fragment took from the allowance MAX_DOC_CELLS (default 0). */
  used?: number;
  /** 1-based line of the fragment's first line in its document: cells get the `line` of their <tr> (parse5 source locations). */
  firstLine?: number;
}

/**
 * HTML text → document model: text blocks (one per block element or <br> line) and one table block
 * per innermost <table>. Throws `too_large` for a page of more than MAX_ELEMENTS elements.
 */
export function htmlToDoc(input: string, opts: HtmlDocOptions = {}): Doc {
  const warnings: ReadWarning[] = [];
  const { html, flattened } = limitNesting(input);
  const elements = countElements(html, MAX_ELEMENTS);
  if (elements > MAX_ELEMENTS) {
    throw new XxgkError('too_large', `the page holds more than ${MAX_ELEMENTS.toLocaleString('en')} HTML elements: refused before parsing (a report page holds a few thousand)`);
  }
  if (flattened) {
    warnings.push({
      code: 'html_flattened',
      message: `the markup is nested more than ${MAX_DEPTH} levels deep; it was flattened before parsing (${flattened === 1 ? 'tables and paragraphs kept' : 'text only'})`,
    });
  }
  const $ = load(html, opts.firstLine !== undefined ? { sourceCodeLocationInfo: true } : {});
  const blocks: Block[] = [];
  let budget = Math.max(0, MAX_DOC_CELLS - (opts.used ?? 0));
  let spansDropped = 0;
  let tableIndex = opts.firstTable ?? 0;
  let line = '';
  let paragraph = 0;
  const flush = () => {
    const t = line.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
    if (t) blocks.push({ kind: 'text', text: t, origin: { paragraph: ++paragraph } });
    line = '';
  };
  walkHtml($.root()[0] as unknown as AnyNode, {
    text: (d) => {
      line += d;
    },
    edge: flush,
    element: (el, name) => {
      if (name !== 'table' || hasNestedTable(el)) return false;
      flush();
      const bounded = boundSpans(spanRows(el, opts.firstLine), budget);
      budget = Math.max(0, budget - bounded.cost);
      if (bounded.dropped) spansDropped++;
      blocks.push(expandGrid(bounded.rows, tableIndex++));
      return true;
    },
  });
  flush();
  if (spansDropped) {
    warnings.push({ code: 'html_spans_ignored', message: `${spansDropped} table(s) declare row/column spans that would expand past ${MAX_TABLE_CELLS} cells; their spans were ignored` });
  }
  return { format: 'html', blocks, warnings };
}

export const htmlReader: Reader = {
  format: 'html',
  async read(bytes) {
    let d: Decoded;
    try {
      d = decodeText(bytes, declaredCharset(bytes));
    } catch (e) {
      throw new XxgkError('corrupt_file', `cannot decode HTML: ${(e as Error).message}`, { cause: e });
    }
    const w = encodingWarning(d, 'page');
    let doc: Doc;
    try {
      doc = htmlToDoc(d.text);
    } catch (e) {
      if (w && isXxgkError(e)) (e.warnings ??= []).unshift(w); // the error record keeps the guess
      throw e;
    }
    if (w) doc.warnings.unshift(w);
    return doc;
  },
};
