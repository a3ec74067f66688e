/**
 * Checks on a finished result, after extraction and validation: things a
 * dataset must not take for a clean report. Each adds a warning; none changes
 * a value.
 *
 * - `no_values`: not one table cell holds a printed number (kind `number`) —
 *   a blank template, or tables that could not be read. Decided on the cells'
 *   kinds, so `--blank-as-zero` (which turns blanks into 0 but keeps their kind
 *   `blank`) does not hide it.
 * - `year_missing`: `report.year` is null (no year found in the title or text).
 * - `agency_missing`: `report.agency` is null (no publishing body found in the title).
 *
 * Severities (report-format.md A.4): `no_values` data_loss; the other two warning.
 */
import type { Result, WarningRecord } from './schema.js';

/** The warnings of the checks above for a result (empty when all is well). */
export function resultWarnings(r: Pick<Result, 'report' | 'cells'>): WarningRecord[] {
  const out: WarningRecord[] = [];
  if (!Object.values(r.cells).some((c) => c.kind === 'number')) {
    out.push({ code: 'no_values', message: 'no table cell holds a number: a blank template, or tables that could not be read' });
  }
  if (r.report.year === null) out.push({ code: 'year_missing', field: 'report.year', message: 'the year the report covers was not found in its title or text' });
  if (r.report.agency === null) out.push({ code: 'agency_missing', field: 'report.agency', message: 'the publishing body was not found in the title' });
  return out;
}
