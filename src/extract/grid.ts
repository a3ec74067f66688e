/**
 * The grid strategy: read tables 二/三/四 from table blocks (HTML, DOCX, PDF
 * ruling/alignment grids, tab/pipe text tables). Rows are matched by their
 * labels, columns by their header labels; a value is taken from the grid
 * cell where the matched row and column meet. Nothing is taken by counting
 * numbers in the document.
 */
import type { Cell, TableBlock } from '../model.js';
import { normLabel, parseValue, squash } from '../normalize.js';
import {
  AD_CAPTION_PREFIX,
  APPLICANT_COLUMNS,
  APPLICATIONS,
  layoutOf,
  parseOptionsOf,
  rowsOf,
  OUTCOME_COLUMNS,
  REVIEW_LITIGATION,
  type ColumnDef,
  type RowDef,
  type TableDef,
  type TemplateVersion,
} from '../template.js';
import { isColumnLabel, matchLabel } from './labels.js';
import type { CellReading, ExtractWarning, TableReading } from './types.js';

// ------------------------------------------------------------------ helpers

function distinct(row: Cell[]): Cell[] {
  const seen = new Set<number>();
  const out: Cell[] = [];
  for (const c of row) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

function spansOneColumn(c: Cell): boolean {
  return !c.colSpan || c.colSpan <= 1;
}

type EnumKind = 'cn' | 'paren' | 'num' | null;
function enumKind(text: string): EnumKind {
  const n = normLabel(text);
  if (/^[一二三四五六七八九十]+[、.,]/.test(n)) return 'cn';
  if (/^\([一二三四五六七八九十]+\)/.test(n)) return 'paren';
  if (/^[0-9]{1,2}\./.test(n)) return 'num';
  return null;
}

/** Match a row label, refusing a match whose enumeration style contradicts the definition's. */
export function matchRow(text: string, defs: readonly RowDef[], allowFuzzy = true) {
  const k = enumKind(text);
  const pool = k ? defs.filter((d) => {
    const dk = enumKind(d.label);
    return dk === null || dk === k;
  }) : defs;
  return matchLabel(text, pool, { allowFuzzy });
}

export function readCell(
  cell: Cell | undefined,
  col: ColumnDef,
  field: string,
  warnings: ExtractWarning[],
  rowLabel?: string,
): CellReading {
  if (!cell) {
    warnings.push({ code: 'cell_missing', field, message: 'no grid cell under this column in the row' });
    return { raw: null, kind: 'unreadable', value: null };
  }
  let raw = cell.text;
  let text = raw;
  if (rowLabel) {
    // OCR transcripts repeat the row label inside value cells ("行政处罚 545")
    const nl = normLabel(rowLabel);
    const nt = normLabel(text);
    if (nl && nt.startsWith(nl) && nt.length > nl.length) {
      text = nt.slice(nl.length);
      warnings.push({ code: 'label_in_value', field, message: `value cell repeats the row label: "${squash(raw)}"`, origin: cell.origin });
    }
  }
  const p = parseValue(text, parseOptionsOf(col));
  if (p.kind === 'number' && p.note) {
    warnings.push({ code: 'cell_note', field, message: `cell holds more than a number: "${squash(raw)}"; took ${p.decimal}`, origin: cell.origin });
  } else if (p.kind === 'text') {
    warnings.push({ code: 'cell_text', field, message: `cell holds text, not a number: "${squash(raw)}"`, origin: cell.origin });
  }
  return { raw, kind: p.kind, value: p.value, decimal: p.decimal, origin: cell.origin };
}

const isNumberish = (t: string) => {
  const p = parseValue(t, { signed: true, decimal: true });
  return p.kind === 'number' || p.kind === 'dash';
};

// ------------------------------------------------------------------ table 三

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

  parts.forEach((t, part) => {
    // header rows: leading rows before the first row whose label matches a row definition
    let first = t.rows.length;
    for (let r = 0; r < t.rows.length; r++) {
      if (isHeaderLike(t.rows[r])) continue;
      const texts = distinct(t.rows[r]).map((c) => c.text).filter((s) => s.trim() && !isNumberish(s));
      if (texts.some((s) => matchRow(s, defs, false)) || (texts.length > 0 && distinct(t.rows[r]).some((c) => isNumberish(c.text)))) {
        first = r;
        break;
      }
    }
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
    // rows
    const firstValueCol = map && map.size ? Math.min(...map.values()) : -1;
    type DataRow = { r: number; labelCells: Cell[]; match: RowDef | null; how: string };
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
      data.push({ r, labelCells, match: match?.def ?? null, how: match?.how ?? 'none' });
      if (match?.how === 'fuzzy') {
        warnings.push({ code: 'label_fuzzy', field: `applications.${match.def.key}`, message: `row label "${squash(labels.join(''))}" matched "${match.def.label}" only approximately (score ${match.score.toFixed(2)})`, origin: row[0]?.origin });
      }
    }
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
      for (const d of data) {
        if (!d.match) continue;
        const row = t.rows[d.r];
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
  data: { r: number; match: RowDef | null; labelCells: Cell[] }[],
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

// ------------------------------------------------------------------ table 二

/** A header cell's text without the header marker it starts with (`信息内容本年制发件数` → `本年制发件数`). */
function stripMarker(norm: string, markers: string[]): string {
  const m = markers.map(normLabel).find((x) => norm.startsWith(x));
  return m ? norm.slice(m.length) : norm;
}

export function readActiveGrid(parts: TableBlock[], def: TableDef): TableReading | null {
  const warnings: ExtractWarning[] = [];
  const cells = new Map<string, CellReading>();
  const rowsFound = new Set<string>();
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
        cells.set(`${rowDef.key}.${col.key}`, readCell(cell, col, field, warnings, rowDef.label));
      });
    }
  }
  return any ? { cells, warnings, rowsFound } : null;
}

// ------------------------------------------------------------------ table 四

/** Value cells of table 四's single row: every column of every block (3 × 5). */
const REVIEW_CELLS = REVIEW_LITIGATION.rows.reduce((n, r) => n + r.columns.length, 0);

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
    const cells = new Map<string, CellReading>();
    const rowsFound = new Set<string>();
    const labelsOk =
      leaves.length === REVIEW_CELLS && leaves.every((l, i) => l.def.key === OUTCOME_COLUMNS[i % OUTCOME_COLUMNS.length].key) && blocksInOrder;
    if (labelsOk) {
      REVIEW_LITIGATION.rows.forEach((b, bi) => {
        rowsFound.add(b.key);
        OUTCOME_COLUMNS.forEach((col, ci) => {
          const leaf = leaves[bi * OUTCOME_COLUMNS.length + ci];
          const field = `review_litigation.${b.key}.${col.key}`;
          cells.set(`${b.key}.${col.key}`, readCell(row[leaf.col], col, field, warnings));
        });
      });
      return { cells, warnings, rowsFound };
    }
    // header damaged: fall back to the data row's value cells in template order, when there are exactly as many as cells
    const values = distinct(row).filter((c) => c.text.trim() !== '');
    if (values.length === REVIEW_CELLS && values.every((c) => isNumberish(c.text)) && headerText.includes(normLabel(REVIEW_LITIGATION.rows[0].label))) {
      warnings.push({
        code: 'columns_by_order',
        field: 'review_litigation',
        message: `table 四 header names ${leaves.length} of ${REVIEW_CELLS} columns; the row's ${REVIEW_CELLS} values were taken in template column order`,
        origin: row[0]?.origin,
      });
      REVIEW_LITIGATION.rows.forEach((b, bi) => {
        rowsFound.add(b.key);
        OUTCOME_COLUMNS.forEach((col, ci) => {
          cells.set(`${b.key}.${col.key}`, readCell(values[bi * OUTCOME_COLUMNS.length + ci], col, `review_litigation.${b.key}.${col.key}`, warnings));
        });
      });
      return { cells, warnings, rowsFound };
    }
    warnings.push({ code: 'table_unreadable', field: 'review_litigation', message: `table 四 header names ${leaves.length} of ${REVIEW_CELLS} columns and the value row has ${values.length} cells: not read` });
  }
  return warnings.length ? { cells: new Map(), warnings, rowsFound: new Set() } : null;
}

