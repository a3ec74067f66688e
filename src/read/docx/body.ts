/**
 * WordprocessingML body → document model blocks.
 *
 * - Paragraphs become `text` blocks (trimmed; whitespace-only paragraphs are dropped).
 * - Tables become exact grids from the table's own structure: `w:tblGrid` column count,
 *   `w:gridBefore`/`w:gridAfter` (skipped grid positions), `w:gridSpan`, `w:vMerge`
 *   restart/continue (a continuation extends the cell that owns the same grid column in the
 *   rows above, also across positions left empty by gridBefore/gridAfter) and legacy
 *   `w:hMerge`.
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
 *   paragraph text (`一、` + `总体情况`), see numbering.ts.
 * - Hidden runs (w:rPr/w:vanish) are not read.
 * - Text: w:t, w:tab → '\t', w:br / w:cr → '\n', w:noBreakHyphen → '-', w:sym → its character
 *   (unless a symbol-font private-use code), m:t (math).
 * Table indices (`origin.table`) count table blocks in output order, which is document order
 * of the tables' start tags (outer table before the tables nested in it).
 */
import type { Block, GridCell, ReadWarning, TextBlock } from '../../model.js';
import { gridToTable, newCellId } from '../../model.js';
import type { XmlElement, XmlNode } from './xml.js';
import type { Numberer } from './numbering.js';

export const W_NS = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const MATH_NS = new Set(['http://schemas.openxmlformats.org/officeDocument/2006/math', 'http://purl.oclc.org/ooxml/officeDocument/math']);

/** Safety net on absurd grids (a table is rectangular, so rows × cols cells are materialized). */
const MAX_COLS = 1000;
const MAX_GRID_CELLS = 2_000_000;

interface Ctx {
  warnings: ReadWarning[];
  /** Blocks from text boxes, emitted after the current top-level block. */
  pending: Block[];
  gridCells: number;
  numberer?: Numberer;
}

const isW = (n: XmlNode, name?: string): n is XmlElement => typeof n !== 'string' && W_NS.has(n.ns) && (name === undefined || n.name === name);
const isMc = (n: XmlNode, name: string): n is XmlElement => typeof n !== 'string' && n.ns === MC_NS && n.name === name;

function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (isW(c, name)) return c;
  return undefined;
}

function intAttr(el: XmlElement | undefined, name = 'val'): number | undefined {
  if (!el) return undefined;
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Wrapper elements whose content counts as if it stood in their place. */
const TRANSPARENT = new Set(['customXml', 'smartTag', 'ins', 'moveTo', 'hyperlink', 'fldSimple', 'dir', 'bdo']);
/** Elements whose content is dropped (tracked deletions). */
const DROPPED = new Set(['del', 'moveFrom']);

/**
 * The children of `el` with wrappers unfolded: sdt → sdtContent, customXml/ins/… → their
 * content, mc:AlternateContent → its first Choice (or Fallback), deletions dropped.
 */
function unwrap(nodes: XmlNode[], out: XmlElement[] = []): XmlElement[] {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    if (W_NS.has(n.ns)) {
      if (n.name === 'sdt') {
        const content = child(n, 'sdtContent');
        if (content) unwrap(content.children, out);
        continue;
      }
      if (TRANSPARENT.has(n.name)) {
        unwrap(n.children, out);
        continue;
      }
      if (DROPPED.has(n.name)) continue;
      out.push(n);
    } else if (n.ns === MC_NS && n.name === 'AlternateContent') {
      const branch = altBranch(n);
      if (branch) unwrap(branch.children, out);
    } else {
      out.push(n);
    }
  }
  return out;
}

function altBranch(alt: XmlElement): XmlElement | undefined {
  let fallback: XmlElement | undefined;
  for (const c of alt.children) {
    if (isMc(c, 'Choice')) return c;
    if (isMc(c, 'Fallback')) fallback ??= c;
  }
  return fallback;
}

export interface BodyResult {
  blocks: Block[];
  warnings: ReadWarning[];
}

/** Read `w:document` (its `w:body`) into blocks. */
export function readBody(documentEl: XmlElement, numberer?: Numberer): BodyResult {
  const ctx: Ctx = { warnings: [], pending: [], gridCells: 0, numberer };
  const body = documentEl.children.find((c): c is XmlElement => isW(c, 'body'));
  const blocks: Block[] = [];
  if (body) {
    for (const el of unwrap(body.children)) {
      readBlock(el, ctx, (b) => blocks.push(b), undefined);
      if (ctx.pending.length) {
        blocks.push(...ctx.pending);
        ctx.pending = [];
      }
    }
  }
  numberTables(blocks);
  return { blocks, warnings: ctx.warnings };
}

/**
 * Read one block-level element. Text blocks and tables go to `emit`; when `paras` is given
 * (inside a table cell), the raw paragraph text is also collected there.
 * Returns true when the element was a table.
 */
function readBlock(el: XmlElement, ctx: Ctx, emit: (b: Block) => void, paras: string[] | undefined): boolean {
  if (!W_NS.has(el.ns)) return false;
  if (el.name === 'p') {
    const text = paragraphText(el, ctx);
    paras?.push(text);
    const t = text.trim();
    if (t) emit({ kind: 'text', text: t, origin: {} } satisfies TextBlock);
    return false;
  }
  if (el.name === 'tbl') {
    for (const b of readTable(el, ctx)) emit(b);
    return true;
  }
  if (el.name === 'altChunk') {
    ctx.warnings.push({ code: 'docx_altchunk_ignored', message: 'the document imports external content (w:altChunk), which is not read' });
  }
  return false;
}

// ---------------------------------------------------------------------------
// Paragraph text
// ---------------------------------------------------------------------------

function paragraphText(p: XmlElement, ctx: Ctx): string {
  const out: string[] = [];
  if (ctx.numberer) {
    const label = ctx.numberer.label(child(p, 'pPr'));
    if (label) out.push(label);
  }
  inlineText(p.children, ctx, out);
  return out.join('');
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

/** Hidden text (w:vanish) is not printed. */
function isHidden(r: XmlElement): boolean {
  const rPr = child(r, 'rPr');
  const v = rPr && child(rPr, 'vanish');
  return v !== undefined && v.attrs.val !== 'false' && v.attrs.val !== '0' && v.attrs.val !== 'off';
}

function runText(r: XmlElement, ctx: Ctx, out: string[]): void {
  if (isHidden(r)) return;
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
      for (const inner of unwrap(c.children)) readBlock(inner, ctx, (b) => emitted.push(b), undefined);
      const nested = ctx.pending;
      ctx.pending = savedPending;
      ctx.pending.push(...emitted, ...nested);
      continue;
    }
    collectTextBoxes(c, ctx);
  }
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

/** A source cell while the grid is built: top-left (r0, c0), last row covered r1. */
interface SrcCell { id: number; text: string; r0: number; c0: number; r1: number; colSpan: number }

/** Returns the table block followed by the blocks of cells that contain nested tables. */
function readTable(tbl: XmlElement, ctx: Ctx): Block[] {
  const tblGrid = child(tbl, 'tblGrid');
  const gridCols = tblGrid ? tblGrid.children.filter((c) => isW(c, 'gridCol')).length : 0;
  const grid: (SrcCell | undefined)[][] = [];
  const after: Block[] = [];
  let cols = gridCols;
  let r = 0;
  for (const tr of unwrap(tbl.children)) {
    if (!isW(tr, 'tr')) continue;
    const trPr = child(tr, 'trPr');
    if (trPr && (child(trPr, 'del') || child(trPr, 'moveFrom'))) continue; // deleted row
    const gridBefore = Math.max(0, Math.min(MAX_COLS, intAttr(trPr && child(trPr, 'gridBefore')) ?? 0));
    const gridAfter = Math.max(0, Math.min(MAX_COLS, intAttr(trPr && child(trPr, 'gridAfter')) ?? 0));
    const row: (SrcCell | undefined)[] = [];
    grid[r] = row;
    let c = gridBefore;
    for (const tc of unwrap(tr.children)) {
      if (!isW(tc, 'tc')) continue;
      const tcPr = child(tc, 'tcPr');
      const span = Math.max(1, Math.min(MAX_COLS, intAttr(tcPr && child(tcPr, 'gridSpan')) ?? 1));
      if (c + span > MAX_COLS) {
        ctx.warnings.push({ code: 'docx_table_too_wide', message: `a table row is wider than ${MAX_COLS} grid columns; the rest of the row is ignored` });
        break;
      }
      const vMergeEl = tcPr && child(tcPr, 'vMerge');
      const vMerge = vMergeEl ? (vMergeEl.attrs.val === 'restart' ? 'restart' : 'continue') : undefined;
      const hMergeEl = tcPr && child(tcPr, 'hMerge');
      const hContinue = hMergeEl !== undefined && hMergeEl.attrs.val !== 'restart';

      // cell content
      const paras: string[] = [];
      const cellBlocks: Block[] = [];
      let hasTable = false;
      for (const el of unwrap(tc.children)) {
        if (readBlock(el, ctx, (b) => cellBlocks.push(b), paras)) hasTable = true;
      }
      if (hasTable) after.push(...cellBlocks);
      const text = paras.filter((s) => s !== '').join('\n');

      let owner: SrcCell | undefined;
      if (vMerge === 'continue') {
        // the cell owning this grid column in the nearest row above that has a cell there
        for (let rr = r - 1; rr >= 0 && !owner; rr--) {
          const above = grid[rr][c];
          if (above) owner = above;
        }
        if (owner) {
          for (let rr = owner.r1 + 1; rr < r; rr++) {
            for (let cc = c; cc < c + span; cc++) grid[rr][cc] ??= owner; // bridge gridBefore/After gaps
          }
          owner.r1 = Math.max(owner.r1, r);
        } else {
          ctx.warnings.push({ code: 'docx_vmerge_orphan', message: `a vertically merged cell continues nothing (row ${r}, column ${c}); read as its own cell` });
        }
      } else if (hContinue) {
        const left = c > 0 ? row[c - 1] : undefined;
        if (left && left.r0 === r) {
          owner = left;
          owner.colSpan += span;
        }
      }
      if (owner) {
        if (text.trim() !== '') owner.text = owner.text ? `${owner.text}\n${text}` : text;
      } else {
        owner = { id: newCellId(), text, r0: r, c0: c, r1: r, colSpan: span };
      }
      for (let cc = c; cc < c + span; cc++) row[cc] = owner;
      c += span;
    }
    cols = Math.max(cols, c + gridAfter);
    r++;
  }
  const nRows = r;
  if (gridCols && cols !== gridCols) {
    ctx.warnings.push({ code: 'docx_grid_mismatch', message: `table rows span ${cols} grid columns but w:tblGrid declares ${gridCols}` });
  }
  ctx.gridCells += nRows * cols;
  if (ctx.gridCells > MAX_GRID_CELLS) {
    ctx.warnings.push({ code: 'docx_table_too_large', message: `tables exceed ${MAX_GRID_CELLS} grid cells in total; the rest is skipped` });
    return after;
  }

  // the occupancy grid, built into a table by the model's one grid builder
  const placed = new Map<SrcCell, GridCell>();
  const at = (s: SrcCell) => placed.get(s) ?? placed.set(s, { id: s.id, text: s.text, row: s.r0, col: s.c0, rowSpan: s.r1 - s.r0 + 1, colSpan: s.colSpan }).get(s)!;
  const table = gridToTable(grid.slice(0, nRows).map((row) => row.map((s) => (s ? at(s) : undefined))), cols);
  return [table, ...after];
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
