/**
 * The format-neutral document model. Every reader (PDF, DOCX, HTML, text)
 * turns its input into a `Doc`; the extractor reads only this.
 *
 * A document is an ordered list of blocks: text (headings, paragraphs, lines)
 * and tables. Tables are rectangular grids after rowspan/colspan expansion:
 * every grid position holds a `Cell`; a merged cell appears at every position
 * it covers, with the same `id` and `merged` set on all but its top-left one.
 */

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

/** A diagnostic raised while reading (before extraction). */
export interface ReadWarning {
  code: string;
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

/**
 * Expand spans into an occupancy grid. Positions never covered by any cell are
 * filled with empty cells so that the grid is rectangular.
 */
export function expandGrid(rows: SpanCell[][], tableIndex?: number, page?: number): TableBlock {
  const grid: (Cell | undefined)[][] = [];
  let cols = 0;
  const MAX_SPAN = 1000;
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const sc of row) {
      while (grid[r][c]) c++;
      const rs = clampSpan(sc.rowSpan, Math.min(MAX_SPAN, rows.length - r));
      const cs = clampSpan(sc.colSpan, MAX_SPAN);
      const id = newCellId();
      for (let dr = 0; dr < rs; dr++) {
        const rr = r + dr;
        grid[rr] ??= [];
        for (let dc = 0; dc < cs; dc++) {
          const cell: Cell = {
            text: sc.text,
            id,
            origin: { ...(sc.origin ?? {}), ...(tableIndex !== undefined ? { table: tableIndex } : {}), ...(page !== undefined ? { page } : {}), row: r, col: c },
          };
          if (rs > 1) cell.rowSpan = rs;
          if (cs > 1) cell.colSpan = cs;
          if (dr > 0 || dc > 0) cell.merged = true;
          grid[rr][c + dc] = cell;
        }
      }
      c += cs;
      cols = Math.max(cols, c);
    }
  });
  const out: Cell[][] = grid.map((row, r) => {
    const filled: Cell[] = [];
    for (let c = 0; c < cols; c++) {
      filled.push(
        row?.[c] ?? {
          text: '',
          id: newCellId(),
          origin: { ...(tableIndex !== undefined ? { table: tableIndex } : {}), ...(page !== undefined ? { page } : {}), row: r, col: c },
        },
      );
    }
    return filled;
  });
  return { kind: 'table', rows: out, cols, origin: { ...(tableIndex !== undefined ? { table: tableIndex } : {}), ...(page !== undefined ? { page } : {}) } };
}

function clampSpan(v: number | undefined, max: number): number {
  if (v === undefined || !Number.isFinite(v) || v < 1) return 1;
  return Math.max(1, Math.min(Math.floor(v), Math.max(1, max)));
}
