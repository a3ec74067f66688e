import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Doc, TableBlock, TextBlock } from '../src/model.js';
import { textReader } from '../src/read/text.js';

const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus');
const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const tables = (d: Doc) => d.blocks.filter((b): b is TableBlock => b.kind === 'table');
const texts = (d: Doc) => d.blocks.filter((b): b is TextBlock => b.kind === 'text');
const grid = (t: TableBlock) => t.rows.map((r) => r.map((c) => c.text));

describe('text reader', () => {
  it('turns lines into text blocks with 1-based line origins and strips heading marks', async () => {
    const d = await textReader.read(enc('标题\n\n#### 二、主动公开政府信息情况\n## 表三：收到\r\n正文 # 不是标题'));
    expect(d.format).toBe('text');
    expect(texts(d).map((b) => [b.text, b.origin.line])).toEqual([
      ['标题', 1],
      ['二、主动公开政府信息情况', 3],
      ['表三：收到', 4],
      ['正文 # 不是标题', 5],
    ]);
  });

  it('reads markdown pipe tables, drops separator rows, pads short rows, keeps cell lines', async () => {
    const src = ['前文', '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|', '| 规章 | 0 | 0 | 0 |', '| 规范性文件 | 13 |', '后文'].join('\n');
    const d = await textReader.read(enc(src));
    const [t] = tables(d);
    expect(tables(d)).toHaveLength(1);
    expect(t.cols).toBe(4);
    expect(grid(t)).toEqual([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '0'],
      ['规范性文件', '13', '', ''],
    ]);
    expect(t.rows[1][2].origin).toMatchObject({ line: 4, row: 1, col: 2, table: 0 });
    expect(t.rows[2][3].origin.line).toBe(5);
    expect(texts(d).map((b) => b.origin.line)).toEqual([1, 6]);
  });

  it('keeps empty markdown cells and escaped bars, and starts a new table at a header+separator', async () => {
    const src = ['| a | b |  |', '|---|---|---|', '| x \\| y | 1 |  |', '| 0 | 0 |', '|---|---|', '| 5 | 6 |'].join('\n');
    const d = await textReader.read(enc(src));
    expect(tables(d).map(grid)).toEqual([
      [
        ['a', 'b', ''],
        ['x | y', '1', ''],
      ],
      [
        ['0', '0'],
        ['5', '6'],
      ],
    ]);
    expect(tables(d).map((t) => t.origin.line)).toEqual([1, 4]);
  });

  it('reads tab-separated rows as a table and drops all-empty trailing columns', async () => {
    const src = ['文字', '行政复议\t\t\t\t', '结果维持\t结果纠正\t总计\t\t', '0\t9\t9\t\t', 'x\t1', '', '0\t1\t2'].join('\n');
    const d = await textReader.read(enc(src));
    const ts = tables(d);
    expect(ts).toHaveLength(2);
    expect(grid(ts[0])).toEqual([
      ['行政复议', '', ''],
      ['结果维持', '结果纠正', '总计'],
      ['0', '9', '9'],
      ['x', '1', ''],
    ]);
    expect(ts[0].rows[3][1].origin.line).toBe(5);
    expect(grid(ts[1])).toEqual([['0', '1', '2']]);
  });

  it('decodes GBK-encoded text', async () => {
    const s = '二、主动公开政府信息情况\n规章\t0\t0\t0\n规范性文件\t1\t0\t1\n';
    const bytes = new Uint8Array(iconv.encode(s, 'gbk'));
    const d = await textReader.read(bytes);
    expect(texts(d)[0].text).toBe('二、主动公开政府信息情况');
    expect(grid(tables(d)[0])).toEqual([
      ['规章', '0', '0', '0'],
      ['规范性文件', '1', '0', '1'],
    ]);
  });

  it('reads the OCR transcript seed-shayibake-2024-txt into good table blocks', async () => {
    const d = await textReader.read(readFileSync(join(CORPUS, 'seed-shayibake-2024-txt', 'source.txt')));
    const ts = tables(d);
    expect(ts).toHaveLength(4);
    // table 二: one block, 4 columns after trimming the tab padding
    expect(ts[0].cols).toBe(4);
    expect(grid(ts[0])).toContainEqual(['规范性文件', '1', '0', '1']);
    expect(grid(ts[0])).toContainEqual(['行政处罚', '行政处罚 545', '', '']);
    // table 三 in two halves, each with its (repeated) header and 10 columns
    expect(ts[1].cols).toBe(10);
    expect(ts[2].cols).toBe(10);
    expect(grid(ts[1])[3]).toEqual(['', '、本年新', '所收政府信息公开申请数量', '49', '0', '0', '0', '0', '0', '49']);
    expect(grid(ts[1]).at(-1)).toEqual(['', '', '3.补正后申请内容仍不明确', '0', '0', '0', '0', '0', '0', '0']);
    expect(grid(ts[2])[2].slice(4)).toEqual(['商业企业', '科研机构', '社会 公益 组织', '法律 服务 机构', '其他', '总计']);
    expect(grid(ts[2]).at(-1)).toEqual(['', '四、结', '转下年度继续办理', '0', '0', '0', '0', '0', '0', '0']);
    // table 四: three header rows and the 15-number row
    expect(ts[3].cols).toBe(15);
    expect(grid(ts[3])).toHaveLength(4);
    expect(grid(ts[3])[3]).toEqual(['0', '9', '0', '0', '9', '0', '0', '0', '0', '0', '0', '0', '2', '0', '2']);
    expect(ts[3].rows[3][14].origin.line).toBe(87);
    expect(texts(d).some((b) => b.text === '二、主动公开政府信息情况')).toBe(true);
  });

  it('reads the broken markdown of shanghai-kewei-2024-md with one-row tables kept apart', async () => {
    const d = await textReader.read(readFileSync(join(CORPUS, 'shanghai-kewei-2024-md', 'source.md')));
    const ts = tables(d);
    const last = ts.find((t) => grid(t).some((r) => r[0] === '四、结转下年度继续办理'))!;
    expect(grid(last).at(-1)).toEqual(['四、结转下年度继续办理', '1', '0', '0', '0', '0', '0', '']);
    const lone = ts.filter((t) => t.cols === 7 && t.rows.length === 1);
    expect(lone.length).toBe(10);
    expect(ts.at(-1)!.cols).toBe(15);
    expect(texts(d).find((b) => b.origin.line === 172)!.text).toBe('1');
  });
});
