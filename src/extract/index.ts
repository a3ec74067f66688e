/**
 * The template-driven extractor: document model in, contract tables out.
 *
 * 1. locate sections and classify table blocks (locate.ts);
 * 2. detect the template version from table 二;
 * 3. read each table with the grid strategy, falling back to the stream
 *    strategy (flowing text) where no usable grid exists;
 * 4. assemble every contract path (absent rows → kind `absent`).
 */
import { XxgkError } from '../errors.js';
import type { Doc, Origin } from '../model.js';
import { layoutOf, printsRow, tablesOf, type Layout, type TableDef, type TableId, type TemplateVersion } from '../template.js';
import { readActiveGrid, readApplicationsGrid, readReviewGrid } from './grid/index.js';
import { locate, sectionLines, type Located } from './locate.js';
import { reportEvidence } from './evidence.js';
import { readMeta, type Meta } from './meta.js';
import { versionFromTables, versionFromText } from './version.js';
import type { CellReading, ExtractWarning, StreamStrategy, TableReading } from './types.js';

export interface Extraction {
  meta: Meta;
  template: TemplateVersion;
  /** The layout decided once from the template and the table-三 rows found (template.layoutOf). */
  layout: Layout;
  mixed: boolean;
  /** Every contract path of the template → reading. */
  cells: Map<string, CellReading>;
  warnings: ExtractWarning[];
}

export interface ExtractOptions {
  /** Strategy for tables that arrive as flowing text. */
  stream?: StreamStrategy | null;
}

function detectVersion(loc: Located, year: number | null, warnings: ExtractWarning[]): TemplateVersion {
  const shown = versionFromTables(loc.tables.active_disclosure) ?? versionFromText(loc.sectionText.active_disclosure.map((b) => b.text));
  if (shown) return shown;
  const v: TemplateVersion = year !== null && year <= 2020 ? '2019' : '2021';
  const why = year !== null ? `from the report year ${year}` : 'the current template: the report year is unknown';
  warnings.push({ code: 'template_guessed', message: `table 二 does not show which template it follows; assumed ${v} (${why})` });
  return v;
}

function readTable(id: TableId, def: TableDef, version: TemplateVersion, loc: Located, opts: ExtractOptions): TableReading | null {
  const parts = loc.tables[id];
  let grid: TableReading | null = null;
  if (parts.length > 0) {
    if (def.shape === 'blocks') grid = readActiveGrid(parts, def);
    else if (def.shape === 'rows') grid = readApplicationsGrid(parts, version);
    else grid = readReviewGrid(parts);
  }
  const complete = grid !== null && def.rows.every((r) => r.only !== undefined || grid!.rowsFound.has(r.key));
  if (complete) return grid;
  // rows missing from the grid: the stream strategy reads the section as flowing text; the
  // reading that finds more rows wins (both place rows by label, never by counting numbers)
  if (opts.stream) {
    const lines = sectionLines(loc, id);
    if (lines.length > 0) {
      const s = opts.stream(def, version, lines);
      if (s && s.rowsFound.size > (grid?.rowsFound.size ?? 0)) {
        return s;
      }
    }
  }
  return grid;
}

export function extractFromDoc(doc: Doc, opts: ExtractOptions = {}): Extraction {
  const warnings: ExtractWarning[] = doc.warnings.map((w) => ({ code: w.code, message: w.message, origin: w.origin }));
  const loc = locate(doc);
  warnings.push(...loc.warnings);
  const meta = readMeta(loc.blocks);
  const version = detectVersion(loc, meta.year, warnings);

  const readings: Record<TableId, TableReading | null> = { active_disclosure: null, applications: null, review_litigation: null };
  for (const def of tablesOf(version)) readings[def.id] = readTable(def.id, def, version, loc, opts);

  const found = new Set((Object.keys(readings) as TableId[]).filter((id) => (readings[id]?.rowsFound.size ?? 0) > 0));
  if (found.size === 0) {
    if (looksPre2019(loc, meta)) {
      throw new XxgkError('template_unknown', `no template table found; this looks like a report from before the 2019 template${meta.year ? ` (year ${meta.year})` : ''}, with free-form statistics`);
    }
    throw new XxgkError('not_a_report', 'none of the fixed tables (主动公开 / 依申请公开 / 行政复议、行政诉讼) was found in the document');
  }
  if (!reportEvidence(loc, found, meta.title)) {
    const rows = [...readings.active_disclosure!.rowsFound].map((k) => tablesOf(version).find((d) => d.id === 'active_disclosure')!.rows.find((r) => r.key === k)?.label ?? k);
    throw new XxgkError(
      'not_a_report',
      `only rows of a table like table 二 were found (${rows.join(', ')}), and nothing shows a disclosure report: no table 三 or 四, no title or text naming the 政府信息公开工作年度报告, no heading 主动公开政府信息情况, no template marks in the table (第二十条第（…）项, 信息内容, 本年制发件数, …)`,
    );
  }

  const layout = layoutOf(version, readings.applications?.rowsFound ?? new Set());
  const mixed = layout === 'mixed';
  if (mixed) {
    warnings.push({ code: 'template_mixed', field: 'applications.other_total', message: 'table 二 follows the 2021 template but table 三 prints the 2019 single （六）其他处理 row: read as other_total' });
  }

  const cells = new Map<string, CellReading>();
  for (const def of tablesOf(version)) assembleTable(def, readings[def.id], layout, cells, warnings);
  return { meta, template: version, layout, mixed, cells, warnings };
}

/**
 * Every contract path of one table into `cells` (absent rows → kind `absent`, a row found without
 * that cell → `unreadable`), with `table_not_found` / `row_absent` warnings. A function of its own:
 * see api.ts on hot loops inside long functions.
 */
function assembleTable(def: TableDef, r: TableReading | null, layout: Layout, cells: Map<string, CellReading>, warnings: ExtractWarning[]): void {
  if (!r || r.rowsFound.size === 0) {
    warnings.push({ code: 'table_not_found', field: def.id, message: `table ${def.number} (${def.heading}) was not found` });
  } else {
    warnings.push(...r.warnings);
  }
  for (const { row, keys } of keysOf(def)) {
    const printedHere = r?.rowsFound.has(row.key) ?? false;
    if (r && r.rowsFound.size > 0 && !printedHere && printsRow(row, layout)) {
      warnings.push({ code: 'row_absent', field: `${def.id}.${row.key}`, message: `row ${row.label} was not found in table ${def.number}` });
    }
    for (const { path, key } of keys) {
      const got = printedHere ? r!.cells.get(key) : undefined;
      cells.set(path, got ?? { raw: null, kind: printedHere ? 'unreadable' : 'absent', value: null });
    }
  }
}

/** Each row of a table with its cells' keys: `path` (`<table>.<row>.<column>`) and the reading's `key` (`<row>.<column>`), built once per table. */
const tableKeys = new WeakMap<TableDef, { row: TableDef['rows'][number]; keys: { path: string; key: string }[] }[]>();
function keysOf(def: TableDef) {
  let out = tableKeys.get(def);
  if (!out) {
    out = def.rows.map((row) => ({ row, keys: row.columns.map((col) => ({ path: `${def.id}.${row.key}.${col.key}`, key: `${row.key}.${col.key}` })) }));
    tableKeys.set(def, out);
  }
  return out;
}

function looksPre2019(loc: Located, meta: Meta): boolean {
  if (meta.year !== null && meta.year <= 2018) return true;
  const text = loc.blocks
    .filter((b) => b.kind === 'text')
    .map((b) => (b as { text: string }).text)
    .join('');
  return /(20(?:0\d|1[0-8]))年(?:度)?政府信息公开(?:工作)?年度报告/.test(text) && /依申请公开/.test(text);
}

/**
 * The box fields of a cell's origin (PDF: `bbox`, and `bbox_parts` for a cell continued over page breaks), for `cells[path]`:
 * a new object, or written into `into` (a record being built, without an object spread per cell).
 */
export function boxFields(o: Origin | undefined): Pick<Origin, 'bbox' | 'bbox_parts'>;
export function boxFields<T extends object>(o: Origin | undefined, into: T): T & Pick<Origin, 'bbox' | 'bbox_parts'>;
export function boxFields(o: Origin | undefined, into: object = {}): Pick<Origin, 'bbox' | 'bbox_parts'> {
  const out = into as Pick<Origin, 'bbox' | 'bbox_parts'>;
  if (!o?.bbox) return out;
  out.bbox = o.bbox;
  if (o.bbox_parts) out.bbox_parts = o.bbox_parts;
  return out;
}

type OriginField = 'page' | 'table' | 'row' | 'col' | 'line' | 'paragraph';

/**
 * The numeric position fields of an origin, in this order: page, table, row, col, line,
 * paragraph; a new object, or written into `into` (see `boxFields`). Read by name, one by one:
 * origins come in many shapes, and a loop over the key names made every read a generic keyed load.
 */
export function originFields(o: Origin | undefined): Partial<Record<OriginField, number>>;
export function originFields<T extends object>(o: Origin | undefined, into: T): T & Partial<Record<OriginField, number>>;
export function originFields(o: Origin | undefined, into: object = {}): Partial<Record<OriginField, number>> {
  const out = into as Partial<Record<OriginField, number>>;
  if (!o) return out;
  if (typeof o.page === 'number') out.page = o.page;
  if (typeof o.table === 'number') out.table = o.table;
  if (typeof o.row === 'number') out.row = o.row;
  if (typeof o.col === 'number') out.col = o.col;
  if (typeof o.line === 'number') out.line = o.line;
  if (typeof o.paragraph === 'number') out.paragraph = o.paragraph;
  return out;
}
