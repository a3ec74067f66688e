/**
 * Rows shorter than their table (a PDF-to-markdown row `| 规范性文件 | 130 | 55 |` under a
 * four-column header): the grid is padded after the row's last cell (`Cell.padding`), so reading
 * by column position would put 130 under 本年制发件数 and 55 under 本年废止件数 — a silent shift.
 * A row whose value region holds padding and fewer printed cells than the row has columns is not
 * read by position: its printed cells are one glued run with the cells as hard boundaries, for the
 * glued-digit solver and the identities (stream/runs.ts) to decide (`8801`-style agreement
 * included); cells that are not digits make every cell of the row unreadable (`cell_missing`).
 */
import type { Cell } from '../../model.js';
import { squash } from '../../normalize.js';
import type { ColumnDef } from '../../template.js';
import { enumerateSplits, runSegments } from '../glued.js';
import type { GluedRun } from '../stream/runs.js';
import { specOf } from '../stream/values.js';
import type { CellReading, ExtractWarning } from '../types.js';

/** Is this value region short: padded, with fewer printed cells than `columns`? */
export function isShortRow(valueCells: readonly Cell[], columns: number): boolean {
  return valueCells.some((c) => c.padding) && valueCells.filter((c) => !c.padding).length < columns;
}

/**
 * The glued run of a short row (`keys` are `<row>.<column>` of the table reading), or, when its
 * printed cells are not digit runs, its cells unreadable with `cell_missing` in `cells`/`warnings`.
 */
export function shortRowRun(
  valueCells: readonly Cell[],
  keys: string[],
  cols: ColumnDef[],
  what: string,
  tableId: string,
  cells: Map<string, CellReading>,
  warnings: ExtractWarning[],
): GluedRun | null {
  const printed = valueCells.filter((c) => !c.padding);
  const raw = printed.map((c) => squash(c.text)).join('\t');
  const origin = printed[0]?.origin ?? valueCells[0]?.origin ?? {};
  const segs = printed.length > 0 ? runSegments(raw) : null;
  if (segs && segs.length === printed.length) {
    const res = enumerateSplits(segs, cols.map(specOf));
    return { keys, cols, raw, origin, what: `${what} (${printed.length} cells printed for ${cols.length} columns)`, cands: res.candidates, enumerated: res.enumerated, truncated: res.truncated };
  }
  keys.forEach((k) => {
    cells.set(k, { raw, kind: 'unreadable', value: null, origin });
    warnings.push({ code: 'cell_missing', field: `${tableId}.${k}`, message: `${what} prints ${printed.length} cells for ${cols.length} columns ("${raw}"): which cell is which column cannot be told`, origin });
  });
  return null;
}
