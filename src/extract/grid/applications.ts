/**
 * Grid strategy, table 三 (shape `rows`): columns located by the applicant header labels (a
 * missing one inferred between named ones), rows matched by label; unmatched rows placed by
 * position only where the rows matched around them leave exactly as many free rows.
 */
import type { Cell, TableBlock } from '../../model.js';
import { normLabel, squash } from '../../normalize.js';
import { APPLICANT_COLUMNS, APPLICATIONS, layoutOf, rowsOf, type RowDef, type TemplateVersion } from '../../template.js';
import { isColumnLabel } from '../labels.js';
import type { CellReading, ExtractWarning, TableReading } from '../types.js';
import { distinct, isNumberish, matchRow, readCell, spansOneColumn } from './cells.js';
import { isShortRow, shortRowRun } from './short-rows.js';
import { resolveRuns, type GluedRun } from '../stream/runs.js';
import { identityInstances } from '../../validate/identities.js';


/** Grid column of each applicant column, from header cells that name it. */
function applicantColumnMap(t: TableBlock, headerRows: number, warnings: ExtractWarning[], part: number): Map<string, number> | null {
  const map = new Map<string, number>();
  for (const col of APPLICANT_COLUMNS) {
    for (let r = 0; r < headerRows && !map.has(col.key); r++) {
      t.rows[r].forEach((cell, c) => {
        if (map.has(col.key) || !spansOneColumn(cell)) return;
        if (isColumnLabel(cell.text, col)) map.set(col.key, c);
      });
    }
  }
  if (map.size === 0) return null;
  // infer missing columns when the found ones sit at consecutive grid columns in template order
  const keys = APPLICANT_COLUMNS.map((c) => c.key);
  const found = keys.map((k, i) => ({ i, c: map.get(k) })).filter((x) => x.c !== undefined) as { i: number; c: number }[];
  const base = found[0].c - found[0].i;
  const consistent = found.every((x) => x.c - x.i === base);
  if (map.size < keys.length) {
    if (consistent && map.size >= 4) {
      for (let i = 0; i < keys.length; i++) {
        if (map.has(keys[i])) continue;
        const c = base + i;
        if (c < 0 || c >= t.cols) continue;
        map.set(keys[i], c);
        warnings.push({
          code: 'column_inferred',
          field: `applications.*.${keys[i]}`,
          message: `header of table 三 (part ${part + 1}) does not name column ${APPLICANT_COLUMNS[i].label}; placed at grid column ${c} between the named columns`,
          origin: t.origin,
        });
      }
    }
  }
  return map;
}

/** Header rows are the leading rows before the first row whose label matches a row definition (or that has labels and values). */
function firstDataRow(t: TableBlock, defs: readonly RowDef[]): number {
  for (let r = 0; r < t.rows.length; r++) {
    if (isHeaderLike(t.rows[r])) continue;
    const texts = distinct(t.rows[r]).map((c) => c.text).filter((s) => s.trim() && !isNumberish(s));
    if (texts.some((s) => matchRow(s, defs, false)) || (texts.length > 0 && distinct(t.rows[r]).some((c) => isNumberish(c.text)))) return r;
  }
  return t.rows.length;
}

interface DataRow {
  r: number;
  labelCells: Cell[];
  match: RowDef | null;
}

/** The data rows of one part: label cells (left of the first value column) matched to a row definition (`label_fuzzy` when approximate). */
function dataRows(t: TableBlock, first: number, map: Map<string, number> | null, defs: readonly RowDef[], warnings: ExtractWarning[]): DataRow[] {
  const firstValueCol = map && map.size ? Math.min(...map.values()) : -1;
  const data: DataRow[] = [];
  for (let r = first; r < t.rows.length; r++) {
    const row = t.rows[r];
    if (isHeaderLike(row)) continue;
    let labelCells: Cell[];
    let valueCells: Cell[];
    if (firstValueCol >= 0) {
      labelCells = distinct(row.filter((_, c) => c < firstValueCol));
      valueCells = [...map!.values()].map((c) => row[c]);
    } else {
      // no header at all: label cells are the non-numeric cells before the trailing run of values
      const d = distinct(row);
      let k = d.length;
      while (k > 0 && (isNumberish(d[k - 1].text) || !d[k - 1].text.trim())) k--;
      labelCells = d.slice(0, k);
      valueCells = d.slice(k);
    }
    const labels = labelCells.map((c) => c.text).filter((s) => s.trim());
    const hasValues = valueCells.some((c) => c && isNumberish(c.text));
    if (labels.length === 0 && !hasValues) continue;
    const match = matchDataRow(labels, defs);
    if (!match && !hasValues) continue;
    data.push({ r, labelCells, match: match?.def ?? null });
    if (match?.how === 'fuzzy') {
      warnings.push({ code: 'label_fuzzy', field: `applications.${match.def.key}`, message: `row label "${squash(labels.join(''))}" matched "${match.def.label}" only approximately (score ${match.score.toFixed(2)})`, origin: row[0]?.origin });
    }
  }
  return data;
}

function isHeaderLike(row: Cell[]): boolean {
  return row.some((c) => APPLICANT_COLUMNS.some((col) => isColumnLabel(c.text, col)) || APPLICATIONS.headerMarkers.some((m) => normLabel(c.text).includes(normLabel(m))));
}

export function readApplicationsGrid(parts: TableBlock[], version: TemplateVersion): TableReading | null {
  const warnings: ExtractWarning[] = [];
  const cells = new Map<string, CellReading>();
  const rowsFound = new Set<string>();
  const defs = APPLICATIONS.rows;
  let prevMap: Map<string, number> | null = null;
  let prevCols = -1;
  let any = false;
  const runs: GluedRun[] = [];

  parts.forEach((t, part) => {
    const first = firstDataRow(t, defs);
    let map = applicantColumnMap(t, first, warnings, part);
    if (!map || map.size < APPLICANT_COLUMNS.length) {
      if (prevMap && prevCols === t.cols) {
        map = prevMap;
      } else if (!map || map.size === 0) {
        map = null;
      }
    }
    if (map && map.size < APPLICANT_COLUMNS.length) {
      for (const col of APPLICANT_COLUMNS) {
        if (!map.has(col.key)) warnings.push({ code: 'column_not_found', field: `applications.*.${col.key}`, message: `table 三 (part ${part + 1}): no header cell names column ${col.label}`, origin: t.origin });
      }
    }
    const data = dataRows(t, first, map, defs, warnings);
    if (data.length === 0) return;
    any = true;
    resolveByPosition(data, defs, version, warnings);
    if (!map || map.size === 0) {
      // no column header at all: take the values in template column order only when the row has exactly as many as the template's columns
      for (const d of data) {
        if (!d.match) continue;
        const row = distinct(t.rows[d.r]);
        const values = row.slice(d.labelCells.length);
        if (values.length !== APPLICANT_COLUMNS.length) {
          warnings.push({ code: 'columns_unknown', field: `applications.${d.match.key}`, message: `no column header and ${values.length} value cells (${APPLICANT_COLUMNS.length} expected): row left unread`, origin: row[0]?.origin });
          continue;
        }
        warnings.push({ code: 'columns_by_order', field: `applications.${d.match.key}`, message: `no column header found; values taken in template column order (row has exactly ${APPLICANT_COLUMNS.length} value cells)`, origin: row[0]?.origin });
        addRow(d.match, APPLICANT_COLUMNS.map((_, i) => values[i]));
      }
    } else {
      const firstValueCol = Math.min(...map.values());
      for (const d of data) {
        if (!d.match) continue;
        const row = t.rows[d.r];
        const valueRegion = distinct(row).filter((c) => (c.origin.col ?? -1) >= firstValueCol);
        if (isShortRow(valueRegion, APPLICANT_COLUMNS.length) && !rowsFound.has(d.match.key)) {
          // fewer cells printed than columns: not read by position (short-rows.ts)
          rowsFound.add(d.match.key);
          const keys = APPLICANT_COLUMNS.map((c) => `${d.match!.key}.${c.key}`);
          const run = shortRowRun(valueRegion, keys, APPLICANT_COLUMNS, `row ${d.match.label}`, 'applications', cells, warnings);
          if (run) runs.push(run);
          continue;
        }
        addRow(d.match, APPLICANT_COLUMNS.map((col) => (map!.has(col.key) ? row[map!.get(col.key)!] : undefined)));
      }
      prevMap = map;
      prevCols = t.cols;
    }
  });

  function addRow(def: RowDef, values: (Cell | undefined)[]) {
    if (rowsFound.has(def.key)) {
      warnings.push({ code: 'row_duplicate', field: `applications.${def.key}`, message: `row ${def.label} printed twice; the first one is kept` });
      return;
    }
    rowsFound.add(def.key);
    APPLICANT_COLUMNS.forEach((col, i) => {
      const field = `applications.${def.key}.${col.key}`;
      const cell = values[i];
      if (cell && cell.colSpan && cell.colSpan > 1) {
        warnings.push({ code: 'cell_spans_columns', field, message: `value cell spans ${cell.colSpan} columns: cannot tell which column "${squash(cell.text)}" belongs to`, origin: cell.origin });
        cells.set(`${def.key}.${col.key}`, { raw: cell.text, kind: 'unreadable', value: null, origin: cell.origin });
        return;
      }
      if (!cell) {
        cells.set(`${def.key}.${col.key}`, { raw: null, kind: 'unreadable', value: null });
        return;
      }
      cells.set(`${def.key}.${col.key}`, readCell(cell, col, field, warnings));
    });
  }

  if (runs.length > 0) {
    const res = resolveRuns(APPLICATIONS, runs, cells, identityInstances(layoutOf(version, rowsFound), 'applications'));
    for (const [k, c] of res.cells) cells.set(k, c);
    warnings.push(...res.warnings);
  }
  return any ? { cells, warnings, rowsFound } : null;
}

/** Match a data row from its label cells (rightmost first, then joined forms). */
function matchDataRow(labels: string[], defs: readonly RowDef[]) {
  if (labels.length === 0) return null;
  const last = labels[labels.length - 1];
  const tries = [last, labels.join(''), labels.slice(-2).join('')];
  for (const t of tries) {
    const m = matchRow(t, defs, false);
    if (m) return m;
  }
  // a group label alone in the rightmost cell means a single-row group (2019 （六）其他处理)
  let best: ReturnType<typeof matchRow> = null;
  for (const t of tries) {
    const m = matchRow(t, defs, true);
    if (m && (!best || m.score > best.score)) best = m;
  }
  return best;
}

/**
 * Rows whose label could not be matched are placed by position only when the
 * rows matched around them leave exactly as many free template rows as there
 * are unmatched rows between them.
 */
function resolveByPosition(
  data: DataRow[],
  defs: readonly RowDef[],
  version: TemplateVersion,
  warnings: ExtractWarning[],
) {
  const used = new Set(data.filter((d) => d.match).map((d) => d.match!.key));
  const order = rowsOf(APPLICATIONS, layoutOf(version, used)).filter((d) => defs.includes(d));
  const idx = (key: string) => order.findIndex((d) => d.key === key);
  let i = 0;
  while (i < data.length) {
    if (data[i].match) {
      i++;
      continue;
    }
    let j = i;
    while (j < data.length && !data[j].match) j++;
    const before = i > 0 ? idx(data[i - 1].match!.key) : -1;
    const after = j < data.length ? idx(data[j].match!.key) : order.length;
    const free = order.slice(before + 1, after < 0 ? order.length : after).filter((d) => !used.has(d.key));
    const gap = data.slice(i, j);
    if (before >= -1 && after > before && free.length === gap.length) {
      gap.forEach((d, k) => {
        d.match = free[k];
        used.add(free[k].key);
        const label = squash(d.labelCells.map((c) => c.text).join(''));
        warnings.push({
          code: 'label_by_position',
          field: `applications.${free[k].key}`,
          message: `row label "${label}" not recognised; placed as ${free[k].label} because it is the only row between its neighbours`,
          origin: d.labelCells[0]?.origin,
        });
      });
    } else {
      for (const d of gap) {
        const label = squash(d.labelCells.map((c) => c.text).join(''));
        warnings.push({ code: 'row_unmatched', message: `table 三 row "${label}" matches no template row; its values are not used`, origin: d.labelCells[0]?.origin });
      }
    }
    i = j;
  }
}
