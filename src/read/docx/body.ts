/**
 * WordprocessingML body → document model blocks.
 *
 * - Paragraphs become `text` blocks (trimmed; whitespace-only paragraphs are dropped).
 * - Tables become exact grids from the table's own structure (table.ts).
 * - Cell text: the cell's paragraphs joined with '\n' (empty paragraphs dropped), runs in order,
 *   kept raw (U+3000, NBSP are not trimmed).
 * - Nested tables: NOT flattened into the cell's text. Every cell that contains a table has its
 *   content (its paragraphs as text blocks and its tables as table blocks, recursively) emitted
 *   as separate blocks right after the outer table. A report wrapped in a layout table thus still
 *   yields its headings and statistical tables as blocks; the outer cell's text keeps only its
 *   own paragraphs.
 * - Text boxes (w:txbxContent in w:drawing / w:pict, the first branch of mc:AlternateContent) are
 *   not part of the paragraph or cell text; their content is emitted as blocks after the
 *   top-level block in which they are anchored.
 * - Tracked changes: w:del / w:moveFrom content and deleted rows are dropped; w:ins / w:moveTo kept.
 * - w:sdt, w:customXml, w:smartTag, w:hyperlink, w:fldSimple wrappers are transparent at every level
 *   (body, row, cell, run). Field codes (w:instrText) are not text; field results are.
 * - Automatic numbering (numbering.xml, also via paragraph styles) is rendered in front of the
 *   paragraph text (`一、` + `总体情况`), see numbering.ts; a label is hidden with its paragraph mark
 *   or by its level's own `w:vanish`.
 * - Hidden text is not read: a run whose `w:vanish` is on, directly or through the style hierarchy
 *   (document defaults, table, paragraph and character styles, see styles.ts). A paragraph whose
 *   mark is hidden (`w:pPr/w:rPr` `w:vanish` or `w:specVanish`) runs into the next paragraph, as
 *   Word shows it. `w:webHidden` text is read (Word prints it).
 * - `w:altChunk`: the blocks read beforehand from the imported part (altchunk.ts) stand in its
 *   place; inside a table cell their text joins the cell's text and their tables follow the table.
 * - Text: w:t, w:tab → '\t', w:br / w:cr → '\n', w:noBreakHyphen → '-', w:sym → its character
 *   (unless a symbol-font private-use code), m:t (math).
 * Table indices (`origin.table`) count table blocks in output order, which is document order
 * of the tables' start tags (outer table before the tables nested in it).
 */
import type { Block, ReadWarning, TextBlock } from '../../model.js';
import { W_NS, type XmlElement, type XmlNode } from './xml.js';
import type { Numberer } from './numbering.js';
import { NO_STYLES, type StyleSheet } from './styles.js';
import { readTable, type CellContent, type TableCtx } from './table.js';
import { MC_NS, altBranch, child, isW, unwrap } from './wml.js';

export { W_NS };
const MATH_NS = new Set(['http://schemas.openxmlformats.org/officeDocument/2006/math', 'http://purl.oclc.org/ooxml/officeDocument/math']);

interface Ctx extends TableCtx {
  /** Blocks from text boxes, emitted after the current top-level block. */
  pending: Block[];
  numberer?: Numberer;
  styles: StyleSheet;
  /** The `w:pStyle` of the paragraph being read. */
  pStyle?: string;
  /** Imported content by `w:altChunk` relationship id, read beforehand (see altchunk.ts). */
  chunks: Map<string, Block[]>;
  /** Relationship ids already placed (a part imported twice is placed once). */
  placed: Set<string>;
}

export interface BodyResult {
  blocks: Block[];
  warnings: ReadWarning[];
}

export interface BodyOptions {
  numberer?: Numberer;
  /** Styles of the document (hidden text through styles); default: none, only direct formatting. */
  styles?: StyleSheet;
  /** The blocks read from each `w:altChunk` part, by relationship id. */
  chunks?: Map<string, Block[]>;
}

/** Read `w:document` (its `w:body`) into blocks. */
export function readBody(documentEl: XmlElement, opts: BodyOptions = {}): BodyResult {
  const ctx: Ctx = { warnings: [], pending: [], gridCells: 0, numberer: opts.numberer, styles: opts.styles ?? NO_STYLES, chunks: opts.chunks ?? new Map(), placed: new Set() };
  const body = documentEl.children.find((c): c is XmlElement => isW(c, 'body'));
  const blocks: Block[] = [];
  if (body) {
    // blocks of text boxes follow the top-level block they are anchored in
    const flushPending = () => {
      if (ctx.pending.length) blocks.push(...ctx.pending);
      ctx.pending = [];
    };
    readBlocks(unwrap(body.children), ctx, (b) => blocks.push(b), undefined, flushPending);
    flushPending();
  }
  numberTables(blocks);
  return { blocks, warnings: ctx.warnings };
}

/** The `w:altChunk` relationship ids of a body, in document order (to read the parts beforehand). */
export function altChunkIds(documentEl: XmlElement, out: string[] = []): string[] {
  for (const c of documentEl.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'altChunk' && W_NS.has(c.ns)) {
      const id = c.attrs.id;
      if (id !== undefined) out.push(id);
    } else if (c.children.length) altChunkIds(c, out);
  }
  return out;
}

/**
 * Read a sequence of block-level elements (a body, a cell, a text box). Text blocks and tables
 * go to `emit`; when `paras` is given (inside a table cell), the raw paragraph text is also
 * collected there. A paragraph whose mark is hidden runs into the next paragraph, as Word shows
 * it. Returns true when one of the elements yielded a table.
 */
function readBlocks(els: XmlElement[], ctx: Ctx, emit: (b: Block) => void, paras?: string[], afterEach?: () => void): boolean {
  let carry = '';
  let carried = false;
  let hasTable = false;
  const para = (text: string) => {
    paras?.push(text);
    const t = text.trim();
    if (t) emit({ kind: 'text', text: t, origin: {} } satisfies TextBlock);
  };
  const flush = () => {
    if (carried) para(carry);
    carry = '';
    carried = false;
  };
  for (const el of els) {
    if (!W_NS.has(el.ns)) continue;
    if (el.name === 'p') {
      const { text, markHidden } = paragraph(el, ctx);
      if (markHidden) {
        carry += text;
        carried = true;
        continue;
      }
      para(carry + text);
      carry = '';
      carried = false;
      afterEach?.();
      continue;
    }
    if (el.name === 'tbl') {
      flush();
      for (const b of readTable(el, ctx, readCell)) emit(b);
      hasTable = true;
    } else if (el.name === 'altChunk') {
      flush();
      if (placeChunk(el, ctx, emit, para)) hasTable = true;
    }
    afterEach?.();
  }
  flush();
  return hasTable;
}

function readCell(tc: XmlElement, ctx: Ctx): CellContent {
  const paras: string[] = [];
  const blocks: Block[] = [];
  const hasTable = readBlocks(unwrap(tc.children), ctx, (b) => blocks.push(b), paras);
  return { paras, blocks, hasTable };
}

/** Put the blocks read from an altChunk's part in its place. Returns true when they hold a table. */
function placeChunk(el: XmlElement, ctx: Ctx, emit: (b: Block) => void, para: (text: string) => void): boolean {
  const id = el.attrs.id;
  const blocks = id === undefined ? undefined : ctx.chunks.get(id);
  if (!blocks || ctx.placed.has(id!)) return false; // not read: altchunk.ts said why
  ctx.placed.add(id!);
  let hasTable = false;
  for (const b of blocks) {
    if (b.kind === 'text') para(b.text);
    else {
      emit(b);
      hasTable = true;
    }
  }
  return hasTable;
}

// ---------------------------------------------------------------------------
// Paragraph text
// ---------------------------------------------------------------------------

/** A paragraph's printed text, and whether its mark is hidden (it then runs into the next one). */
function paragraph(p: XmlElement, ctx: Ctx): { text: string; markHidden: boolean } {
  const pPr = child(p, 'pPr');
  const savedStyle = ctx.pStyle;
  ctx.pStyle = child(pPr, 'pStyle')?.attrs.val;
  try {
    const markRPr = child(pPr, 'rPr');
    const out: string[] = [];
    if (ctx.numberer) {
      const label = ctx.numberer.label(pPr, ctx.styles.runHidden(markRPr, ctx.pStyle, ctx.tblStyle));
      if (label) out.push(label);
    }
    inlineText(p.children, ctx, out);
    return { text: out.join(''), markHidden: ctx.styles.markHidden(markRPr, ctx.pStyle, ctx.tblStyle) };
  } finally {
    ctx.pStyle = savedStyle;
  }
}

function inlineText(nodes: XmlNode[], ctx: Ctx, out: string[]): void {
  for (const el of unwrap(nodes)) {
    if (W_NS.has(el.ns)) {
      switch (el.name) {
        case 'r':
          runText(el, ctx, out);
          break;
        case 'ruby': {
          const base = child(el, 'rubyBase');
          if (base) inlineText(base.children, ctx, out);
          break;
        }
        case 'pPr':
        case 'rPr':
          break;
        default:
          // unknown inline containers: look inside for runs
          if (el.children.length) inlineText(el.children, ctx, out);
      }
    } else if (MATH_NS.has(el.ns)) {
      mathText(el, out);
    }
  }
}

function runText(r: XmlElement, ctx: Ctx, out: string[]): void {
  if (ctx.styles.runHidden(child(r, 'rPr'), ctx.pStyle, ctx.tblStyle)) return;
  for (const el of unwrap(r.children)) {
    if (!W_NS.has(el.ns)) {
      // e.g. a math run or an ignorable vendor element: nothing to read
      continue;
    }
    switch (el.name) {
      case 't':
        for (const c of el.children) if (typeof c === 'string') out.push(c);
        break;
      case 'tab':
      case 'ptab':
        out.push('\t');
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      case 'sym': {
        const code = parseInt(el.attrs.char ?? '', 16);
        // symbol fonts use the private-use area F000–F0FF: not meaningful text
        if (Number.isFinite(code) && code > 0 && !(code >= 0xf000 && code <= 0xf0ff)) out.push(String.fromCodePoint(code));
        break;
      }
      case 'drawing':
      case 'pict':
      case 'object':
        collectTextBoxes(el, ctx);
        break;
      case 'ruby': {
        const base = child(el, 'rubyBase');
        if (base) inlineText(base.children, ctx, out);
        break;
      }
      default:
        // instrText, delText, fldChar, rPr, footnoteReference, … carry no text of the paragraph
        break;
    }
  }
}

function mathText(el: XmlElement, out: string[]): void {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === 't') {
      for (const s of c.children) if (typeof s === 'string') out.push(s);
    } else mathText(c, out);
  }
}

/** Find w:txbxContent inside a drawing/pict (through AlternateContent branches) and queue its blocks. */
function collectTextBoxes(el: XmlElement, ctx: Ctx): void {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.ns === MC_NS && c.name === 'AlternateContent') {
      const b = altBranch(c);
      if (b) collectTextBoxes(b, ctx);
      continue;
    }
    if (isW(c, 'txbxContent')) {
      const emitted: Block[] = [];
      const savedPending = ctx.pending;
      ctx.pending = [];
      const savedTable = ctx.tblStyle;
      ctx.tblStyle = undefined; // a text box is not inside the table its anchor is in
      readBlocks(unwrap(c.children), ctx, (b) => emitted.push(b));
      ctx.tblStyle = savedTable;
      const nested = ctx.pending;
      ctx.pending = savedPending;
      ctx.pending.push(...emitted, ...nested);
      continue;
    }
    collectTextBoxes(c, ctx);
  }
}

/** Number the blocks in output order: tables 0-based (block and cells), text blocks 1-based (`paragraph`). */
function numberTables(blocks: Block[]): void {
  let t = 0;
  let p = 0;
  for (const b of blocks) {
    if (b.kind === 'text') {
      b.origin.paragraph = ++p;
      continue;
    }
    const table = t++;
    b.origin.table = table;
    for (const row of b.rows) for (const cell of row) cell.origin.table = table;
  }
}
