/**
 * Grid strategy, table 二 (shape `blocks`): caption rows (第二十条…) start a block, a header row
 * (信息内容 …) names its columns, label rows below are read under them.
 */
import type { Cell, TableBlock } from '../../model.js';
import { normLabel } from '../../normalize.js';
import { AD_CAPTION_PREFIX, type ColumnDef, type TableDef } from '../../template.js';
import { isColumnLabel, matchLabel } from '../labels.js';
import type { CellReading, ExtractWarning, TableReading } from '../types.js';
import { distinct, readCell } from './cells.js';
import { isShortRow, shortRowRun } from './short-rows.js';
import { headerMoneyUnit } from '../units.js';
import { resolveRuns, type GluedRun } from '../stream/runs.js';


/** A header cell's text without the header marker it starts with (`信息内容本年制发件数` → `本年制发件数`). */
function stripMarker(norm: string, markers: string[]): string {
  const m = markers.map(normLabel).find((x) => norm.startsWith(x));
  return m ? norm.slice(m.length) : norm;
}

export function readActiveGrid(parts: TableBlock[], def: TableDef): TableReading | null {
  const warnings: ExtractWarning[] = [];
  const cells = new Map<string, CellReading>();
  const rowsFound = new Set<string>();
  const runs: GluedRun[] = [];
  let any = false;
  for (const t of parts) {
    let header: Cell[] | null = null;
    for (const row of t.rows) {
      const d = distinct(row);
      if (d.length === 0) continue;
      const firstText = normLabel(d[0].text);
      if (d.length === 1 || firstText.startsWith(normLabel(AD_CAPTION_PREFIX))) {
        header = null; // a caption row starts a new block
        continue;
      }
      const marker = def.headerMarkers.map(normLabel).find((m) => firstText.startsWith(m));
      if (marker) {
        header = d.slice(1);
        continue;
      }
      const m = matchLabel(d[0].text, def.rows, { allowFuzzy: false });
      if (!m) continue;
      const rowDef = m.def;
      if (rowsFound.has(rowDef.key)) {
        warnings.push({ code: 'row_duplicate', field: `active_disclosure.${rowDef.key}`, message: `row ${rowDef.label} printed twice; the first one is kept` });
        continue;
      }
      any = true;
      rowsFound.add(rowDef.key);
      const values = d.slice(1);
      if (isShortRow(values, rowDef.columns.length)) {
        const keys = rowDef.columns.map((c) => `${rowDef.key}.${c.key}`);
        const run = shortRowRun(values, keys, rowDef.columns, `row ${rowDef.label}`, def.id, cells, warnings);
        if (run) runs.push(run);
        continue;
      }
      const headerTexts = header?.map((h) => stripMarker(normLabel(h.text), def.headerMarkers)) ?? null;
      const colIndex = (col: ColumnDef): number => {
        if (!headerTexts) return -1;
        let k = headerTexts.findIndex((h) => isColumnLabel(h, col));
        if (k < 0) k = headerTexts.findIndex((h) => [col.label, ...(col.aliases ?? [])].some((a) => h.includes(normLabel(a))));
        return k;
      };
      rowDef.columns.forEach((col, i) => {
        const field = `active_disclosure.${rowDef.key}.${col.key}`;
        let cell: Cell | undefined;
        const k = colIndex(col);
        if (header && k >= 0 && header.length === values.length) {
          cell = values[k];
        } else if (header && k >= 0) {
          // counts differ: take the cell under the header cell's first grid column
          const hc = header[k];
          const gc = hc.origin.col ?? -1;
          cell = gc >= 0 ? row[gc] : undefined;
        } else if (values.length === rowDef.columns.length) {
          cell = values[i];
          if (header) warnings.push({ code: 'column_not_found', field, message: `block header does not name ${col.label}; taken by its position in the row` });
        } else {
          warnings.push({ code: 'column_not_found', field, message: `no header cell names ${col.label} and the row has ${values.length} value cells` });
        }
        const headerUnit = header && k >= 0 && col.unit ? headerMoneyUnit(header[k].text) : null;
        cells.set(`${rowDef.key}.${col.key}`, readCell(cell, col, field, warnings, rowDef.label, headerUnit));
      });
    }
  }
  if (runs.length > 0) {
    // table 二 has no identity: a short row is read where its printed cells allow one split (or agree)
    const res = resolveRuns(def, runs, cells, []);
    for (const [k, c] of res.cells) cells.set(k, c);
    warnings.push(...res.warnings);
  }
  return any ? { cells, warnings, rowsFound } : null;
}
