/**
 * The extracted side of the review page: the three tables in the template's
 * layout with its Chinese row and column labels (src/template.ts), the checks
 * with both sides, and the warnings linked to their cells.
 *
 * Every value is a `<td data-key="<path>">`; a null shows its kind (`blank`,
 * `dash`, `unreadable`, …), never 0. Every text from the document (raw cells,
 * warning messages) goes through `esc`.
 */
import type { CellRecord, CheckResult, Result, WarningRecord } from '../schema.js';
import { tablesOf, type RowDef } from '../template.js';
import { identityInstances, type Layout } from '../validate/identities.js';
import { isIdentityCheck, isNarrativeCheck } from '../validate/narrative.js';
import { NARRATIVE_PHRASES } from '../template/narrative.js';
import { severityOf as severityByCode, type Severity } from '../write/severity.js';
import { esc } from './escape.js';

type Value = number | null | undefined;

/** The identity layout of a result: '2019', '2021' or 'mixed' (2021 with the 2019 （六） row). */
export function layoutOf(r: Result): Layout {
  return r.report.template === '2019' ? '2019' : r.report.mixed ? 'mixed' : '2021';
}

/** Warning severity (`info`, `warning`, `data_loss`): the warning's own when it carries one, else by code (src/write/severity.ts). */
export function severityOf(w: WarningRecord): Severity {
  return severityByCode(w as { code: string; severity?: unknown });
}

/** Cell paths a warning names: its `field` when that is a cell, or every cell of the row or table it names. */
export function warnedKeys(r: Result): Set<string> {
  const fields = r.warnings.map((w) => w.field).filter((f): f is string => !!f);
  const out = new Set<string>();
  for (const key of Object.keys(r.cells)) if (fields.some((f) => key === f || key.startsWith(`${f}.`))) out.add(key);
  return out;
}

function valueOf(r: Result, path: string): Value {
  const [t, row, col] = path.split('.');
  return (r.tables as unknown as Record<string, Record<string, Record<string, number | null>>>)[t]?.[row]?.[col];
}

/** Numbers as in the JSON output (`12.5`, `-3`). */
function fmt(v: number): string {
  return String(v);
}

/** One-line description of a cell for the status line: value, kind, raw text, position. */
export function describeCell(value: Value, cell: CellRecord | undefined): string {
  const parts = [`value ${value === null || value === undefined ? 'null' : fmt(value)}`, `kind ${cell?.kind ?? 'absent'}`];
  if (cell?.raw !== null && cell?.raw !== undefined) parts.push(`raw ${JSON.stringify(cell.raw)}`);
  if (cell?.page !== undefined) parts.push(`page ${cell.page}`);
  for (const k of ['table', 'row', 'col'] as const) if (cell?.[k] !== undefined) parts.push(`${k} ${cell[k]}`);
  if (cell?.line !== undefined) parts.push(`line ${cell.line}`);
  return parts.join(' · ');
}

function valueCell(r: Result, path: string, warned: Set<string>): string {
  const value = valueOf(r, path);
  const cell = r.cells[path];
  const kind = cell?.kind ?? 'absent';
  let inner: string;
  if (value === null || value === undefined) inner = `<span class="null">${esc(kind)}</span>`;
  else {
    inner = esc(fmt(value));
    if (kind !== 'number') inner += `<span class="raw null">${esc(kind)}</span>`;
    else if (cell?.raw && cell.raw.replace(/\s+/g, '') !== fmt(value)) inner += `<span class="raw">${esc(cell.raw)}</span>`;
  }
  const cls = `v k-${esc(kind)}${warned.has(path) ? ' warned' : ''}`;
  return `<td class="${cls}" data-key="${esc(path)}" data-desc="${esc(describeCell(value, cell))}" title="${esc(path)}">${inner}</td>`;
}

function rowLabel(row: RowDef): string {
  const over = row.group ?? row.block;
  return `<th class="row" scope="row">${over ? `<span class="grp">${esc(over)}</span>` : ''}${esc(row.label)}</th>`;
}

/** The three extracted tables, each as one `<table>`; a new header row wherever the columns change (table 二's blocks). */
export function renderTables(r: Result): string {
  const warned = warnedKeys(r);
  const out: string[] = [];
  const numerals = ['二', '三', '四'];
  tablesOf(r.report.template).forEach((t, i) => {
    const data = (r.tables as unknown as Record<string, Record<string, unknown>>)[t.id] ?? {};
    out.push(`<h2>${numerals[i]}、${esc(t.heading)} <small class="src">${esc(t.id)}</small></h2><table class="tpl" data-table="${esc(t.id)}">`);
    let sig = '';
    for (const row of t.rows) {
      if (!(row.key in data)) continue;
      const s = row.columns.map((c) => c.key).join(',');
      if (s !== sig) {
        sig = s;
        out.push(`<tr><th>项目</th>${row.columns.map((c) => `<th scope="col" title="${esc(c.key)}">${esc(c.label)}</th>`).join('')}</tr>`);
      }
      out.push(`<tr data-row="${esc(row.key)}">${rowLabel(row)}${row.columns.map((c) => valueCell(r, `${t.id}.${row.key}.${c.key}`, warned)).join('')}</tr>`);
    }
    out.push('</table>');
  });
  return out.join('\n');
}

function side(r: Result, table: string, terms: string[]): string {
  return terms
    .map((k) => {
      const v = valueOf(r, `${table}.${k}`);
      return `${esc(k)}=${v === null || v === undefined ? `null(${esc(r.cells[`${table}.${k}`]?.kind ?? 'absent')})` : esc(fmt(v))}`;
    })
    .join(' + ');
}

function checkItem(r: Result, c: CheckResult, terms: Map<string, { table: string; lhs: string[]; rhs: string[] }>): string {
  const t = terms.get(c.id);
  const keys = t ? [...t.lhs, ...t.rhs].map((k) => `${t.table}.${k}`) : [];
  const sides = t
    ? `<span class="terms">左 ${side(r, t.table, t.lhs)} = ${c.expected ?? 'null'}<br>右 ${side(r, t.table, t.rhs)} = ${c.actual ?? 'null'}</span>`
    : '';
  const rel = c.status === 'pass' ? '=' : c.status === 'fail' ? '≠' : '?';
  return `<li class="${esc(c.status)}" data-id="${esc(c.id)}" data-terms="${esc(keys.join(' '))}"><span class="cid">${esc(c.id)}</span> ${esc(c.status)}: ${esc(c.expected ?? 'null')} ${rel} ${esc(c.actual ?? 'null')}${sides}</li>`;
}

/** Checks by id with both sides; failed first, then uncertain, the passing ones folded. Clicking one lights every term. */
export function renderChecks(r: Result): string {
  const terms = new Map(identityInstances(layoutOf(r)).map((i) => [i.id, { table: i.table as string, lhs: i.lhs, rhs: i.rhs }]));
  const identities = r.checks.filter(isIdentityCheck);
  const by = (s: string) => identities.filter((c) => c.status === s);
  const list = (cs: CheckResult[]) => `<ul class="checks">${cs.map((c) => checkItem(r, c, terms)).join('')}</ul>`;
  const fail = by('fail');
  const unc = by('uncertain');
  const pass = by('pass');
  return [
    `<h2>勾稽关系 checks: ${fail.length} failed, ${unc.length} uncertain, ${pass.length} passed</h2>`,
    fail.length ? list(fail) : '',
    unc.length ? `<details${fail.length ? '' : ' open'}><summary>${unc.length} uncertain</summary>${list(unc)}</details>` : '',
    pass.length ? `<details><summary>${pass.length} passed</summary>${list(pass)}</details>` : '',
    renderNarrative(r),
  ].join('\n');
}

/** Narrative checks (N.*): the count the prose states, the table value, the sentence and where it is. Empty when there are none. */
function renderNarrative(r: Result): string {
  const ns = r.checks.filter(isNarrativeCheck);
  if (!ns.length) return '';
  const at = (c: CheckResult) => [c.page !== undefined ? `page ${c.page}` : '', c.line !== undefined ? `line ${c.line}` : '', c.paragraph !== undefined ? `paragraph ${c.paragraph}` : ''].filter(Boolean).join(', ');
  const item = (c: CheckResult) => {
    const rel = c.status === 'pass' ? '=' : c.status === 'fail' ? '≠' : '?';
    // the table paths the quantity sums (其他处理: the rows of either layout that this report has)
    const paths = [...new Set(NARRATIVE_PHRASES.filter((p) => `N.${p.quantity}` === c.id).flatMap((p) => p.paths))].filter((k) => r.cells[k]?.kind !== 'absent');
    return `<li class="${esc(c.status)}" data-id="${esc(c.id)}" data-terms="${esc(paths.join(' '))}"><span class="cid">${esc(c.id)}</span> ${esc(c.status)}: stated ${esc(c.expected ?? 'null')} ${rel} table ${esc(c.actual ?? 'null')}<span class="terms">「${esc(c.text ?? '')}」 ${esc(at(c))}${c.note ? `<br>${esc(c.note)}` : ''}</span></li>`;
  };
  const n = (s: CheckResult['status']) => ns.filter((c) => c.status === s).length;
  return `<h2>正文 narrative checks: ${n('fail')} failed, ${n('uncertain')} uncertain, ${n('pass')} passed (not counted in checks_failed)</h2><ul class="checks">${ns.map(item).join('')}</ul>`;
}

function where(w: WarningRecord): string {
  const p: string[] = [];
  if (w.page !== undefined) p.push(`page ${w.page}`);
  if (w.table !== undefined) p.push(`table ${w.table}`);
  if (w.row !== undefined) p.push(`row ${w.row}`);
  if (w.col !== undefined) p.push(`col ${w.col}`);
  if (w.line !== undefined) p.push(`line ${w.line}`);
  return p.join(' ');
}

/** Warnings with code, severity (when given), message and place; one with a `field` links to its cell. */
export function renderWarnings(r: Result): string {
  if (r.warnings.length === 0) return '<h2>警告 warnings: none</h2>';
  const items = r.warnings.map((w) => {
    const sev = severityOf(w);
    const ref = w.field ? ` data-ref="${esc(w.field)}"` : '';
    // a warning with a page but no cell links to the page image (when the page is shown)
    const place = !w.field && w.page !== undefined ? `<a href="#page-${esc(w.page)}">${esc(where(w))}</a>` : esc(where(w));
    return `<li class="sev-${esc(sev)}"${ref}><span class="code">${esc(w.code)}</span> [${esc(sev)}] ${w.field ? `<span class="cid">${esc(w.field)}</span> ` : ''}${esc(w.message)} <span class="src">${place}</span></li>`;
  });
  return `<h2>警告 warnings: ${r.warnings.length}</h2><ul class="warnings">${items.join('')}</ul>`;
}
