/**
 * Template-version detection from table 二 (src/extract/version.ts), against the labels of
 * report-format.md Part B: 2019 prints 处理决定数量, 2021 prints 本年处理决定数量.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { expandGrid } from '../src/model.js';
import { versionFromTables, versionFromText } from '../src/extract/version.js';

const grid = (rows: string[][]) => expandGrid(rows.map((r) => r.map((text) => ({ text }))));

describe('template version from table 二', () => {
  it('answers 2021 for a header holding only the 2021 label 本年处理决定数量 (issue 12, bug 3: per-cell substring scoring said 2019)', () => {
    const t = grid([
      ['第二十条第（五）项', '第二十条第（五）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政许可', '5'],
      ['第二十条第（六）项', '第二十条第（六）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政处罚', '7'],
      ['行政强制', '0'],
    ]);
    expect(versionFromTables([t])).toBe('2021');
    expect(versionFromText(['信息内容 本年处理决定数量 行政许可 5'])).toBe('2021');
  });
  it('answers 2019 for the 2019 label 处理决定数量 and for 政府集中采购', () => {
    expect(versionFromTables([grid([['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], ['行政许可', '1', '0', '3']])])).toBe('2019');
    expect(versionFromText(['（九）政府集中采购 采购项目数量 采购总金额'])).toBe('2019');
  });
  it('takes only the 2019-only rows as row markers: 行政规范性文件 of a sparse 2021 table does not count for 2019', () => {
    expect(versionFromTables([grid([['信息内容', '本年制发件数'], ['行政规范性文件', '5']])])).toBe('2021');
    expect(versionFromText(['行政规范性文件 本年制发件数 5'])).toBe('2021');
  });
  it('decides nothing when table 二 names no distinctive label', () => {
    expect(versionFromTables([grid([['信息内容', '数量'], ['行政许可', '5']])])).toBeNull();
    expect(versionFromText(['行政许可 5'])).toBeNull();
  });
  it('reads a 2019-year page whose table 二 prints only 本年处理决定数量 as the 2021 template, with no template_guessed warning', async () => {
    const html = `<html><body><p>某县2019年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>
<table><tr><td colspan="2">第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>5</td></tr>
<tr><td colspan="2">第二十条第（六）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政处罚</td><td>7</td></tr><tr><td>行政强制</td><td>0</td></tr></table>
</body></html>`;
    const r = await extract(new TextEncoder().encode(html));
    expect(r.report.year).toBe(2019);
    expect(r.report.template).toBe('2021');
    expect(r.warnings.map((w) => w.code)).not.toContain('template_guessed');
    expect((r.tables.active_disclosure as Record<string, Record<string, number | null>>).licensing.decisions).toBe(5);
  });
});
