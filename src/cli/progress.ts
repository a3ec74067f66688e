/**
 * Progress line and end-of-run summary, both on stderr.
 *
 * The progress line is drawn only when stderr is a terminal (and not
 * --quiet): `done/total`, rate, ETA and failures, redrawn in place at most
 * ten times a second and erased at the end. Nothing of it reaches a pipe or
 * a file.
 */
import type { OutputRecord } from '../schema.js';
import { isFailure } from './outcome.js';
import { isIdentityCheck } from '../validate/check-ids.js';
import { severityOf, type Severity } from '../write/severity.js';

export interface Tally {
  total: number;
  /** Records written. */
  done: number;
  /**
   * Inputs whose record is ready, written or waiting for an earlier input (records are written in input
   * order): what the progress line counts, so a slow first file does not hold it at 0.
   */
  finished: number;
  results: number;
  errors: number;
  /** Error records of inputs that should have been reports (outcome.ts isFailure): these make the exit status 1. */
  failures: number;
  /** Error records saying the input is no report (not_a_report, template_unknown, unsupported_format). */
  nonReports: number;
  byCode: Map<string, number>;
  resultsWithFailedChecks: number;
  failedChecks: Map<string, number>;
  /** Warnings of the results (error records' warnings not included), all severities. */
  warnings: number;
  /** The same warnings by severity (write/severity.ts). */
  warningsBySeverity: Record<Severity, number>;
  skippedNotReports: number;
  resumed: number;
}

export function newTally(total: number): Tally {
  return { total, done: 0, finished: 0, results: 0, errors: 0, failures: 0, nonReports: 0, byCode: new Map(), resultsWithFailedChecks: 0, failedChecks: new Map(), warnings: 0, warningsBySeverity: { info: 0, warning: 0, data_loss: 0 }, skippedNotReports: 0, resumed: 0 };
}

export function count(t: Tally, rec: OutputRecord): void {
  t.done++;
  if ('error' in rec) {
    t.errors++;
    if (isFailure(rec.error.code)) t.failures++;
    else t.nonReports++;
    t.byCode.set(rec.error.code, (t.byCode.get(rec.error.code) ?? 0) + 1);
    return;
  }
  t.results++;
  t.warnings += rec.warnings.length;
  for (const w of rec.warnings) t.warningsBySeverity[severityOf(w)]++;
  // identity checks only (as checks_failed): a narrative check (N.*) is a second witness, counted by `xxgk summary`
  const failed = rec.checks.filter((c) => isIdentityCheck(c) && c.status === 'fail');
  if (failed.length) t.resultsWithFailedChecks++;
  for (const c of failed) t.failedChecks.set(c.id, (t.failedChecks.get(c.id) ?? 0) + 1);
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  s = Math.round(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** Files that must be done before an ETA is shown ('?' until then). */
export const ETA_AFTER = 3;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private drawn = false;
  constructor(
    private readonly tally: Tally,
    private readonly out: ProgressStream,
    private readonly enabled: boolean,
  ) {}

  /** Should a progress line be drawn on this stream? Only on a terminal, and not when quiet. */
  static wanted(out: ProgressStream, quiet: boolean): boolean {
    return !quiet && out.isTTY === true;
  }

  line(now = Date.now()): string {
    const t = this.tally;
    const done = Math.max(t.done, t.finished);
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    // the first files include start-up and say little about the rate: no ETA before a few are done
    const eta = rate > 0 && done >= ETA_AFTER ? (t.total - done) / rate : Infinity;
    const width = 20;
    const fill = t.total ? Math.round((done / t.total) * width) : width;
    const bar = '#'.repeat(fill) + '-'.repeat(width - fill);
    return `[${bar}] ${done}/${t.total} ${rate.toFixed(1)} files/s ETA ${duration(eta)} failed ${t.failures}`;
  }

  tick(force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    let s = this.line(now);
    // a pty made by `script` (and some CI terminals) reports 0 columns: take the usual width
    const cols = this.out.columns && this.out.columns > 0 ? this.out.columns : 100;
    if (s.length >= cols) s = s.slice(s.indexOf(']') + 2); // drop the bar first
    if (s.length >= cols) s = s.slice(0, Math.max(0, cols - 1));
    this.out.write(`\r${s}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.enabled && this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  elapsed(): number {
    return (Date.now() - this.start) / 1000;
  }
}

export function summary(t: Tally, seconds: number): string {
  const lines: string[] = [];
  const rate = seconds > 0 ? ` in ${seconds.toFixed(1)} s (${(t.done / seconds).toFixed(1)} files/s)` : '';
  const apart = t.nonReports ? ` (${t.failures} failed, ${t.nonReports} not reports)` : '';
  lines.push(`xxgk: ${t.done} input(s)${rate}: ${t.results} result(s), ${t.errors} error(s)${apart}`);
  if (t.byCode.size) {
    const codes = [...t.byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${v}`);
    lines.push(`  errors by code: ${codes.join(', ')}`);
  }
  if (t.results) {
    const sev = t.warningsBySeverity;
    lines.push(`  results with failed checks: ${t.resultsWithFailedChecks}; warnings in results (all severities): ${t.warnings} (data_loss ${sev.data_loss}, warning ${sev.warning}, info ${sev.info})`);
    if (t.failedChecks.size) {
      const checks = [...t.failedChecks].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const shown = checks.slice(0, 12).map(([k, v]) => `${k} ${v}`);
      lines.push(`  failed checks: ${shown.join(', ')}${checks.length > 12 ? `, … (${checks.length - 12} more)` : ''}`);
    }
  }
  if (t.resumed) lines.push(`  skipped ${t.resumed} input(s) already in the output (--resume)`);
  if (t.skippedNotReports) lines.push(`  skipped ${t.skippedNotReports} file(s) that are not reports (images, scripts, styles, …)`);
  return lines.join('\n') + '\n';
}
