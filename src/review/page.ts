/**
 * Assembly of one review page (assets/report.html) and of the batch index
 * (assets/index.html): escaped document text in, one self-contained HTML
 * file out, with a Content-Security-Policy admitting only the page's own
 * style and script.
 */
import type { OutputRecord, Result } from '../schema.js';
import { asset, contentSecurityPolicy } from './assets.js';
import { esc, fill } from './escape.js';
import { renderSource, type SourceView } from './source.js';
import { countBySeverity, type Severity } from '../write/severity.js';
import { renderChecks, renderTables, renderWarnings } from './tables.js';
import { isIdentityCheck } from '../validate/narrative.js';

/** Counts shown in a page's header and in the batch index. */
export interface ReportStatus {
  failed: number;
  uncertain: number;
  /** Cells whose value is null, except `absent` (rows the layout does not print). */
  nulls: number;
  /** Warnings by severity (`info`, `warning`, `data_loss`; src/write/severity.ts). */
  warnings: Record<Severity, number>;
}

/** Status counts of a result. */
export function statusOf(r: Result): ReportStatus {
  const warnings = countBySeverity(r.warnings as { code: string; severity?: unknown }[]);
  return {
    failed: r.checks.filter((c) => isIdentityCheck(c) && c.status === 'fail').length,
    uncertain: r.checks.filter((c) => isIdentityCheck(c) && c.status === 'uncertain').length,
    nulls: Object.values(r.cells).filter((c) => c.kind !== 'number' && c.kind !== 'absent').length,
    warnings,
  };
}

/** The non-zero counts, most severe first: `data_loss 2, warning 1`; `0` when there are none. */
export function warningCounts(w: Record<Severity, number>): string {
  const parts = (['data_loss', 'warning', 'info'] as const).filter((s) => w[s] > 0).map((s) => `${s} ${w[s]}`);
  return parts.length ? parts.join(', ') : '0';
}

function meta(rec: OutputRecord): string {
  const s = rec.source;
  const parts = [`source ${esc(s.path ?? '-')}`, `format ${esc(s.format ?? '?')}`, `${s.bytes} bytes`];
  if (s.pages) parts.push(`${s.pages} pages`);
  parts.push(`sha256 ${esc(s.sha256)}`);
  if (!('error' in rec)) {
    const r = rec.report;
    parts.push(`agency ${esc(r.agency ?? '-')}`, `year ${esc(r.year ?? '-')}`, `published ${esc(r.published ?? '-')}`, `template ${esc(r.template)}${r.mixed ? ' (mixed)' : ''}`);
  }
  return parts.join(' · ');
}

/** The review page of one record (a result, or an error record with its code and message) as a complete HTML document. */
export function renderReportPage(rec: OutputRecord, view: SourceView): string {
  const css = asset('report.css');
  const script = asset('review.js');
  const common = { csp: contentSecurityPolicy(css, script), css, script, meta: meta(rec) };
  if ('error' in rec) {
    return fill(asset('report.html'), {
      ...common,
      title: esc(rec.source.path ?? 'standard input'),
      summary: `<strong>error ${esc(rec.error.code)}</strong>: ${esc(rec.error.message)}`,
      source: renderSource(null, view),
      checks: '',
      warnings: '',
      tables: '',
    });
  }
  const st = statusOf(rec);
  const summary = `${st.failed} failed check(s), ${st.uncertain} uncertain · ${st.nulls} null cell(s) · warnings: ${warningCounts(st.warnings)}`;
  return fill(asset('report.html'), {
    ...common,
    title: esc(rec.report.title ?? rec.source.path ?? 'report'),
    summary,
    source: renderSource(rec, view),
    checks: renderChecks(rec),
    warnings: renderWarnings(rec),
    tables: renderTables(rec),
  });
}

/** One line of the batch index: what the index shows of a record (kept small: a batch may hold thousands). */
export interface IndexEntry {
  title: string | null;
  path: string | null;
  /** Present for an error record. */
  error?: { code: string; message: string };
  status?: ReportStatus;
  /** The report page's file name, relative to the index; null when no page was written. */
  href: string | null;
}

/** The index line of a record. */
export function indexEntry(rec: OutputRecord, href: string | null): IndexEntry {
  if ('error' in rec) return { title: null, path: rec.source.path, error: { code: rec.error.code, message: rec.error.message }, href };
  return { title: rec.report.title, path: rec.source.path, status: statusOf(rec), href };
}

/** The batch index: one row per record with status, failed checks, nulls and warnings by severity, linking to each page. No script. */
export function renderIndexPage(entries: IndexEntry[]): string {
  const css = asset('index.css');
  let failedReports = 0;
  let errors = 0;
  const rows = entries.map((e, i) => {
    const name = esc(e.title ?? e.path ?? '-');
    const link = e.href ? `<a href="${esc(e.href)}">${name}</a>` : name;
    const src = `<td class="src">${esc(e.path ?? '-')}</td>`;
    if (e.error || !e.status) {
      errors++;
      return `<tr class="error"><td class="n">${i + 1}</td><td>${link}</td>${src}<td class="st">error ${esc(e.error?.code)}</td><td class="n"></td><td class="n"></td><td class="n"></td><td>${esc(e.error?.message)}</td></tr>`;
    }
    const st = e.status;
    if (st.failed) failedReports++;
    return `<tr class="${st.failed ? 'fail' : 'ok'}"><td class="n">${i + 1}</td><td>${link}</td>${src}<td class="st">${st.failed ? 'checks failed' : 'ok'}</td><td class="n">${st.failed}</td><td class="n">${st.uncertain}</td><td class="n">${st.nulls}</td><td>${warningCounts(st.warnings)}</td></tr>`;
  });
  return fill(asset('index.html'), {
    csp: contentSecurityPolicy(css),
    css,
    count: String(entries.length),
    summary: `${entries.length} record(s): ${entries.length - errors} result(s), ${failedReports} with failed checks, ${errors} error record(s)`,
    rows: rows.join('\n'),
  });
}
