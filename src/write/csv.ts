/**
 * CSV views of the output contract (report-format.md A.2).
 *
 * Wide: one row per report. Columns: `source.path, source.sha256,
 * report.agency, report.year, report.template`, then every `tables.*` path,
 * then `checks_failed` and `warnings` (counts). Table 二 keys differ between
 * the 2019 and 2021 templates, so the table columns are the union, in this
 * order: the 2021 table-二 paths (contract order), then the 2019-only table-二
 * paths (contract order; `licensing/penalty/coercion.decisions` are shared
 * and appear once, in the 2021 block), then tables 三 and 四 (identical in
 * both templates). A cell that does not exist in a report's template, or
 * holds null, is an empty field.
 *
 * Long (tidy): one row per contract cell of the report's own template:
 * `source.path, report.agency, report.year, table, row, column, value, kind, raw`.
 *
 * Errors: `source.path, source.sha256, source.format, source.bytes, error.code, error.message`.
 */
import { stringify } from 'csv-stringify/sync';
import type { ErrorRecord, Result } from '../schema.js';
import { cellPaths } from '../template.js';

export type Field = string | number | null;

/** The union of table paths of both templates, in the wide-CSV order described above. */
export function unionCellPaths(): string[] {
  const p2021 = cellPaths('2021');
  const p2019 = cellPaths('2019');
  const isActive = (p: string) => p.startsWith('active_disclosure.');
  const have = new Set(p2021);
  return [...p2021.filter(isActive), ...p2019.filter((p) => isActive(p) && !have.has(p)), ...p2021.filter((p) => !isActive(p))];
}

export const WIDE_LEAD = ['source.path', 'source.sha256', 'report.agency', 'report.year', 'report.template'] as const;
export const WIDE_TAIL = ['checks_failed', 'warnings'] as const;

export function wideColumns(): string[] {
  return [...WIDE_LEAD, ...unionCellPaths().map((p) => `tables.${p}`), ...WIDE_TAIL];
}

function lookup(tables: Result['tables'], p: string): number | null {
  const [t, r, c] = p.split('.');
  const v = (tables as Record<string, Record<string, Record<string, number | null>> | undefined>)[t]?.[r]?.[c];
  return v ?? null;
}

const PATHS = unionCellPaths();

export function wideRow(rec: Result): Field[] {
  return [
    rec.source.path,
    rec.source.sha256,
    rec.report.agency,
    rec.report.year,
    rec.report.template,
    ...PATHS.map((p) => lookup(rec.tables, p)),
    rec.checks.filter((c) => c.status === 'fail').length,
    rec.warnings.length,
  ];
}

export const LONG_COLUMNS = ['source.path', 'report.agency', 'report.year', 'table', 'row', 'column', 'value', 'kind', 'raw'] as const;

export function longRows(rec: Result): Field[][] {
  return cellPaths(rec.report.template).map((p) => {
    const [t, r, c] = p.split('.');
    const cell = rec.cells[p];
    return [rec.source.path, rec.report.agency, rec.report.year, t, r, c, lookup(rec.tables, p), cell?.kind ?? null, cell?.raw ?? null];
  });
}

export const ERROR_COLUMNS = ['source.path', 'source.sha256', 'source.format', 'source.bytes', 'error.code', 'error.message'] as const;

export function errorRow(rec: ErrorRecord): Field[] {
  return [rec.source.path, rec.source.sha256, rec.source.format, rec.source.bytes, rec.error.code, rec.error.message];
}

/** CSV text of some rows (RFC 4180 quoting, `\n` line ends, null → empty field). */
export function csvLines(rows: readonly (readonly Field[])[]): string {
  return stringify(rows as Field[][], { cast: { number: (n) => String(n) } });
}

/** UTF-8 byte-order mark: Excel needs it to read UTF-8 CSV. */
export const BOM = '\uFEFF';
