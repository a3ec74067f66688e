/**
 * CSV views of the output contract (report-format.md A.2).
 *
 * Wide: one row per report. Columns: WIDE_LEAD (source and report fields),
 * then every `tables.*` path, then WIDE_TAIL (per-report counts). Table 二 keys differ between
 * the 2019 and 2021 templates, so the table columns are the union, in this
 * order: the 2021 table-二 paths (contract order), then the 2019-only table-二
 * paths (contract order; `licensing/penalty/coercion.decisions` are shared
 * and appear once, in the 2021 block), then tables 三 and 四 (identical in
 * both templates). A cell that does not exist in a report's template, or
 * holds null, is an empty field.
 *
 * Long (tidy): one row per contract cell of the report's own template
 * (LONG_COLUMNS: report, address, value, kind, raw, where the cell was found).
 *
 * Column names and dtypes are listed by `columnDictionary()` (columns.ts) and
 * `xxgk keys --columns`; address columns by name, not position.
 *
 * Errors: `source.path, source.sha256, source.format, source.bytes, error.code, error.message, warnings`
 * (`warnings`: codes of the warnings raised before the failure, distinct, joined with ` | `).
 */
import { stringify } from 'csv-stringify/sync';
import type { ErrorRecord, Result } from '../schema.js';
import { APPLICATIONS, cellPaths, type TemplateVersion } from '../template.js';
import { errorWarningsField } from './error-line.js';
import { countBySeverity } from './severity.js';

export type Field = string | number | null;

/** The union of table paths of both templates, in the wide-CSV order described above. */
export function unionCellPaths(): string[] {
  const p2021 = cellPaths('2021');
  const p2019 = cellPaths('2019');
  const isActive = (p: string) => p.startsWith('active_disclosure.');
  const have = new Set(p2021);
  return [...p2021.filter(isActive), ...p2019.filter((p) => isActive(p) && !have.has(p)), ...p2021.filter((p) => !isActive(p))];
}

/** Report columns before the table cells. */
export const WIDE_LEAD = [
  'source.path',
  'source.sha256',
  'source.format',
  'report.title',
  'report.agency',
  'report.year',
  'report.published',
  'report.template',
  'report.mixed',
] as const;

/**
 * Per-report counts after the table cells:
 * - `checks_failed` identity checks (A1/A2/A3/B1) with status `fail`; `checks_failed_ids` their ids, space-separated;
 * - `checks_uncertain` identity checks with status `uncertain`;
 * - `narrative_failed` narrative checks (`N.*`, report-format.md A.4; src/validate/narrative.ts) with status `fail`;
 * - `cells_null` cells of the report's own layout whose value is null (the rows its layout does not print are not counted);
 * - `warnings` all warnings, then by severity (severity.ts): `warnings_info`, `warnings_warning`, `warnings_data_loss`.
 */
export const WIDE_TAIL = [
  'checks_failed',
  'checks_failed_ids',
  'checks_uncertain',
  'narrative_failed',
  'cells_null',
  'warnings',
  'warnings_info',
  'warnings_warning',
  'warnings_data_loss',
] as const;

export function wideColumns(): string[] {
  return [...WIDE_LEAD, ...unionCellPaths().map((p) => `tables.${p}`), ...WIDE_TAIL];
}

function lookup(tables: Result['tables'], p: string): number | null {
  const [t, r, c] = p.split('.');
  const v = (tables as unknown as Record<string, Record<string, Record<string, number | null>> | undefined>)[t]?.[r]?.[c];
  return v ?? null;
}

const PATHS = unionCellPaths();
const IDENTITY = /^(A1|A2|A3|B1)\./;

/**
 * The cell paths a report's layout prints: its template's paths without the
 * table-三 （六） rows of the other layout (2021: no `other_total`; 2019 and
 * mixed: no `other_no_correction/other_fee_unpaid/other_misc`).
 */
export function layoutPaths(template: TemplateVersion, mixed: boolean): string[] {
  const notPrinted = template === '2021' && !mixed ? '2019' : '2021';
  const skip = new Set(APPLICATIONS.rows.filter((r) => r.only === notPrinted).map((r) => `applications.${r.key}.`));
  return cellPaths(template).filter((p) => ![...skip].some((s) => p.startsWith(s)));
}

export function wideRow(rec: Result): (Field | boolean)[] {
  const identity = rec.checks.filter((c) => IDENTITY.test(c.id));
  const failed = identity.filter((c) => c.status === 'fail');
  const sev = countBySeverity(rec.warnings);
  return [
    rec.source.path,
    rec.source.sha256,
    rec.source.format,
    rec.report.title,
    rec.report.agency,
    rec.report.year,
    rec.report.published,
    rec.report.template,
    rec.report.mixed,
    ...PATHS.map((p) => lookup(rec.tables, p)),
    failed.length,
    failed.map((c) => c.id).join(' '),
    identity.filter((c) => c.status === 'uncertain').length,
    rec.checks.filter((c) => c.id.startsWith('N.') && c.status === 'fail').length,
    layoutPaths(rec.report.template, rec.report.mixed).filter((p) => lookup(rec.tables, p) === null).length,
    rec.warnings.length,
    sev.info,
    sev.warning,
    sev.data_loss,
  ];
}

/**
 * Long (tidy) columns: the report, the cell's address and value, then where
 * the cell was found: `cell.page` (PDF), `cell.table/row/col` (grid position
 * in the document's tables), `cell.line` (text), and the PDF box
 * `cell.x/y/w/h` (points, top-left origin) when the reader gives one.
 */
export const LONG_COLUMNS = [
  'source.path',
  'source.sha256',
  'report.agency',
  'report.year',
  'report.template',
  'table',
  'row',
  'column',
  'value',
  'kind',
  'raw',
  'cell.page',
  'cell.table',
  'cell.row',
  'cell.col',
  'cell.line',
  'cell.x',
  'cell.y',
  'cell.w',
  'cell.h',
] as const;

/** A cell's box, when the schema has one (report-format.md A.4 `cells[path].bbox`). */
type MaybeBoxed = Result['cells'][string] & { bbox?: { page?: number; x: number; y: number; w: number; h: number } };

export function longRows(rec: Result): Field[][] {
  return cellPaths(rec.report.template).map((p) => {
    const [t, r, c] = p.split('.');
    const cell = rec.cells[p] as MaybeBoxed | undefined;
    const box = cell?.bbox;
    return [
      rec.source.path,
      rec.source.sha256,
      rec.report.agency,
      rec.report.year,
      rec.report.template,
      t,
      r,
      c,
      lookup(rec.tables, p),
      cell?.kind ?? null,
      cell?.raw ?? null,
      cell?.page ?? box?.page ?? null,
      cell?.table ?? null,
      cell?.row ?? null,
      cell?.col ?? null,
      cell?.line ?? null,
      box?.x ?? null,
      box?.y ?? null,
      box?.w ?? null,
      box?.h ?? null,
    ];
  });
}

export const ERROR_COLUMNS = ['source.path', 'source.sha256', 'source.format', 'source.bytes', 'error.code', 'error.message', 'warnings'] as const;

export function errorRow(rec: ErrorRecord): Field[] {
  return [rec.source.path, rec.source.sha256, rec.source.format, rec.source.bytes, rec.error.code, rec.error.message, errorWarningsField(rec)];
}

export interface CsvOptions {
  /** Field separator (default `,`; `\t` for TSV). */
  delimiter?: string;
  /**
   * Neutralise spreadsheet formulas (CSV injection): a text field starting
   * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
   * which Excel and LibreOffice show as text. Numbers are never changed.
   */
  excel?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text field made safe for a spreadsheet (see CsvOptions.excel). */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * CSV text of some rows (RFC 4180 quoting, `\n` line ends, null → empty
 * field, numbers as in the JSON, booleans `true`/`false`).
 */
export function csvLines(rows: readonly (readonly (Field | boolean)[])[], opts: CsvOptions = {}): string {
  return stringify(rows as (Field | boolean)[][], {
    delimiter: opts.delimiter ?? ',',
    cast: {
      number: (n) => String(n),
      boolean: (b) => (b ? 'true' : 'false'),
      ...(opts.excel ? { string: (v: string) => neutralise(v) } : {}),
    },
  });
}

/** UTF-8 byte-order mark: Excel needs it to read UTF-8 CSV. */
export const BOM = '\uFEFF';
