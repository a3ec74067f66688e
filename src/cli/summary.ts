/**
 * `xxgk summary FILE.jsonl [--json]` — what a dataset holds, read back from
 * its JSONL without extracting again: records, results and error records
 * (failures apart from inputs that are no report), counts by source format,
 * template and year, errors by code, failed identity checks by id and failed narrative checks
 * (N.*) by id apart, warnings by code
 * and by severity, and the results that need a look (no number at all, year
 * or agency missing). Streamed: memory holds the counts only.
 */
import { describeFsError } from '../errno.js';
import { ERROR_CODES } from '../errors.js';
import { countBySeverity, type Severity } from '../write/severity.js';
import { lineList, readJsonl } from './jsonl.js';
import { isFailure } from './outcome.js';
import { EXIT } from './usage.js';
import { isIdentityCheck, isNarrativeCheck } from '../validate/narrative.js';

/** The machine-readable summary (`--json`). Count maps are sorted by count, then key. */
export interface DatasetSummary {
  file: string;
  records: number;
  results: number;
  errors: number;
  /** error records of inputs that should have been reports */
  failures: number;
  /** error records with not_a_report, template_unknown or unsupported_format */
  not_reports: number;
  by_format: Record<string, number>;
  by_template: Record<string, number>;
  /** `report.year` of results; `null` counts the results without one */
  by_year: Record<string, number>;
  errors_by_code: Record<string, number>;
  /** results with a failed identity check (A1/A2/A3/B1), as the CSV's `checks_failed` */
  results_with_failed_checks: number;
  /** identity checks with status fail, by id */
  failed_checks_by_id: Record<string, number>;
  /** results with a failed narrative check (N.*: a count the prose states differs from the table) */
  results_with_narrative_failed: number;
  /** narrative checks with status fail, by id */
  narrative_failed_by_id: Record<string, number>;
  warnings_by_code: Record<string, number>;
  warnings_by_severity: Record<Severity, number>;
  /** results without a single printed number (warning no_values) */
  results_without_values: number;
  /** line numbers of lines that are not records */
  lines_not_records: number[];
}

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
const sorted = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

export async function summarise(file: string): Promise<DatasetSummary> {
  const byFormat = new Map<string, number>();
  const byTemplate = new Map<string, number>();
  const byYear = new Map<string, number>();
  const byCode = new Map<string, number>();
  const failedChecks = new Map<string, number>();
  const failedNarrative = new Map<string, number>();
  const warnCodes = new Map<string, number>();
  const sev: Record<Severity, number> = { info: 0, warning: 0, data_loss: 0 };
  const s = { records: 0, results: 0, errors: 0, failures: 0, notReports: 0, withFailed: 0, withNarrativeFailed: 0, noValues: 0 };
  const bad: number[] = [];
  for await (const item of readJsonl(file)) {
    if ('bad' in item) {
      bad.push(item.line);
      continue;
    }
    const rec = item.record;
    s.records++;
    bump(byFormat, String(rec.source.format ?? 'null'));
    if ('error' in rec) {
      s.errors++;
      if (isFailure(rec.error.code)) s.failures++;
      else s.notReports++;
      bump(byCode, rec.error.code);
      continue;
    }
    s.results++;
    bump(byTemplate, rec.report.template);
    bump(byYear, String(rec.report.year ?? 'null'));
    const failed = rec.checks.filter((c) => isIdentityCheck(c) && c.status === 'fail');
    if (failed.length) s.withFailed++;
    for (const c of failed) bump(failedChecks, c.id);
    const narrative = rec.checks.filter((c) => isNarrativeCheck(c) && c.status === 'fail');
    if (narrative.length) s.withNarrativeFailed++;
    for (const c of narrative) bump(failedNarrative, c.id);
    for (const w of rec.warnings) bump(warnCodes, w.code);
    const bySev = countBySeverity(rec.warnings);
    for (const k of Object.keys(sev) as Severity[]) sev[k] += bySev[k];
    if (rec.warnings.some((w) => w.code === 'no_values')) s.noValues++;
  }
  return {
    file,
    records: s.records,
    results: s.results,
    errors: s.errors,
    failures: s.failures,
    not_reports: s.notReports,
    by_format: sorted(byFormat),
    by_template: sorted(byTemplate),
    by_year: Object.fromEntries([...byYear].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
    errors_by_code: sorted(byCode),
    results_with_failed_checks: s.withFailed,
    failed_checks_by_id: sorted(failedChecks),
    results_with_narrative_failed: s.withNarrativeFailed,
    narrative_failed_by_id: sorted(failedNarrative),
    warnings_by_code: sorted(warnCodes),
    warnings_by_severity: sev,
    results_without_values: s.noValues,
    lines_not_records: bad,
  };
}

const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';

/** The summary as text, one fact per line. */
export function summaryText(d: DatasetSummary): string {
  const lines = [
    `${d.file}: ${d.records} record(s): ${d.results} result(s), ${d.errors} error record(s) (${d.failures} failed, ${d.not_reports} not reports)`,
    `  by format: ${counts(d.by_format)}`,
    `  by template: ${counts(d.by_template)}`,
    `  by year: ${counts(d.by_year)}`,
    `  errors by code: ${counts(d.errors_by_code)}`,
    `  results with failed checks: ${d.results_with_failed_checks}`,
    `  failed checks by id: ${counts(d.failed_checks_by_id)}`,
    `  results with failed narrative checks: ${d.results_with_narrative_failed}`,
    `  failed narrative checks by id: ${counts(d.narrative_failed_by_id)}`,
    `  warnings by severity: ${counts(d.warnings_by_severity)}`,
    `  warnings by code: ${counts(d.warnings_by_code)}`,
    `  results without any number (no_values): ${d.results_without_values}`,
  ];
  if (d.lines_not_records.length) lines.push(`  lines that are not records: ${d.lines_not_records.length} (line ${lineList(d.lines_not_records)})`);
  return lines.join('\n') + '\n';
}

export async function runSummary(file: string, opts: { json?: boolean }): Promise<number> {
  let d: DatasetSummary;
  try {
    d = await summarise(file);
  } catch (e) {
    process.stderr.write(`xxgk: cannot read ${file}: ${describeFsError(e)}\n`);
    return ERROR_CODES.io_error;
  }
  process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : summaryText(d));
  return d.lines_not_records.length ? EXIT.someFailed : EXIT.ok;
}
