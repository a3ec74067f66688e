/**
 * The human views of an error record outside JSON: the codes of the warnings raised before the
 * failure (`ErrorRecord.warnings`: `encoding_guessed`, `docx_altchunk_ignored`, …) for the errors
 * CSV's `warnings` column, and the one-line form on stderr. Both carry those codes, so a CSV/XLSX
 * user or a single-file run sees why a document may have failed (an ignored RTF altChunk before a
 * `not_a_report`), not only JSON/JSONL users.
 */
import type { ErrorRecord } from '../schema.js';

/** The distinct warning codes of an error record, in order of first appearance (empty when none). */
export function errorWarningCodes(rec: ErrorRecord): string[] {
  return [...new Set((rec.warnings ?? []).map((w) => w.code))];
}

/** The `warnings` field of the errors CSV: the distinct codes joined with ` | ` (as other list columns), null when none. */
export function errorWarningsField(rec: ErrorRecord): string | null {
  const codes = errorWarningCodes(rec);
  return codes.length ? codes.join(' | ') : null;
}

/**
 * `xxgk: <path>: <code>: <message>[<hint>][ (warnings: a, b)]` — the stderr line of an error record
 * (`-` for standard input). `hint`: text appended to the message (e.g. the `--password` hint).
 */
export function errorLine(rec: ErrorRecord, hint = ''): string {
  const codes = errorWarningCodes(rec);
  return `xxgk: ${rec.source.path ?? '-'}: ${rec.error.code}: ${rec.error.message}${hint}${codes.length ? ` (warnings: ${codes.join(', ')})` : ''}`;
}
