/**
 * How a batch ends: which error records make the exit status 1, and the list
 * of inputs that were not reports.
 *
 * In a crawl folder, notice and listing pages are `not_a_report` records;
 * counting them as failures would hide the real ones. Their records are kept
 * (nothing is lost), but they are counted apart: the exit status is 1 only
 * when an input that should have been a report failed (FAILURE_CODES). The run
 * lists the files it skipped and the non-reports at its end, and
 * `--skipped FILE` writes them all.
 */
import { writeFile } from 'node:fs/promises';
import type { SkippedFile } from '../batch/index.js';
import type { ErrorCode } from '../errors.js';

/** Error codes of inputs that are not (fixed-table) reports at all: counted apart, exit status unaffected. */
export const NOT_REPORT_CODES: readonly ErrorCode[] = ['not_a_report', 'template_unknown', 'unsupported_format'];

/** Is an error record with this code a failure of an input that should have been a report? */
export const isFailure = (code: string): boolean => !(NOT_REPORT_CODES as readonly string[]).includes(code);

/** One line of the skipped list: a file passed over by discovery, or an input whose record says it is no report. */
export interface SkippedEntry {
  path: string;
  /** `skipped: <discovery reason>` or the error code (`not_a_report`, …). */
  reason: string;
}

export function skippedEntries(discovered: readonly SkippedFile[], nonReports: readonly SkippedEntry[]): SkippedEntry[] {
  return [...discovered.map((s) => ({ path: s.path, reason: `skipped: ${s.reason}` })), ...nonReports];
}

/** The end-of-run listing on stderr: at most `max` lines, then a count of the rest. */
export function skippedListing(entries: readonly SkippedEntry[], max = 20, file?: string): string {
  if (!entries.length) return '';
  const lines = [`xxgk: ${entries.length} input(s) skipped or not reports${file ? ` (all listed in ${file})` : ''}:`];
  for (const e of entries.slice(0, max)) lines.push(`  ${e.path}\t${e.reason}`);
  if (entries.length > max) lines.push(`  … ${entries.length - max} more${file ? '' : ' (--skipped FILE lists them all)'}`);
  return lines.join('\n') + '\n';
}

/** `--skipped FILE`: a CSV `path,reason`, one line per entry (header always written). */
export async function writeSkipped(file: string, entries: readonly SkippedEntry[]): Promise<void> {
  const { csvLines } = await import('../write/csv.js');
  await writeFile(file, csvLines([['path', 'reason'], ...entries.map((e) => [e.path, e.reason])]));
}
