/**
 * Documents that are not disclosure reports (`not_a_report`, exit 14) although a table holds
 * 行政许可 / 行政处罚 / 行政强制 rows (new-user trial), and fragments of a real report that must stay
 * results. Inputs are built from the corpus page pingtan-2023-html: its table 二 exactly as
 * published, its page head; expected values are the document's (corpus expected.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract, extractRecord } from '../src/api.js';
import type { ErrorRecord, Result } from '../src/schema.js';
import { CORPUS } from './helpers/corpus.js';

const SOURCE = readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), 'utf8');
const EXPECTED = JSON.parse(readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'expected.json'), 'utf8'));
/** The published table 二 (the page's first <table>), byte for byte. */
const TABLE_2 = SOURCE.slice(SOURCE.indexOf('<table'), SOURCE.indexOf('</table>') + '</table>'.length);
const HEAD = SOURCE.slice(0, SOURCE.indexOf('<body'));

function page(title: string, body: string): Buffer {
  return Buffer.from(`${HEAD.replace(/<title>[\s\S]*?<\/title>/, `<title>${title}</title>`)}<body><div class="article"><h1>${title}</h1>${body}</div></body></html>`, 'utf8');
}

/** A plain three-column table as a CMS prints one. */
function table(header: string[], rows: (string | number)[][]): string {
  const tr = (cells: (string | number)[], tag: string) => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  return `<table border="1">${tr(header, 'th')}${rows.map((r) => tr(r, 'td')).join('')}</table>`;
}

// a 法治政府建设年度报告 page of the same government: its prose names its 政府信息公开 work in passing
const RULE_OF_LAW = page(
  '平潭综合实验区2023年法治政府建设年度报告',
  '<p>2023年，实验区深入学习贯彻习近平法治思想，持续推进法治政府建设，现将有关情况报告如下。</p>' +
    '<p>一、推进严格规范公正文明执法</p><p>全面推行行政执法公示制度，依法做好政府信息公开工作，全年办理执法案件情况如下：</p>' +
    table(['执法类别', '办理数量（件）'], [['行政许可', 15230], ['行政处罚', 2210], ['行政强制', 35]]) +
    '<p>二、下一步工作打算</p><p>持续深化“放管服”改革。</p>',
);

// a notice whose only table row is 行政许可 | 12
const NOTICE = page(
  '关于公布2023年第四季度行政审批事项办理情况的通知',
  '<p>各有关单位：</p><p>现将2023年第四季度本局行政审批事项办理情况公布如下：</p>' + table(['事项', '件数'], [['行政许可', 12]]) + '<p>特此通知。</p>',
);

describe('not_a_report: tables with 行政许可 rows that are no disclosure report', () => {
  it('a 法治政府建设年度报告 page with a 行政许可/行政处罚/行政强制 table (mentioning 政府信息公开 in passing)', async () => {
    const rec = (await extractRecord(RULE_OF_LAW, { path: 'fazhi.html' })) as ErrorRecord;
    expect('error' in rec).toBe(true);
    expect(rec.error.code).toBe('not_a_report');
    expect(rec.error.message).toContain('行政许可, 行政处罚, 行政强制');
  });

  it('a notice whose only table row is 行政许可 | 12', async () => {
    const rec = (await extractRecord(NOTICE, { path: 'notice.html' })) as ErrorRecord;
    expect(rec.error?.code).toBe('not_a_report');
  });
});

describe('fragments of a real report stay results', () => {
  const ad = EXPECTED.tables.active_disclosure;

  it('table 二 alone, no title, no heading: its template marks (第二十条第（一）项, 本年制发件数) make it a report', async () => {
    const r: Result = await extract(page('', TABLE_2), { path: 'fragment.html' });
    expect(r.tables.active_disclosure).toEqual(ad);
  });

  it('the same three rows without template marks: a report under the heading 二、主动公开政府信息情况', async () => {
    const rows = table(['信息', '数量'], [['行政许可', ad.licensing.decisions], ['行政处罚', ad.penalty.decisions], ['行政强制', ad.coercion.decisions]]);
    const r: Result = await extract(page('', '<p><strong>二、主动公开政府信息情况</strong></p>' + rows), { path: 'heading.html' });
    expect(r.tables.active_disclosure.licensing).toEqual(ad.licensing);
    expect(r.tables.active_disclosure.penalty).toEqual(ad.penalty);
    expect(r.tables.active_disclosure.coercion).toEqual(ad.coercion);
  });

  it('the same three rows under the report title: a report, with the year of the title', async () => {
    const rows = table(['信息', '数量'], [['行政许可', ad.licensing.decisions], ['行政处罚', ad.penalty.decisions], ['行政强制', ad.coercion.decisions]]);
    const r: Result = await extract(page(`${EXPECTED.report.agency}${EXPECTED.report.year}年政府信息公开工作年度报告`, rows), { path: 'titled.html' });
    expect(r.report.year).toBe(EXPECTED.report.year);
    expect(r.tables.active_disclosure.licensing).toEqual(ad.licensing);
  });

  it('template_guessed names the unknown year instead of claiming the report year', async () => {
    const rows = table(['信息', '数量'], [['行政许可', ad.licensing.decisions]]);
    const r: Result = await extract(page('', '<p>二、主动公开政府信息情况</p>' + rows), { path: 'noyear.html' });
    expect(r.report.year).toBeNull();
    const w = r.warnings.find((x) => x.code === 'template_guessed');
    expect(w?.message).toMatch(/assumed 2021 \(the current template: the report year is unknown\)/);
    expect(w?.message).not.toMatch(/from the report year/);
  });
});
