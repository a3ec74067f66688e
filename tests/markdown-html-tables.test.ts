/**
 * Markdown with HTML <table> blocks (issue 13): scrapers and converters (markdownify, turndown)
 * write tables with row spans as HTML inside the markdown. The fixture is the corpus page
 * pingtan-2023-html converted so (scripts/make-md-html-tables-fixture.mjs): table 二 as a pipe
 * table, tables 三 and 四 as HTML; expected values: the corpus expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { TableBlock } from '../src/model.js';
import { readDocument } from '../src/read/index.js';
import { sniffFormat, textWithHtmlTables } from '../src/read/sniff.js';
import { CORPUS, FIXTURES, compare, type Expected } from './helpers/corpus.js';

const SOURCE = path.join(FIXTURES, 'text', 'pingtan-2023-md-html-tables.md');
const bytes = readFileSync(SOURCE);
const text = bytes.toString('utf8');
const expected = JSON.parse(readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'expected.json'), 'utf8')) as Expected & { report: { agency: string } };
/** 1-based number of the first line of the fixture that starts with `start`. */
const lineOf = (start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('markdown with HTML <table> blocks', () => {
  it('is sniffed as text, and pages or fragments with block markup stay HTML', () => {
    expect(textWithHtmlTables(text)).toBe(true);
    expect(sniffFormat(bytes)).toBe('text');
    const page = readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), 'latin1');
    expect(textWithHtmlTables(page)).toBe(false);
    expect(textWithHtmlTables('<p>二、主动公开政府信息情况</p>\n<table><tr><td>规章</td><td>1</td></tr></table>')).toBe(false);
    expect(textWithHtmlTables('<table><tr><td>规章</td><td>1</td></tr></table>')).toBe(false);
    expect(textWithHtmlTables('## 二、主动公开政府信息情况\n<table><tr><td>规章</td><td>1</td></tr></table>\n<div>页脚</div>')).toBe(false);
    // a fragment with inline markup or <br> around its table stays HTML: as text, the tags would stay in the lines
    expect(textWithHtmlTables('<span>二、主动公开政府信息情况</span><br/>\n<table><tr><td>规章</td><td>1</td></tr></table>')).toBe(false);
  });

  it('reads every value of the page (corpus expected.json), table 二 from pipes and 三, 四 from HTML', async () => {
    const r = await extract(bytes, { path: SOURCE });
    expect(r.source.format).toBe('text');
    expect(compare(r, expected)).toEqual([]);
    expect(r.report.title).toBe('平潭综合实验区2023年度政府信息公开工作年度报告');
    expect(r.report.agency).toBe(expected.report.agency);
    // a cell of an HTML table: its table's grid position and the line of its <tr>
    expect(r.cells['applications.new_received.total']).toMatchObject({ raw: '81', table: 1, row: 3, line: lineOf('<tr><td colspan="3">一、本年新收政府信息公开申请数量') });
    expect(r.cells['active_disclosure.normative_documents.issued']).toMatchObject({ raw: '77', table: 0, line: lineOf('| 行政规范性文件 |') });
  });

  it('keeps the lines around the tables as text: the title is its own block, each heading its own', async () => {
    const doc = await readDocument(bytes);
    const texts = doc.blocks.filter((b) => b.kind === 'text').map((b) => (b.kind === 'text' ? b.text : ''));
    expect(texts[0]).toBe('平潭综合实验区2023年度政府信息公开工作年度报告');
    for (const h of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况']) expect(texts).toContain(h);
    const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
    expect(tables.map((t) => [t.origin.table, t.origin.line, t.rows.length])).toEqual([
      [0, lineOf('| 第二十条第（一）项'), 14],
      [1, lineOf('<table>'), 28],
      [2, text.split('\n').lastIndexOf('<table>') + 1, 4],
    ]);
    // the block order: heading, then its table
    const order = doc.blocks.map((b) => (b.kind === 'table' ? `T${b.origin.table}` : b.text)).filter((x) => /^T|^[二三四]、/.test(x));
    expect(order).toEqual(['二、主动公开政府信息情况', 'T0', '三、收到和处理政府信息公开申请情况', 'T1', '四、政府信息公开行政复议、行政诉讼情况', 'T2']);
  });

  it('a table that opens after text on its line: the text is a line of its own', async () => {
    const doc = await readDocument(Buffer.from('# 某区2023年政府信息公开工作年度报告\n四、行政复议 <table><tr><td>维持</td><td>1</td></tr></table>\n五、存在的主要问题\n'));
    expect(doc.blocks.map((b) => (b.kind === 'text' ? b.text : b.rows.map((r) => r.map((c) => c.text))))).toEqual(['某区2023年政府信息公开工作年度报告', '四、行政复议', [['维持', '1']], '五、存在的主要问题']);
  });

  it('a table left open at the end is read to the end; a line of text before it is not swallowed', async () => {
    const doc = await readDocument(Buffer.from('# 某区2023年政府信息公开工作年度报告\n## 四、行政复议\n<table>\n<tr><td>维持</td><td>1</td></tr>\n<tr><td>纠正</td><td>2</td>'));
    expect(doc.format).toBe('text');
    expect(doc.blocks.map((b) => (b.kind === 'text' ? b.text : b.rows.map((r) => r.map((c) => c.text))))).toEqual([
      '某区2023年政府信息公开工作年度报告',
      '四、行政复议',
      [
        ['维持', '1'],
        ['纠正', '2'],
      ],
    ]);
  });
});
