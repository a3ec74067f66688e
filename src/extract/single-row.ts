/**
 * Tables printed as a single row of values (template shape `row`: table 四, three blocks of five
 * outcome columns), shared by the grid and the stream strategy: the cells in template order and
 * the reading of a value row given in that order.
 */
import type { ColumnDef, RowDef, TableDef } from '../template.js';
import type { CellReading } from './types.js';

export interface RowCell {
  row: RowDef;
  col: ColumnDef;
  /** `<row>.<column>` key of the table reading. */
  key: string;
}

/** The cells of a single-row table in template order: block by block, column by column. */
export function singleRowCells(def: TableDef): RowCell[] {
  return def.rows.flatMap((row) => row.columns.map((col) => ({ row, col, key: `${row.key}.${col.key}` })));
}

/**
 * Read a value row whose values are given in template order (exactly one per cell): each value
 * through `read`; every block is found.
 */
export function readRowInOrder<T>(def: TableDef, values: readonly T[], read: (value: T, cell: RowCell) => CellReading): { cells: Map<string, CellReading>; rowsFound: Set<string> } {
  const order = singleRowCells(def);
  if (values.length !== order.length) throw new Error(`readRowInOrder: ${values.length} values for ${order.length} cells`);
  const cells = new Map<string, CellReading>();
  order.forEach((c, i) => cells.set(c.key, read(values[i], c)));
  return { cells, rowsFound: new Set(def.rows.map((r) => r.key)) };
}
