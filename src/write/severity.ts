/**
 * Warning severity for the counts of the wide CSV and `xxgk summary`
 * (report-format.md A.4: `info` a note, nothing lost; `warning` a value may be
 * affected; `data_loss` a value is null or a table missing).
 *
 * A warning that carries its own `severity` (the diagnostics registry, once
 * it lands) is taken at its word. Otherwise the code is looked up in
 * FALLBACK_SEVERITY below — the one place to replace with the registry when
 * it is merged. A code in neither counts as `warning`.
 */
export const SEVERITIES = ['info', 'warning', 'data_loss'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity of each warning code documented in README.md ("Output"), until the registry gives it. */
export const FALLBACK_SEVERITY = {
  // notes: nothing lost, no value affected
  template_mixed: 'info',
  page_ocr: 'info',
  page_text_invisible: 'info',
  glued_digits: 'info',
  row_repeated: 'info',
  row_duplicate: 'info',
  encoding_guessed: 'info',
  html_flattened: 'info',
  html_spans_ignored: 'info',
  docx_doctype_ignored: 'info',
  docx_unknown_entity: 'info',
  docx_altchunk_ignored: 'info',
  docx_vmerge_orphan: 'info',
  docx_grid_mismatch: 'info',
  docx_numbering_unreadable: 'info',
  // a value may be affected
  cell_note: 'warning',
  label_in_value: 'warning',
  label_fuzzy: 'warning',
  label_by_position: 'warning',
  column_inferred: 'warning',
  columns_by_order: 'warning',
  orphan_placed: 'warning',
  template_guessed: 'warning',
  row_unmatched: 'warning',
  rows_unplaced: 'warning',
  values_unplaced: 'warning',
  year_missing: 'warning',
  agency_missing: 'warning',
  unit_converted: 'warning',
  // a value is null or a table is missing
  cell_text: 'data_loss',
  cell_unreadable: 'data_loss',
  cell_missing: 'data_loss',
  cells_unreadable: 'data_loss',
  column_not_found: 'data_loss',
  columns_unknown: 'data_loss',
  cell_spans_columns: 'data_loss',
  glued_ambiguous: 'data_loss',
  row_absent: 'data_loss',
  row_position_rejected: 'data_loss',
  table_not_found: 'data_loss',
  table_unreadable: 'data_loss',
  page_without_text: 'data_loss',
  page_text_undecodable: 'data_loss',
  docx_table_too_wide: 'data_loss',
  docx_table_too_large: 'data_loss',
  no_values: 'data_loss',
} as const satisfies Readonly<Record<string, Severity>>;

/**
 * Every warning code xxgk emits (the keys above; tests/table-types.test.ts
 * checks the sources against it). `WarningRecord.code` stays a string in the
 * schema so that records of another version still parse.
 */
export type WarningCode = keyof typeof FALLBACK_SEVERITY;

/** The severity of one warning: its own `severity` field if valid, else by code. */
export function severityOf(w: { code: string; severity?: unknown }): Severity {
  if (typeof w.severity === 'string' && (SEVERITIES as readonly string[]).includes(w.severity)) return w.severity as Severity;
  return (FALLBACK_SEVERITY as Readonly<Record<string, Severity>>)[w.code] ?? 'warning';
}

/** Warnings counted by severity (every severity present, 0 if none). */
export function countBySeverity(warnings: readonly { code: string; severity?: unknown }[]): Record<Severity, number> {
  const out: Record<Severity, number> = { info: 0, warning: 0, data_loss: 0 };
  for (const w of warnings) out[severityOf(w)]++;
  return out;
}
