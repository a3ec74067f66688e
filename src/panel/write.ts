/**
 * Panel rows as text: JSON Lines (one row object a line) or CSV.
 *
 * CSV columns: `agency_key, agency, region.code, region.name, region.level,
 * year, sources` (joined with ` | `), `conflicts` (joined with ` | `), then
 * `totals.<path>` for every `TOTAL_PATHS` entry, then for every check id of
 * `PANEL_CHECK_IDS` three columns `<id>.status, <id>.expected, <id>.actual`
 * (empty when the check did not run), then `checks_failed` (count).
 * `region.code` is written as its six digits (codes never start with 0).
 */
import { stringify } from 'csv-stringify/sync';
import { TOTAL_PATHS, type PanelRow } from './build.js';
import { PANEL_CHECK_IDS } from './checks.js';

/** Output formats of `xxgk panel`. */
export { PANEL_FORMATS, type PanelFormat } from './formats.js';
import type { PanelFormat } from './formats.js';

/** The CSV header. */
export function panelColumns(): string[] {
  return [
    'agency_key',
    'agency',
    'region.code',
    'region.name',
    'region.level',
    'year',
    'sources',
    'conflicts',
    ...TOTAL_PATHS.map((p) => `totals.${p}`),
    ...PANEL_CHECK_IDS.flatMap((id) => [`${id}.status`, `${id}.expected`, `${id}.actual`]),
    'checks_failed',
  ];
}

/** One CSV row's fields (null → empty field). */
export function panelCsvFields(row: PanelRow): (string | number | null)[] {
  const byId = new Map(row.checks.map((c) => [c.id, c]));
  return [
    row.agency_key,
    row.agency,
    row.region?.code ?? null,
    row.region?.name ?? null,
    row.region?.level ?? null,
    row.year,
    row.sources.join(' | '),
    row.conflicts.join(' | '),
    ...TOTAL_PATHS.map((p) => row.totals[p] ?? null),
    ...PANEL_CHECK_IDS.flatMap((id) => {
      const c = byId.get(id);
      return c ? [c.status, c.expected, c.actual] : [null, null, null];
    }),
    row.checks.filter((c) => c.status === 'fail').length,
  ];
}

/** The whole panel as text in the given format (`excel`: CSV starts with a UTF-8 BOM). */
export function panelText(rows: PanelRow[], format: PanelFormat, opts: { excel?: boolean } = {}): string {
  if (format === 'jsonl') return rows.map((r) => JSON.stringify(r) + '\n').join('');
  const csv = stringify([panelColumns(), ...rows.map(panelCsvFields)], { cast: { number: (n) => String(n) } });
  return (opts.excel ? '\ufeff' : '') + csv;
}
