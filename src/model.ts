/**
 * The format-neutral document model. Every reader (PDF, DOCX, HTML, text)
 * turns its input into a `Doc`; the extractor reads only this.
 *
 * A document is an ordered list of blocks: text (headings, paragraphs, lines)
 * and tables. Tables are rectangular grids after rowspan/colspan expansion:
 * every grid position holds a `Cell`; a merged cell appears at every position
 * it covers, with the same `id` and `merged` set on all but its top-left one.
 */
import type { WarningCode } from './diagnostics.js';

/** Where a block or cell came from in the source. All fields optional. */
export interface Origin {
  /** 1-based PDF page number. */
  page?: number;
  /** 0-based index of the table among the document's tables (HTML/DOCX/text). */
  table?: number;
  /** 0-based grid row / column inside that table. */
  row?: number;
  col?: number;
  /** 1-based line number in a text source. */
  line?: number;
  /**
   * HTML and DOCX text blocks: 1-based number of the block among the document's text blocks
   * (a paragraph, a heading, a line ended by <br>). Cheap and stable; HTML source lines would
   * need parse5 locations, which cost ~60% more parse time (measured on pingtan-2023 ×20).
   */
  paragraph?: number;
  /** PDF user-space position (points, origin bottom-left) of the text's first item. */
  x?: number;
  y?: number;
  /** PDF and OCR'd page images: the cell's box (points, top-left origin of the upright page; OCR: pixels ÷ dpi/72). */
  bbox?: BBox;
  /** PDF: a cell continued over page breaks, its box on each page in reading order (the first is `bbox`). */
  bbox_parts?: BBox[];
}

/** A box on a page: `x`, `y` of its top-left corner and its width and height, in PDF points, top-left origin of the upright page. */
export interface BBox {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Cell {
  /** Cell text as read: runs joined in order, line breaks inside the cell kept as '\n'. */
  text: string;
  origin: Origin;
  /** Identity of the source cell: equal for every grid position a merged cell covers. */
  id: number;
  /** True on the positions a merged cell covers other than its top-left one. */
  merged?: boolean;
  rowSpan?: number;
  colSpan?: number;
  /** Set when part of the cell's text may be lost (PDF: a row cut at a page foot, its continuation not found): why. A number read from it is not certain. */
  incomplete?: string;
  /** OCR confidence of the cell's text, 0–1 (OCR'd cells only). */
  confidence?: number;
  /** True on a grid position no source cell covers (a row shorter than its table): nothing was printed there, not even an empty cell. */
  padding?: boolean;
}

export interface TextBlock {
  kind: 'text';
  text: string;
  origin: Origin;
}

export interface TableBlock {
  kind: 'table';
  /** rows[r][c]; every row has the same length (`cols`). */
  rows: Cell[][];
  cols: number;
  origin: Origin;
}

export type Block = TextBlock | TableBlock;

/** `image`: a PNG, JPEG or TIFF page image, read by OCR. */
export type SourceFormat = 'pdf' | 'docx' | 'html' | 'text' | 'image';

/** A diagnostic raised while reading (before extraction); `code` is declared in diagnostics.ts. */
export interface ReadWarning {
  code: WarningCode;
  message: string;
  origin?: Origin;
}

export interface Doc {
  format: SourceFormat;
  blocks: Block[];
  /** PDF page count. */
  pages?: number;
  warnings: ReadWarning[];
}

/** Build a rectangular grid from rows of cells that carry rowSpan/colSpan (HTML table algorithm). */
export interface SpanCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  origin?: Origin;
}

let nextCellId = 1;
export function newCellId(): number {
  return nextCellId++;
}

/** A source cell placed on a grid: its top-left position, its spans, its identity. */
export interface GridCell {
  id: number;
  text: string;
  /** Top-left grid position. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Origin fields of the source cell (PDF page, …); `row`/`col` are set from the grid. */
  origin?: Origin;
}

/**
 * THE grid builder: an occupancy grid (`occupancy[r][c]` = the source cell covering that
 * position, or nothing) → a rectangular `TableBlock`. Every covered position holds the cell
 * (same `id`; `merged` on all but its top-left position; `rowSpan`/`colSpan` when > 1);
 * uncovered positions get empty cells marked `padding`. Cell origins are `{ ...cell.origin, ...base, row, col }`
 * with the top-left position; the table's origin is `base`. Readers decide the occupancy (HTML's
 * table algorithm in `expandGrid`, DOCX `vMerge`/`gridSpan` in read/docx/body.ts; PDF ruling
 * grids can use it too) and build the block here.
 */
export function gridToTable(occupancy: readonly (readonly (GridCell | undefined)[] | undefined)[], cols: number, base: Origin = {}): TableBlock {
  const rows: Cell[][] = occupancy.map((row, r) => {
    const out: Cell[] = [];
    for (let c = 0; c < cols; c++) {
      const s = row?.[c];
      if (!s) {
        out.push({ text: '', id: newCellId(), origin: { ...base, row: r, col: c }, padding: true });
        continue;
      }
      const cell: Cell = { text: s.text, id: s.id, origin: { ...(s.origin ?? {}), ...base, row: s.row, col: s.col } };
      if (s.rowSpan > 1) cell.rowSpan = s.rowSpan;
      if (s.colSpan > 1) cell.colSpan = s.colSpan;
      if (r !== s.row || c !== s.col) cell.merged = true;
      out.push(cell);
    }
    return out;
  });
  return { kind: 'table', rows, cols, origin: { ...base } };
}

/**
 * Expand spans into an occupancy grid (the HTML table algorithm: each cell takes the next free
 * position of its row) and build the table with `gridToTable`. Spans are clamped to the rows
 * that exist and to 1000.
 */
export function expandGrid(rows: SpanCell[][], tableIndex?: number, page?: number): TableBlock {
  const grid: (GridCell | undefined)[][] = [];
  let cols = 0;
  const MAX_SPAN = 1000;
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const sc of row) {
      while (grid[r][c]) c++;
      const rs = clampSpan(sc.rowSpan, Math.min(MAX_SPAN, rows.length - r));
      const cs = clampSpan(sc.colSpan, MAX_SPAN);
      const cell: GridCell = { id: newCellId(), text: sc.text, row: r, col: c, rowSpan: rs, colSpan: cs, origin: sc.origin };
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = cell;
      }
      c += cs;
      cols = Math.max(cols, c);
    }
  });
  const base: Origin = { ...(tableIndex !== undefined ? { table: tableIndex } : {}), ...(page !== undefined ? { page } : {}) };
  return gridToTable(grid.slice(0, rows.length), cols, base);
}

function clampSpan(v: number | undefined, max: number): number {
  if (v === undefined || !Number.isFinite(v) || v < 1) return 1;
  return Math.max(1, Math.min(Math.floor(v), Math.max(1, max)));
}
