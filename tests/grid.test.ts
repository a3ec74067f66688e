import { describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { expandGrid } from '../src/model.js';
import { htmlToDoc, tableToBlock } from '../src/read/html.js';
import type { Element } from 'domhandler';

describe('expandGrid', () => {
  it('places rowspan/colspan cells on every position they cover', () => {
    const t = expandGrid([
      [{ text: 'A', rowSpan: 2 }, { text: 'B', colSpan: 2 }],
      [{ text: 'C' }, { text: 'D' }],
      [{ text: 'E' }, { text: 'F' }, { text: 'G' }],
    ]);
    expect(t.cols).toBe(3);
    expect(t.rows.map((r) => r.map((c) => c.text).join(''))).toEqual(['ABB', 'ACD', 'EFG']);
    expect(t.rows[1][0].merged).toBe(true);
    expect(t.rows[1][0].id).toBe(t.rows[0][0].id);
    expect(t.rows[0][2].merged).toBe(true);
    expect(t.rows[1][1].origin).toMatchObject({ row: 1, col: 1 });
  });
  it('pads short rows and clamps absurd spans', () => {
    const t = expandGrid([[{ text: 'x', rowSpan: 99999 }], [{ text: 'y' }, { text: 'z' }]]);
    // the rowspan is clamped to the rows that exist; y and z move right of it as in the HTML table algorithm
    expect(t.rows.length).toBe(2);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([['x', '', ''], ['x', 'y', 'z']]);
  });
});

describe('HTML reader', () => {
  it('joins nested spans and keeps <p>/<br> as line breaks inside cells', () => {
    const $ = load('<table><tr><td><p><span>商业</span></p><p>企业</p></td><td><span>2</span><span>3</span></td><td>结果<br/>纠正</td></tr></table>');
    const b = tableToBlock($('table')[0] as Element, 0);
    if (b.kind !== 'table') throw new Error('not a table');
    expect(b.rows[0].map((c) => c.text)).toEqual(['商业\n企业', '23', '结果\n纠正']);
  });
  it('drops hidden elements inside cells as it does outside tables (issue 12, bug 2)', () => {
    const doc = htmlToDoc('<p>正文<span style="display:none">隐藏</span></p><table><tr><td>规章</td><td>12<span style="display:none">3</span></td><td><font style="DISPLAY: NONE">9</font>4</td></tr></table>');
    const t = doc.blocks.find((b) => b.kind === 'table');
    if (!t || t.kind !== 'table') throw new Error('no table');
    expect(t.rows[0].map((c) => c.text)).toEqual(['规章', '12', '4']);
    expect(doc.blocks[0]).toMatchObject({ kind: 'text', text: '正文' });
  });
  it('gives every text block an origin: its number among the text blocks', () => {
    const doc = htmlToDoc('<html>\n<body>\n<p>标题</p>\n<div>\n  <span>第二</span>段<br>第三</div><table><tr><td>规章</td></tr></table><p>第四</p>\n</body></html>');
    expect(doc.blocks.map((b) => [b.kind === 'text' ? b.text : b.kind, b.origin])).toEqual([['标题', { paragraph: 1 }], ['第二段', { paragraph: 2 }], ['第三', { paragraph: 3 }], ['table', { table: 0 }], ['第四', { paragraph: 4 }]]);
  });
  it('treats tables that hold tables as layout, and reads the inner ones', () => {
    const doc = htmlToDoc('<table><tr><td><p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['text', 'table']);
  });
  it('refuses a page of more than a million elements before parsing (fuzz: 3.4M cells ran a 4 GB heap out)', () => {
    const t = performance.now();
    expect(() => htmlToDoc('<table>' + '<tr><td>1</td></tr>'.repeat(600_000) + '</table>')).toThrowError(expect.objectContaining({ code: 'too_large' }));
    expect(performance.now() - t).toBeLessThan(5000);
  });
  it('survives nesting 10,000 deep', () => {
    const deep = '<div>'.repeat(10000) + '正文' + '</div>'.repeat(10000);
    const doc = htmlToDoc(deep);
    expect(doc.blocks.some((b) => b.kind === 'text' && b.text === '正文')).toBe(true);
  });
});
