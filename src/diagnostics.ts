/**
 * The diagnostics registry: every warning code xxgk can emit, declared once with its severity
 * and the stage that raises it (in the manner of vfile messages: a rule id, its source, a place).
 *
 * Severities (report-format.md A.4):
 * - `info`: a note, nothing lost (`template_mixed`);
 * - `warning`: a value may be affected (a fuzzy label, a note in a cell, a split of glued digits);
 * - `data_loss`: a value is null or a table is missing.
 *
 * The output schema's `warnings[].code` is the enum of these codes and `severity` the enum of the
 * severities; README's warning table lists the same codes with the same severity and stage
 * (tests/diagnostics.test.ts compares them). A new code is added here first: the type of
 * `code` in the readers and the extractor is `WarningCode`, so an undeclared code does not compile.
 */

export const SEVERITIES = ['info', 'warning', 'data_loss'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The stage that raises a code: a reader, a step of the extractor (`locate`: sections and tables), the OCR verification after
 * extraction (`ocr`), or the checks of a whole result (`result`: src/postcheck.ts, src/agency/).
 */
export const STAGES = ['read', 'locate', 'version', 'grid', 'stream', 'assemble', 'ocr', 'result'] as const;
export type Stage = (typeof STAGES)[number];

export interface Diagnostic {
  severity: Severity;
  stages: readonly Stage[];
}

const d = (severity: Severity, ...stages: Stage[]): Diagnostic => ({ severity, stages });

export const DIAGNOSTICS = {
  // ---- cells
  cell_note: d('warning', 'grid', 'stream'),
  cell_text: d('data_loss', 'grid', 'stream'),
  unit_converted: d('warning', 'grid', 'stream'),
  note_detached: d('warning', 'locate'),
  value_detached: d('data_loss', 'locate'),
  cell_unreadable: d('data_loss', 'grid', 'stream', 'assemble'),
  cell_missing: d('data_loss', 'grid'),
  cell_spans_columns: d('data_loss', 'grid'),
  label_in_value: d('warning', 'grid'),
  // ---- rows
  label_fuzzy: d('warning', 'grid'),
  label_by_position: d('warning', 'grid', 'stream'),
  row_unmatched: d('warning', 'grid'),
  row_absent: d('data_loss', 'assemble'),
  row_duplicate: d('warning', 'grid'),
  row_repeated: d('data_loss', 'stream'),
  row_position_rejected: d('data_loss', 'stream'),
  rows_unplaced: d('warning', 'stream'),
  values_unplaced: d('warning', 'stream'),
  orphan_placed: d('warning', 'stream'),
  // ---- columns
  column_inferred: d('warning', 'grid'),
  column_not_found: d('data_loss', 'grid'),
  columns_unknown: d('data_loss', 'grid'),
  columns_by_order: d('warning', 'grid'),
  // ---- glued digits
  glued_ambiguous: d('data_loss', 'grid', 'stream'),
  glued_digits: d('warning', 'grid', 'stream'),
  glued_identity_broken: d('warning', 'grid', 'stream'),
  // ---- tables and template
  table_not_found: d('data_loss', 'assemble'),
  table_by_content: d('warning', 'locate'),
  table_unreadable: d('data_loss', 'grid'),
  template_mixed: d('info', 'assemble'),
  template_guessed: d('warning', 'version'),
  // ---- readers
  encoding_guessed: d('warning', 'read'),
  page_without_text: d('warning', 'read'),
  html_flattened: d('warning', 'read'),
  html_spans_ignored: d('warning', 'read'),
  text_table_too_large: d('warning', 'read'),
  docx_doctype_ignored: d('info', 'read'),
  docx_unknown_entity: d('warning', 'read'),
  docx_altchunk_ignored: d('warning', 'read'),
  docx_altchunk_read: d('info', 'read'),
  docx_styles_unreadable: d('warning', 'read'),
  docx_vmerge_orphan: d('warning', 'read'),
  docx_grid_mismatch: d('info', 'read'),
  docx_table_too_wide: d('warning', 'read'),
  docx_table_too_large: d('warning', 'read'),
  docx_numbering_unreadable: d('warning', 'read'),
  // ---- OCR (page images and scanned pages; src/read/ocr/)
  ocr_reread: d('warning', 'ocr'),
  ocr_unconfirmed: d('data_loss', 'ocr'),
  ocr_title: d('warning', 'read'), // the report's title, agency and year come from OCR'd text: a character of the agency may be misread
  ocr_no_table: d('info', 'read'), // prose pages of a scan have no table; a missing table is table_not_found
  page_ocr: d('info', 'read'),
  page_text_invisible: d('info', 'read'),
  page_text_undecodable: d('data_loss', 'read'),
  // ---- the result as a whole (src/postcheck.ts, src/agency/)
  no_values: d('data_loss', 'result'),
  year_missing: d('warning', 'result'),
  agency_missing: d('warning', 'result'),
  region_ambiguous: d('warning', 'result'),
  region_unlisted: d('info', 'result'),
} as const satisfies Record<string, Diagnostic>;

export type WarningCode = keyof typeof DIAGNOSTICS;

/** Every code, in registry order (the schema's enum). */
export const WARNING_CODES = Object.keys(DIAGNOSTICS) as [WarningCode, ...WarningCode[]];

export function severityOf(code: WarningCode): Severity {
  return DIAGNOSTICS[code].severity;
}
