/**
 * The join of tables continued over page breaks (src/read/pdf/join.ts): each
 * step on small fragments shaped like the LibreOffice / WPS prints, then the
 * field cases (pdf-row-split-across-pages, pdf-table4-split-page, copied into
 * fixtures/pdf/) through the whole pipeline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { ResultSchema } from '../src/schema.js';
import { readCell } from '../src/extract/grid/cells.js';
import type { ExtractWarning } from '../src/extract/types.js';
import { APPLICANT_COLUMNS } from '../src/template.js';
import { isSplitRow, markOpenEnd, rowKind, stack } from '../src/read/pdf/join.js';
import type { Region, TableFrag } from '../src/read/pdf/types.js';
import { compare, FIXTURES, type Expected } from './helpers/corpus.js';

/** A fragment from rows of cell texts (one region per cell; `^` continues the cell above, `<` the cell to the left). */
function frag(page: number, rows: string[][], opts: Partial<TableFrag> = {}): TableFrag {
  const cols = rows[0].length;
  const xs = Array.from({ length: cols + 1 }, (_, i) => 50 + i * 40);
  const regions: Region[] = [];
  const owner: (Region | undefined)[][] = rows.map(() => new Array<Region | undefined>(cols));
  rows.forEach((row, r) =>
    row.forEach((text, c) => {
      if (text === '^') {
        const g = owner[r - 1][c]!;
        g.r1 = r + 1;
        owner[r][c] = g;
        return;
      }
      if (text === '<') {
        const g = owner[r][c - 1]!;
        g.c1 = c + 1;
        owner[r][c] = g;
        return;
      }
      const top = 700 - r * 20;
      const g: Region = { r0: r, r1: r + 1, c0: c, c1: c + 1, text, page, x: xs[c], y: top - 15, box: { page, x0: xs[c], x1: xs[c + 1], top, bottom: top - 20 } };
      regions.push(g);
      owner[r][c] = g;
    }),
  );
  return { page, lastPage: page, xs, rows: rows.length, regions, x0: xs[0], x1: xs[cols], top: 700, bottom: 700 - rows.length * 20, ...opts };
}

/** The joined table as rows of texts (a cell's text at its top-left position only). */
function texts(t: TableFrag): string[][] {
  const out = Array.from({ length: t.rows }, () => new Array<string>(t.xs.length - 1).fill('·'));
  for (const g of t.regions) out[g.r0][g.c0] = g.text;
  return out;
}

describe('join: a row split by a page break', () => {
  it('joins the halves column by column when both hold digits (field case pdf-row-split-across-pages: 1 + 05 → 105)', () => {
    const up = frag(2, [
      ['7.属于行政执法案卷', '9', '9'],
      ['8.属于行政查询事项', '1', '1'],
    ]);
    const down = frag(3, [
      ['', '05', '05'],
      ['（四）无法提供', '746', '769'],
    ]);
    const t = stack(up, down);
    expect(texts(t)).toEqual([
      ['7.属于行政执法案卷', '9', '9'],
      ['8.属于行政查询事项', '1\n05', '1\n05'],
      ['（四）无法提供', '746', '769'],
    ]);
    const cut = t.regions.find((g) => g.text === '1\n05')!;
    expect(cut.parts?.map((p) => p.page)).toEqual([2, 3]);
  });

  it('joins a label that goes on below when the values stand in one half (no new enumerated item starts)', () => {
    const t = stack(frag(2, [['（二）部分公开（区分处理的，', '447', '454']]), frag(3, [['只计这一情形）', '', ''], ['（三）不予公开', '2', '2']]));
    expect(texts(t)).toEqual([
      ['（二）部分公开（区分处理的，只计这一情形）', '447', '454'],
      ['（三）不予公开', '2', '2'],
    ]);
  });

  it('joins a row whose label and values both wrap over the break, in a column of enumerated labels (sweep: 67 printed 6 | 7)', () => {
    const up = frag(3, [
      ['1.信访举报投诉类申请', '56'],
      ['2.重复申请', '25'],
      ['1.申请人无正当理由逾期不补正、行政机关不再处理', '6'],
    ]);
    const down = frag(4, [['其政府信息公开申请', '7'], ['2.申请人逾期未按收费通知要求缴纳费用', '6']]);
    expect(texts(stack(up, down)).slice(2)).toEqual([
      ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '6\n7'],
      ['2.申请人逾期未按收费通知要求缴纳费用', '6'],
    ]);
  });

  it('never joins a row that starts a new enumerated item, even where the page-foot rule is missing (WPS, corpus hongze-2023)', () => {
    const up = frag(3, [['2.没有现成信息需要另行制作', '3', '3']], { openBottom: true });
    const down = frag(4, [['3.补正后申请内容仍不明确', '0', '0']]);
    expect(texts(stack(up, down))).toHaveLength(2);
  });

  it('never joins two labelled data rows on an open break alone (table 二: 行政处罚 / 行政强制)', () => {
    const up = frag(1, [['行政处罚', '4119']], { openBottom: true });
    const down = frag(2, [['行政强制', '195']]);
    expect(texts(stack(up, down))).toEqual([
      ['行政处罚', '4119'],
      ['行政强制', '195'],
    ]);
  });

  it('drops an empty continuation row', () => {
    const t = stack(frag(1, [['1.信访举报投诉类申请', '56', '62']]), frag(2, [['', '', ''], ['2.重复申请', '25', '25']]));
    expect(texts(t)).toEqual([
      ['1.信访举报投诉类申请', '56', '62'],
      ['2.重复申请', '25', '25'],
    ]);
  });
});

describe('join: headers', () => {
  it('never merges the first data row of a page into a header row ending the page before (field case pdf-table4-split-page)', () => {
    const up = frag(3, [
      ['行政复议', '<', '行政诉讼', '<'],
      ['结果维持', '结果纠正', '结果维持', '结果纠正'],
    ]);
    const down = frag(4, [['72', '64', '13', '4']]);
    expect(texts(stack(up, down))).toEqual([
      ['行政复议', '·', '行政诉讼', '·'],
      ['结果维持', '结果纠正', '结果维持', '结果纠正'],
      ['72', '64', '13', '4'],
    ]);
  });

  it('rejoins a header row cut by the break (table 三: 商业 / 企业)', () => {
    const up = frag(2, [
      ['', '申请人情况', '<', '<'],
      ['^', '自然人', '商业', '科研'],
    ]);
    const down = frag(3, [
      ['', '', '企业', '机构'],
      ['一、本年新收', '3001', '53', '0'],
    ]);
    expect(texts(stack(up, down))).toEqual([
      ['', '申请人情况', '·', '·'],
      ['·', '自然人', '商业企业', '科研机构'],
      ['一、本年新收', '3001', '53', '0'],
    ]);
  });

  it('rejoins cells of a header band cut between two header rows, and keeps the lower row', () => {
    const up = frag(3, [
      ['行政复议', '<', '行政诉讼', '<'],
      ['结果维持', '结果纠正', '未经复议直接起诉', '<'],
    ]);
    const down = frag(4, [
      ['', '', '结果维持', '结果纠正'],
      ['72', '64', '13', '4'],
    ]);
    const t = stack(up, down);
    expect(texts(t)).toEqual([
      ['行政复议', '·', '行政诉讼', '·'],
      ['结果维持', '结果纠正', '未经复议直接起诉', '·'],
      ['·', '·', '结果维持', '结果纠正'],
      ['72', '64', '13', '4'],
    ]);
    expect(t.regions.find((g) => g.text === '结果维持' && g.c0 === 0)).toMatchObject({ r0: 1, r1: 3 });
  });

  it('drops a header repeated at the top of the next page', () => {
    const head = [
      ['信息内容', '本年新制发件数'],
      ['规章', '1'],
    ];
    const t = stack(frag(1, head), frag(2, [['信息内容', '本年新制发件数'], ['行政规范性文件', '8']]));
    expect(texts(t)).toEqual([...head, ['行政规范性文件', '8']]);
  });
});

describe('join: the steps alone', () => {
  it('classifies the halves of a row', () => {
    const f = frag(1, [['自然人', '商业企业'], ['一、本年新收', '3001'], ['（三）不予公开', ''], ['', '']]);
    const row = (r: number) => f.regions.filter((g) => g.r0 === r);
    expect([0, 1, 2, 3].map((r) => rowKind(row(r), 1))).toEqual(['header', 'data', 'label', 'empty']);
  });

  it('an open break joins a label-less data row even when the cells do not line up', () => {
    const up = frag(2, [['8.属于行政查询事项', '1']]).regions;
    const down = frag(3, [['', '05']]).regions;
    down[1].c0 = 1;
    down[1].c1 = 2;
    expect(isSplitRow(up, down, 1, true)).toBe(true);
    expect(isSplitRow(up, [{ ...down[0], text: '1.本机关不掌握' }, down[1]], 1, true)).toBe(false);
  });
});

describe('join: a number cut by a page break whose other part is lost', () => {
  it('marks the numbers of the last row of a table open at the page foot, and the extractor reads them as null with a warning', () => {
    const f = frag(2, [['7.属于行政执法案卷', '9'], ['', '1']], { openBottom: true });
    markOpenEnd(f);
    const cut = f.regions.find((g) => g.text === '1')!;
    expect(cut.incomplete).toMatch(/page 2/);
    const warnings: ExtractWarning[] = [];
    const reading = readCell({ text: '1', id: 1, origin: { page: 2 }, incomplete: cut.incomplete }, APPLICANT_COLUMNS[0], 'applications.denied_admin_query.natural_person', warnings);
    expect(reading).toMatchObject({ value: null, kind: 'unreadable', raw: '1' });
    expect(warnings.map((w) => w.code)).toEqual(['cell_unreadable']);
  });

  it('leaves a closed table alone', () => {
    const closed = frag(2, [['7.属于行政执法案卷', '9'], ['', '1']]);
    markOpenEnd(closed);
    expect(closed.regions.some((g) => g.incomplete)).toBe(false);
  });
});

describe('join: field cases (LibreOffice prints of the filled huaian-2024 template)', () => {
  const run = async (name: string) => {
    const file = path.join(FIXTURES, 'pdf', `${name}.pdf`);
    const exp = JSON.parse(readFileSync(path.join(FIXTURES, 'pdf', `${name}.expected.json`), 'utf8')) as Expected;
    const result = await extract(readFileSync(file), { path: file });
    return { result, exp };
  };

  it('pdf-row-split-across-pages: 105 split as 1 | 05 over pages 2–3 is read 105, table 四 (header page 3, data page 4) read', async () => {
    const { result, exp } = await run('row-split-across-pages');
    expect(compare(result, exp)).toEqual([]);
    expect(result.tables.applications.denied_admin_query.natural_person).toBe(105);
    expect(result.warnings).toEqual([]);
    ResultSchema.parse(result);
    // the cell's box on each page: the foot of page 2 (A4, 841.89 pt high) and the top of page 3, in one value column
    const cell = result.cells['applications.denied_admin_query.natural_person'];
    expect(cell.bbox_parts?.map((b) => b.page)).toEqual([2, 3]);
    expect(cell.bbox).toEqual(cell.bbox_parts?.[0]);
    const [upper, lower] = cell.bbox_parts!;
    expect(upper.y + upper.h).toBeGreaterThan(700); // reaches down to the page foot
    expect(lower.y).toBeLessThan(100); // starts at the page top
    expect(lower.x).toBeCloseTo(upper.x, 0);
    expect(upper.w).toBeGreaterThan(10);
    expect(upper.w).toBeLessThan(20); // the narrowed 300-twip (15 pt) column
    // a cell on one page has a box and no parts
    const one = result.cells['applications.new_received.total'];
    expect(one.bbox?.page).toBe(2);
    expect(one.bbox_parts).toBeUndefined();
  });

  it('pdf-table4-split-page: table 四 with its header at the foot of page 3 and its data row on page 4', async () => {
    const { result, exp } = await run('table4-split-page');
    expect(compare(result, exp)).toEqual([]);
    expect(result.tables.review_litigation.review).toEqual({ upheld: 72, corrected: 64, other: 178, pending: 37, total: 351 });
    expect(result.warnings).toEqual([]);
  });

  it('control-wrap-same-page: numbers wrapped inside cells on one page stay exact', async () => {
    const { result, exp } = await run('row-wrap-same-page');
    expect(compare(result, exp)).toEqual([]);
  });
});
