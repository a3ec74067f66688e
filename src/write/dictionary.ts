/**
 * The data dictionary: every contract key with its Chinese labels (from the
 * template, src/template.ts), and every column of the CSV outputs with a
 * stable dtype. `xxgk keys` prints both; the README's "Output" points to it.
 *
 * dtypes (what to tell pandas/DuckDB so a column never changes type):
 * - `string`  text; keep as text even when it looks numeric (`report.template` is `"2019"`/`"2021"`,
 *   read it with `dtype={'report.template': str}` in pandas, `types={'report.template': 'VARCHAR'}` in DuckDB);
 * - `integer` whole number, empty = null (pandas: `Int64`; DuckDB: `BIGINT`);
 * - `number`  decimal, empty = null (pandas: `float64`; DuckDB: `DOUBLE`);
 * - `boolean` `true`/`false`;
 * - `date`    ISO `YYYY-MM-DD`, empty = null.
 */
import { ERROR_COLUMNS, LONG_COLUMNS, WIDE_LEAD, WIDE_TAIL, unionCellPaths } from './csv.js';
import { tablesOf, type TemplateVersion, type ValueType } from '../template.js';

export type Dtype = 'string' | 'integer' | 'number' | 'boolean' | 'date';

/** One contract key (a `tables.<table>.<row>.<column>` leaf) with its labels. */
export interface KeyRow {
  /** dotted path under `tables`, e.g. `applications.new_received.total` */
  key: string;
  /** table id: `active_disclosure` (二), `applications` (三), `review_litigation` (四) */
  table: string;
  /** the table's section heading in the report */
  table_label: string;
  /** the caption the row sits under: a table-二 block (第二十条第（一）项) or a table-三 group (（三）不予公开), else empty */
  row_group: string;
  /** the row label as printed (labels of the two templates joined with ` | ` where they differ) */
  row_label: string;
  /** the column label as printed (same rule) */
  column_label: string;
  /** `count` (件/个/项 as the row counts them), `万元` or `元` */
  unit: string;
  /** the template's value type: `int`, `signed_int` (may be negative) or `decimal` */
  type: ValueType;
  /** templates that have the key, space-separated: `2019`, `2021` or `2019 2021` */
  templates: string;
}

export const KEY_COLUMNS: readonly (keyof KeyRow)[] = ['key', 'table', 'table_label', 'row_group', 'row_label', 'column_label', 'unit', 'type', 'templates'];

function unitOf(key: string): string {
  if (key.endsWith('.amount_wan_yuan')) return '万元';
  if (key === 'active_disclosure.procurement.amount') return '元';
  return 'count';
}

const joinDistinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].join(' | ');

/** Every contract key, in wide-CSV order (unionCellPaths). */
export function keyRows(): KeyRow[] {
  const info = new Map<string, { v: TemplateVersion; table: string; heading: string; group?: string; row: string; col: string; type: ValueType }[]>();
  for (const v of ['2021', '2019'] as const) {
    for (const t of tablesOf(v)) {
      for (const r of t.rows) {
        for (const c of r.columns) {
          const key = `${t.id}.${r.key}.${c.key}`;
          const list = info.get(key) ?? [];
          list.push({ v, table: t.id, heading: t.heading, group: r.block ?? r.group, row: r.label, col: c.label, type: c.type ?? 'int' });
          info.set(key, list);
        }
      }
    }
  }
  return unionCellPaths().map((key) => {
    const l = info.get(key)!;
    return {
      key,
      table: l[0].table,
      table_label: joinDistinct(l.map((x) => x.heading)),
      row_group: joinDistinct(l.map((x) => x.group)),
      row_label: joinDistinct(l.map((x) => x.row)),
      column_label: joinDistinct(l.map((x) => x.col)),
      unit: unitOf(key),
      type: l[0].type,
      templates: l
        .map((x) => x.v)
        .sort()
        .join(' '),
    };
  });
}

/** A CSV column with its dtype and meaning. */
export interface ColumnInfo {
  column: string;
  dtype: Dtype;
  description: string;
}

const LEAD_INFO: Record<string, [Dtype, string]> = {
  'source.path': ['string', 'input path as given (empty for standard input)'],
  'source.sha256': ['string', 'SHA-256 of the input bytes, 64 hex digits'],
  'source.format': ['string', 'pdf | docx | html | text'],
  'report.title': ['string', 'report title as printed'],
  'report.agency': ['string', 'publishing body as printed in the title'],
  'report.year': ['integer', 'the year the report covers'],
  'report.published': ['date', 'date printed at the end of the report (or its 发布时间), ISO'],
  'report.template': ['string', '"2019" or "2021": the table-二 layout (text, not a number)'],
  'report.mixed': ['boolean', '2021 table 二 with the 2019 single （六）其他处理 row'],
};

const TAIL_INFO: Record<string, [Dtype, string]> = {
  checks_failed: ['integer', 'identity checks (A1/A2/A3/B1) with status fail'],
  checks_failed_ids: ['string', 'ids of those checks, space-separated'],
  checks_uncertain: ['integer', 'identity checks with status uncertain (a term is null)'],
  narrative_failed: ['integer', 'narrative checks (N.*: a count the prose states differs from the table) with status fail; not in checks_failed'],
  cells_null: ['integer', "cells of the report's own layout whose value is null"],
  warnings: ['integer', 'all warnings'],
  warnings_info: ['integer', 'warnings of severity info (a note; nothing lost)'],
  warnings_warning: ['integer', 'warnings of severity warning (a value may be affected)'],
  warnings_data_loss: ['integer', 'warnings of severity data_loss (a value is null or a table missing)'],
};

const LONG_INFO: Record<string, [Dtype, string]> = {
  table: ['string', 'table id (active_disclosure, applications, review_litigation)'],
  row: ['string', 'row key'],
  column: ['string', 'column key'],
  value: ['number', 'the value (integer except 万元/元 amounts); empty = null'],
  kind: ['string', 'number | blank | dash | text | absent | unreadable'],
  raw: ['string', 'cell text as printed'],
  'cell.page': ['integer', 'PDF page (1-based)'],
  'cell.table': ['integer', 'index of the table in the document'],
  'cell.row': ['integer', 'row in that table grid'],
  'cell.col': ['integer', 'column in that table grid'],
  'cell.line': ['integer', 'line of a text input'],
  'cell.x': ['number', 'PDF box left, points from the page left'],
  'cell.y': ['number', 'PDF box top, points from the page top'],
  'cell.w': ['number', 'PDF box width, points'],
  'cell.h': ['number', 'PDF box height, points'],
};

const ERROR_INFO: Record<string, [Dtype, string]> = {
  'source.bytes': ['integer', 'size of the input in bytes'],
  'error.code': ['string', 'error code (README: Errors), e.g. not_a_report'],
  'error.message': ['string', 'what went wrong, in words'],
  warnings: ['string', 'codes of the warnings raised before the failure (e.g. docx_altchunk_ignored), distinct, joined with " | "; empty when none'],
};

const typeDtype = (t: ValueType): Dtype => (t === 'decimal' ? 'number' : 'integer');

/** The columns of the wide CSV/TSV/xlsx (`wide`), the long CSV (`long`) or the errors CSV (`errors`) with dtypes. */
export function columnDictionary(kind: 'wide' | 'long' | 'errors'): ColumnInfo[] {
  const info = (c: string, m: Record<string, [Dtype, string]>): ColumnInfo => ({ column: c, dtype: m[c][0], description: m[c][1] });
  if (kind === 'errors') return ERROR_COLUMNS.map((c) => info(c, { ...LEAD_INFO, ...ERROR_INFO }));
  if (kind === 'long') return LONG_COLUMNS.map((c) => info(c, { ...LEAD_INFO, ...LONG_INFO }));
  const keys = new Map(keyRows().map((k) => [k.key, k]));
  return [
    ...WIDE_LEAD.map((c) => info(c, LEAD_INFO)),
    ...unionCellPaths().map((p) => {
      const k = keys.get(p)!;
      return { column: `tables.${p}`, dtype: typeDtype(k.type), description: [k.table_label, k.row_group, k.row_label, k.column_label].filter(Boolean).join(' › ') + (k.templates === '2019 2021' ? '' : ` (template ${k.templates} only)`) };
    }),
    ...WIDE_TAIL.map((c) => info(c, TAIL_INFO)),
  ];
}
