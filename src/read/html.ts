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
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { XxgkError } from '../errors.js';
import { expandGrid, type Block, type Doc, type SpanCell } from '../model.js';
import { decodeText } from './decode.js';
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

/** Text of a node: inline runs joined, block boundaries and <br> as '\n'. */
export function nodeText(root: AnyNode): string {
  let out = '';
  const stack: (AnyNode | '\n')[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === '\n') {
      if (!out.endsWith('\n')) out += '\n';
      continue;
    }
    if (n.type === 'text') {
      out += (n as unknown as { data: string }).data;
      continue;
    }
    if (!isElement(n)) continue;
    const name = n.name.toLowerCase();
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      out += '\n';
      continue;
    }
    const block = BLOCK.has(name);
    if (block) stack.push('\n');
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    if (block && n !== root) stack.push('\n');
  }
  return out.replace(/\u00a0/g, ' ').replace(/[ \t\r\f\v]+\n/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

function styleHidden(el: Element): boolean {
  const st = el.attribs?.style;
  return !!st && /display\s*:\s*none/i.test(st);
}

/** Rows of a table: <tr> children of the table and its row groups, not of nested tables. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const c of table.children) {
    const t = tagName(c);
    if (t === 'tr') rows.push(c as Element);
    else if (t === 'tbody' || t === 'thead' || t === 'tfoot') {
      for (const r of (c as Element).children) if (tagName(r) === 'tr') rows.push(r as Element);
    }
  }
  return rows;
}

function spanAttr(el: Element, name: string): number | undefined {
  const v = el.attribs?.[name];
  if (v === undefined) return undefined;
  const n = parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function tableToBlock(table: Element, tableIndex: number): Block {
  const rows: SpanCell[][] = [];
  for (const tr of tableRows(table)) {
    if (styleHidden(tr)) continue;
    const cells: SpanCell[] = [];
    for (const c of tr.children) {
      const t = tagName(c);
      if (t !== 'td' && t !== 'th') continue;
      const el = c as Element;
      cells.push({ text: nodeText(el), rowSpan: spanAttr(el, 'rowspan'), colSpan: spanAttr(el, 'colspan') });
    }
    // Word's zero-height ghost rows (all cells empty) carry no data
    if (cells.length === 0) continue;
    rows.push(cells);
  }
  return expandGrid(rows, tableIndex);
}

export function htmlToDoc(html: string): Doc {
  const $ = load(html);
  const blocks: Block[] = [];
  let tableIndex = 0;
  let line = '';
  const flush = () => {
    const t = line.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
    if (t) blocks.push({ kind: 'text', text: t, origin: {} });
    line = '';
  };
  const root = $.root()[0] as unknown as AnyNode;
  const stack: (AnyNode | 'flush')[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === 'flush') {
      flush();
      continue;
    }
    if (n.type === 'text') {
      line += (n as unknown as { data: string }).data;
      continue;
    }
    if (n.type === 'root') {
      for (let i = (n as unknown as Element).children.length - 1; i >= 0; i--) stack.push((n as unknown as Element).children[i]);
      continue;
    }
    if (!isElement(n)) continue;
    const name = n.name.toLowerCase();
    if (SKIP.has(name) || styleHidden(n)) continue;
    if (name === 'br') {
      flush();
      continue;
    }
    if (name === 'table' && !hasNestedTable(n)) {
      flush();
      blocks.push(tableToBlock(n, tableIndex++));
      continue;
    }
    const block = BLOCK.has(name) || name === 'table';
    if (block) {
      flush();
      stack.push('flush');
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  flush();
  return { format: 'html', blocks, warnings: [] };
}

export const htmlReader: Reader = {
  format: 'html',
  async read(bytes) {
    let text: string;
    try {
      text = decodeText(bytes, declaredCharset(bytes)).text;
    } catch (e) {
      throw new XxgkError('corrupt_file', `cannot decode HTML: ${(e as Error).message}`, { cause: e });
    }
    return htmlToDoc(text);
  },
};
