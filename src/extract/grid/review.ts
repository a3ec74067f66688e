/**
 * Grid strategy, table 四 (shape `row`): the leaf header cells name the five outcome columns of
 * each of the three blocks; the value row is the first row below them that names no column.
 */
import type { Cell, TableBlock } from '../../model.js';
import type { ColumnDef } from '../../template.js';
import { normLabel } from '../../normalize.js';
import { OUTCOME_COLUMNS, REVIEW_LITIGATION } from '../../template.js';
import { isColumnLabel } from '../labels.js';
import { readRowInOrder, singleRowCells, type RowCell } from '../single-row.js';
import type { ExtractWarning, TableReading } from '../types.js';
import { distinct, isNumberish, readCell, spansOneColumn } from './cells.js';


/** Value cells of table 四's single row: every column of every block (3 × 5). */
const REVIEW_CELLS = singleRowCells(REVIEW_LITIGATION).length;

export function readReviewGrid(parts: TableBlock[]): TableReading | null {
  const warnings: ExtractWarning[] = [];
  for (const t of parts) {
    // leaf header cells: the five outcome labels, single-column cells; the data row is the
    // first row below them that names no column (its cells may be blank, as in the blank template)
    let dataRow = -1;
    const leaves: { col: number; def: ColumnDef; r: number }[] = [];
    const seen = new Set<number>();
    for (let r = 0; r < t.rows.length; r++) {
      const row = t.rows[r];
      let leafHere = false;
      row.forEach((cell, c) => {
        if (!spansOneColumn(cell)) return;
        const def = OUTCOME_COLUMNS.find((col) => isColumnLabel(cell.text, col));
        if (!def) return;
        leafHere = true;
        if (seen.has(cell.id)) return;
        seen.add(cell.id);
        leaves.push({ col: c, def, r });
      });
      const fresh = row.some((cell) => !cell.merged);
      if (!leafHere && leaves.length > 0 && fresh && !row.some((cell) => REVIEW_LITIGATION.headerMarkers.some((m) => cell.text.includes(m)))) {
        dataRow = r;
        break;
      }
    }
    if (dataRow < 0) continue;
    leaves.sort((a, b) => a.col - b.col);
    const headerText = t.rows.slice(0, dataRow).flatMap((row) => distinct(row).map((c) => normLabel(c.text))).join('|');
    const blockOrder = REVIEW_LITIGATION.rows.map((r) => headerText.indexOf(normLabel(r.label)));
    const blocksInOrder = blockOrder.every((p) => p >= 0);
    const row = t.rows[dataRow];
    const read = (cell: Cell | undefined, c: RowCell) => readCell(cell, c.col, `review_litigation.${c.key}`, warnings);
    const labelsOk =
      leaves.length === REVIEW_CELLS && leaves.every((l, i) => l.def.key === OUTCOME_COLUMNS[i % OUTCOME_COLUMNS.length].key) && blocksInOrder;
    if (labelsOk) return { ...readRowInOrder(REVIEW_LITIGATION, leaves.map((l) => row[l.col]), read), warnings };
    // header damaged: fall back to the data row's value cells in template order, when there are exactly as many as cells
    const values = distinct(row).filter((c) => c.text.trim() !== '');
    if (values.length === REVIEW_CELLS && values.every((c) => isNumberish(c.text)) && headerText.includes(normLabel(REVIEW_LITIGATION.rows[0].label))) {
      warnings.push({
        code: 'columns_by_order',
        field: 'review_litigation',
        message: `table 四 header names ${leaves.length} of ${REVIEW_CELLS} columns; the row's ${REVIEW_CELLS} values were taken in template column order`,
        origin: row[0]?.origin,
      });
      return { ...readRowInOrder(REVIEW_LITIGATION, values, read), warnings };
    }
    warnings.push({ code: 'table_unreadable', field: 'review_litigation', message: `table 四 header names ${leaves.length} of ${REVIEW_CELLS} columns and the value row has ${values.length} cells: not read` });
  }
  return warnings.length ? { cells: new Map(), warnings, rowsFound: new Set() } : null;
}
