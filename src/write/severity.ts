/**
 * Warning severity for the counts of the wide CSV and `xxgk summary`
 * (report-format.md A.4: `info` a note, nothing lost; `warning` a value may be
 * affected; `data_loss` a value is null or a table missing).
 *
 * A warning that carries its own `severity` (every record of schema_version
 * "2") is taken at its word; an older record's warning is looked up in the
 * diagnostics registry (src/diagnostics.ts) by code. A code in neither (a
 * record of another version) counts as `warning`.
 */
import { DIAGNOSTICS, SEVERITIES, type Severity } from '../diagnostics.js';

export { SEVERITIES, type Severity, type WarningCode } from '../diagnostics.js';

/** The severity of one warning: its own `severity` field if valid, else by code. */
export function severityOf(w: { code: string; severity?: unknown }): Severity {
  if (typeof w.severity === 'string' && (SEVERITIES as readonly string[]).includes(w.severity)) return w.severity as Severity;
  return (DIAGNOSTICS as Readonly<Record<string, { severity: Severity }>>)[w.code]?.severity ?? 'warning';
}

/** Warnings counted by severity (every severity present, 0 if none). */
export function countBySeverity(warnings: readonly { code: string; severity?: unknown }[]): Record<Severity, number> {
  const out: Record<Severity, number> = { info: 0, warning: 0, data_loss: 0 };
  for (const w of warnings) out[severityOf(w)]++;
  return out;
}
