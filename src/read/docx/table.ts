/**
 * WordprocessingML tables → exact grids: `w:tblGrid` column count, `w:gridBefore`/`w:gridAfter`
 * (skipped grid positions), `w:gridSpan`, `w:vMerge` restart/continue (a continuation extends the
 * cell that owns the same grid column in the rows above, also across positions left empty by
 * gridBefore/gridAfter) and legacy `w:hMerge`. Deleted rows (tracked changes) are dropped.
 * Cell content is read by the body reader (passed in as `readCell`), so paragraphs, hidden text
 * and nested tables follow the same rules everywhere.
 */
import type { Block, GridCell, ReadWarning } from '../../model.js';
import { gridToTable, newCellId } from '../../model.js';
import type { XmlElement } from './xml.js';
import { child, intAttr, isW, unwrap } from './wml.js';

/** Safety net on absurd grids (a table is rectangular, so rows × cols cells are materialized). */
const MAX_COLS = 1000;
const MAX_GRID_CELLS = 2_000_000;

/** What the table reader shares with the body reader. */
export interface TableCtx {
  warnings: ReadWarning[];
  /** Grid cells materialized so far in this document (all tables). */
  gridCells: number;
  /** The `w:tblStyle` of the innermost table being read (hidden text can come from it). */
  tblStyle?: string;
}

/** The content of one cell: its paragraphs' text, and blocks (when it holds a nested table). */
export interface CellContent {
  paras: string[];
  blocks: Block[];
  hasTable: boolean;
}

/** A source cell while the grid is built: top-left (r0, c0), last row covered r1. */
interface SrcCell { id: number; text: string; r0: number; c0: number; r1: number; colSpan: number }

/** Read one `w:tbl`: the table block followed by the blocks of cells that contain nested tables. */
export function readTable<C extends TableCtx>(tbl: XmlElement, ctx: C, readCell: (tc: XmlElement, ctx: C) => CellContent): Block[] {
  const saved = ctx.tblStyle;
  ctx.tblStyle = child(child(tbl, 'tblPr'), 'tblStyle')?.attrs.val;
  try {
    return readGrid(tbl, ctx, readCell);
  } finally {
    ctx.tblStyle = saved;
  }
}

function readGrid<C extends TableCtx>(tbl: XmlElement, ctx: C, readCell: (tc: XmlElement, ctx: C) => CellContent): Block[] {
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
      const { paras, blocks: cellBlocks, hasTable } = readCell(tc, ctx);
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
