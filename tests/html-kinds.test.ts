/**
 * HTML kinds of issue 13: row spans by the HTML table model (rowspan="0", row groups), encodings
 * mislabelled as UTF-8. Expected values come from the field cases' expected.json (the numbers of
 * the pingtan-2023 page as printed) or from the markup itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { extract, extractRecord } from '../src/api.js';
import { ErrorRecordSchema, RecordSchema } from '../src/schema.js';
import { decodeText, encodingWarning } from '../src/read/decode.js';
import { tableToBlock } from '../src/read/html.js';
import iconv from 'iconv-lite';
import type { TableBlock } from '../src/model.js';
import { CORPUS, compare, type Expected } from './helpers/corpus.js';

const CASES = path.resolve(CORPUS, '../field-cases');

function fieldCase(name: string): { bytes: Uint8Array; expected: Expected & { report: { agency: string } } } {
  const dir = path.join(CASES, name);
  return { bytes: readFileSync(path.join(dir, 'input.html')), expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) };
}

function grid(html: string): string[][] {
  const $ = load(html);
  const b = tableToBlock($('table')[0] as Element, 0) as TableBlock;
  return b.rows.map((r) => r.map((c) => c.text));
}

describe('HTML row spans follow the HTML table model', () => {
  it('field case html-rowspan-zero-thead: every value of expected.json', async () => {
    const { bytes, expected } = fieldCase('html-rowspan-zero-thead');
    const r = await extract(bytes, { path: 'input.html' });
    expect(compare(r, expected)).toEqual([]);
    expect(r.report.agency).toBe(expected.report.agency);
    expect(r.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
  });

  it('rowspan="0" spans to the end of its row group (<thead>), not into <tbody>', () => {
    const g = grid(
      '<table><thead><tr><td rowspan="0">项目</td><td colspan="2">申请人</td></tr><tr><td>自然人</td><td>总计</td></tr></thead>' +
        '<tbody><tr><td>新收</td><td>80</td><td>81</td></tr></tbody></table>',
    );
    expect(g).toEqual([
      ['项目', '申请人', '申请人'],
      ['项目', '自然人', '总计'],
      ['新收', '80', '81'],
    ]);
  });

  it('a row span longer than its row group stops at the group end (tbody → tfoot)', () => {
    const g = grid('<table><tbody><tr><td rowspan="5">A</td><td>1</td></tr><tr><td>2</td></tr></tbody><tfoot><tr><td>合计</td><td>3</td></tr></tfoot></table>');
    expect(g).toEqual([
      ['A', '1'],
      ['A', '2'],
      ['合计', '3'],
    ]);
  });

  it('a huge rowspan is clamped to the group; rowspan="0" in <tbody> covers the rest of the body', () => {
    const g = grid('<table><tr><td rowspan="4294967297">A</td><td>1</td></tr><tr><td>2</td></tr><tr><td rowspan=0>B</td><td>3</td></tr><tr><td>4</td></tr></table>');
    expect(g).toEqual([
      ['A', '1', ''],
      ['A', '2', ''],
      ['A', 'B', '3'],
      ['A', 'B', '4'],
    ]);
  });

  it('colspan="0" is 1; span values parse as HTML non-negative integers (" +2px" is 2, "-1" and "x" are 1)', () => {
    expect(grid('<table><tr><td colspan="0">A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr></table>')).toEqual([
      ['A', 'B'],
      ['1', '2'],
    ]);
    expect(grid('<table><tr><td colspan=" +2px">A</td><td colspan="-1">B</td><td colspan="x">C</td></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>')).toEqual([
      ['A', 'A', 'B', 'C'],
      ['1', '2', '3', '4'],
    ]);
  });
});

describe('a page whose bytes contradict its declared charset', () => {
  it('field case html-meta-utf8-body-gbk: GBK under <meta charset="utf-8"> gives every value of expected.json, with encoding_guessed', async () => {
    const { bytes, expected } = fieldCase('html-meta-utf8-body-gbk');
    const r = await extract(bytes, { path: 'input.html' });
    expect(compare(r, expected)).toEqual([]);
    expect(r.report.agency).toBe(expected.report.agency);
    const w = r.warnings.filter((x) => x.code === 'encoding_guessed');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('utf-8');
    expect(w[0].message).toContain('gb18030');
  });

  const page = readFileSync(path.join(CORPUS, 'pingtan-2023-html', 'source.html'), 'utf8');
  const line = '三、收到和处理政府信息公开申请情况';

  it('a GBK page with one corrupted byte under a UTF-8 declaration is still GB18030, the bad byte counted', () => {
    const gbk = iconv.encode(page, 'gbk');
    const at = gbk.indexOf(iconv.encode('主动公开', 'gbk'));
    gbk[at] = 0xff; // a lead byte that GB18030 does not have
    const d = decodeText(gbk, 'utf-8');
    expect(d).toMatchObject({ encoding: 'gb18030', via: 'overridden', declared: 'utf-8' });
    expect(d.invalid).toBeGreaterThanOrEqual(1);
    expect(d.text).toContain(line);
    expect(encodingWarning(d, 'page')?.message).toMatch(/not valid gb18030 either/);
  });

  it('a UTF-8 page with one stray byte stays UTF-8 (no guess): its other text reads as printed', () => {
    const utf = Buffer.from(page, 'utf8');
    const bad = Buffer.concat([utf.subarray(0, 2000), Buffer.from([0xff]), utf.subarray(2000)]);
    const d = decodeText(bad, 'utf-8');
    expect(d).toMatchObject({ encoding: 'utf-8', via: 'declared' });
    expect(d.text).toContain(line);
    expect(encodingWarning(d, 'page')).toBeNull();
  });

  it('a UTF-8 page declaring gb2312 is read as UTF-8 and says so', () => {
    const d = decodeText(Buffer.from(page, 'utf8'), 'gb2312');
    expect(d).toMatchObject({ encoding: 'utf-8', via: 'overridden', declared: 'gb2312' });
    expect(d.text).toContain(line);
    expect(encodingWarning(d, 'page')?.code).toBe('encoding_guessed');
  });
});

describe('error records carry the warnings raised before the failure', () => {
  it('GBK under <meta charset="utf-8"> without the report tables: not_a_report, with encoding_guessed', async () => {
    const { bytes } = fieldCase('html-meta-utf8-body-gbk');
    const page = iconv.decode(Buffer.from(bytes), 'gbk').replace(/<table[\s\S]*?<\/table>/g, '');
    expect(page).toContain('一、总体情况');
    const rec = await extractRecord(new Uint8Array(iconv.encode(page, 'gbk')), { path: 'no-tables.html' });
    if (!('error' in rec)) throw new Error('expected an error record');
    expect(rec.error.code).toBe('not_a_report');
    expect(rec.warnings?.map((w) => [w.code, w.severity])).toEqual([['encoding_guessed', 'warning']]);
    expect(ErrorRecordSchema.parse(rec)).toEqual(rec);
  });

  it('an error with nothing raised before has no warnings key (records written before it still validate)', async () => {
    const rec = await extractRecord(new Uint8Array(Buffer.from('<html><body><p>通知</p></body></html>')), { path: 'x.html' });
    expect(rec).toMatchObject({ error: { code: 'not_a_report' } });
    expect('warnings' in rec).toBe(false);
    expect(RecordSchema.parse(rec)).toEqual(rec);
  });

  it('a page refused as too_large keeps its encoding guess', async () => {
    const page = '<html><head><meta charset="utf-8"></head><body><p>政府信息公开</p>' + '<b>1</b>'.repeat(1_000_001) + '</body></html>';
    const rec = await extractRecord(new Uint8Array(iconv.encode(page, 'gbk')), { path: 'big.html' });
    expect(rec).toMatchObject({ error: { code: 'too_large' }, warnings: [{ code: 'encoding_guessed' }] });
  });
});
