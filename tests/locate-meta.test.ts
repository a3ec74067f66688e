/**
 * Locating the sections and tables (src/extract/locate.ts) and reading the report's metadata
 * (src/extract/meta.ts), on text shaped like real reports (headings and title lines as the
 * corpus prints them).
 */
import { describe, expect, it } from 'vitest';
import { classifyTable, headingOf, locate, splitLongBlocks } from '../src/extract/locate.js';
import { findPublished, findTitle, parseTitle, periodYear, readMeta } from '../src/extract/meta.js';
import { expandGrid, type Block, type TextBlock } from '../src/model.js';

const text = (t: string, line = 1): TextBlock => ({ kind: 'text', text: t, origin: { line } });
const texts = (bs: Block[]) => bs.map((b) => (b.kind === 'text' ? b.text : '<table>'));

describe('locate: section headings', () => {
  it('recognises the three table headings in their printed variants, and the trailing parts', () => {
    expect(headingOf('二、主动公开政府信息情况')).toBe('active_disclosure');
    expect(headingOf('（三）收到和处理政府信息公开申请情况')).toBe('applications');
    expect(headingOf('四、政府信息公开行政复议、行政诉讼情况')).toBe('review_litigation');
    expect(headingOf('表三：收到和处理政府信息公开申请情况')).toBe('applications');
    expect(headingOf('四、政府資訊公開行政複議、行政訴訟情況')).toBe('review_litigation');
    expect(headingOf('五、存在的主要问题及改进情况')).toBe('trailing');
  });
  it('does not take a sentence that mentions a heading for the heading', () => {
    expect(headingOf('本机关认真做好主动公开政府信息情况的统计，全年共主动公开政府信息1200条，较上年有所增加。')).toBeNull();
  });
  it('cuts a one-line dump at the embedded headings, keeping the raw text (Traditional too)', () => {
    const body = '前言'.repeat(120);
    const dump = `${body}二、 主動公開政府資訊情況 第二十條…規章 000三、收到和處理政府資訊公開申請情況（本列資料）…五、存在的主要問題及改進情況 無`;
    const out = splitLongBlocks([text(dump)]);
    expect(texts(out)).toEqual([body, '二、 主動公開政府資訊情況', ' 第二十條…規章 000', '三、收到和處理政府資訊公開申請情況', '（本列資料）…', '五、存在的主要問題及改進情況', ' 無']);
  });
});

describe('locate: tables', () => {
  it('classifies table blocks by the template labels they hold', () => {
    const t2 = expandGrid([['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', '0', '0', '0'], ['行政规范性文件', '1', '0', '2']].map((r) => r.map((x) => ({ text: x }))));
    const t4 = expandGrid([['行政复议', '行政诉讼'], ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']].map((r) => r.map((x) => ({ text: x }))));
    expect(classifyTable(t2).id).toBe('active_disclosure');
    expect(classifyTable(t4).id).toBe('review_litigation');
    expect(classifyTable(expandGrid([[{ text: '序号' }, { text: '名称' }]])).id).toBeNull();
  });
  it('gives each section its text and its tables, flattened rows offered to the stream strategy', () => {
    const t4 = expandGrid([['行政复议', '行政诉讼'], ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'], ['1', '0', '0', '0', '1']].map((r) => r.map((x) => ({ text: x }))));
    const loc = locate({ format: 'html', warnings: [], blocks: [text('四、政府信息公开行政复议、行政诉讼情况'), t4, text('五、存在的主要问题及改进情况'), text('无')] });
    expect(loc.tables.review_litigation).toEqual([t4]);
    expect(loc.headingFound).toEqual({ active_disclosure: false, applications: false, review_litigation: true });
    // the short header row is not padded: positions no printed cell covers are left out
    expect(loc.sectionText.review_litigation.map((b) => b.text)).toEqual(['四、政府信息公开行政复议、行政诉讼情况', '行政复议\t行政诉讼', '结果维持\t结果纠正\t其他结果\t尚未审结\t总计', '1\t0\t0\t0\t1']);
  });
});

describe('locate: tables by their content', () => {
  // table 四 of pingtan-2023 (1 1 0 0 2 | 4 0 0 1 5 | 1 0 1 0 2) with its block header row lost, its header cut
  // (其他结果 → 其他, 尚未审结 → 尚未, as a conversion leaves them) and no heading: two outcome labels
  // name it, too few to classify the block, enough to locate its section
  const outcome = ['结果维持', '结果纠正', '其他', '尚未', '总计'];
  const t4 = expandGrid([[...outcome, ...outcome, ...outcome], ['1', '1', '0', '0', '2', '4', '0', '0', '1', '5', '1', '0', '1', '0', '2']].map((r) => r.map((x) => ({ text: x }))));
  const t2 = expandGrid([['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', '0', '0', '0'], ['行政规范性文件', '77', '132', '470']].map((r) => r.map((x) => ({ text: x }))));

  it('opens the section of a table whose heading is missing at its labels, in a table block too', () => {
    expect(classifyTable(t4).id).toBeNull();
    const loc = locate({ format: 'html', warnings: [], blocks: [text('二、主动公开政府信息情况'), t2, text('说明：本年度无行政复议、行政诉讼。'), t4, text('五、存在的主要问题及改进情况')] });
    expect(loc.sectionText.review_litigation.map((b) => b.text)).toEqual([outcome.concat(outcome, outcome).join('\t'), '1\t1\t0\t0\t2\t4\t0\t0\t1\t5\t1\t0\t1\t0\t2']);
    expect(loc.warnings.map((w) => [w.code, w.field])).toEqual([['table_by_content', 'review_litigation']]);
    // the narrative before names no two labels: it stays in table 二's section
    expect(loc.sectionText.active_disclosure.map((b) => b.text)).toContain('说明：本年度无行政复议、行政诉讼。');
  });

  it('does not take a narrative sentence before the tables for table 四 (its labels are searched after table 三 starts)', () => {
    const narrative = text('全年行政复议结果维持1件、结果纠正1件。');
    const loc = locate({ format: 'text', warnings: [], blocks: [narrative, text('二、主动公开政府信息情况'), t2, text('三、收到和处理政府信息公开申请情况'), text('五、存在的主要问题及改进情况')] });
    expect(loc.sectionText.review_litigation).toEqual([]);
    expect(loc.warnings).toEqual([]);
  });
});

describe('meta', () => {
  it('reads the title, agency and year from a title line (also behind a 标题: label, or in Chinese numerals)', () => {
    expect(findTitle([text('标题: 平潭综合实验区2021年度政府信息公开工作年度报告')])).toBe('平潭综合实验区2021年度政府信息公开工作年度报告');
    expect(parseTitle('平潭综合实验区2021年度政府信息公开工作年度报告')).toEqual({ agency: '平潭综合实验区', year: 2021 });
    expect(parseTitle('淮安市人民政府办公室二〇二四年政府信息公开工作年度报告')).toEqual({ agency: '淮安市人民政府办公室', year: 2024 });
    expect(parseTitle('2023年度上海市科学技术委员会政府信息公开工作年度报告')).toEqual({ agency: '上海市科学技术委员会', year: 2023 });
  });
  it('joins a title wrapped over lines (PDF conversions)', () => {
    expect(findTitle([text('洪泽区人民政府2023年'), text('政府信息公开工作年度报告')])).toBe('洪泽区人民政府2023年政府信息公开工作年度报告');
  });
  it('joins the agency line above a title that starts with its year (a title set over two lines, OCR reads each apart)', () => {
    expect(findTitle([text('淮安市人民政府'), text('2024年政府信息公开工作年度报告')])).toBe('淮安市人民政府2024年政府信息公开工作年度报告');
    expect(findTitle([text('南京市鼓楼区教育局'), text('2023年度政府信息公开工作年度报告')])).toBe('南京市鼓楼区教育局2023年度政府信息公开工作年度报告');
    // not an agency above: the title alone
    expect(findTitle([text('附件2'), text('2024年政府信息公开工作年度报告')])).toBe('2024年政府信息公开工作年度报告');
    expect(findTitle([text('（2025年1月20日）'), text('2024年政府信息公开工作年度报告')])).toBe('2024年政府信息公开工作年度报告');
    // a title that names its agency is never extended
    expect(findTitle([text('淮安市人民政府'), text('淮安市人民政府2024年政府信息公开工作年度报告')])).toBe('淮安市人民政府2024年政府信息公开工作年度报告');
  });
  it('takes the published date from the signature line at the end, else a 发布时间 header', () => {
    expect(findPublished([text('正文'), text('淮安市人民政府办公室'), text('2025年1月20日')])).toBe('2025-01-20');
    expect(findPublished([text('发布时间: 2022-02-08 16:34'), text('正文。')])).toBe('2022-02-08');
    expect(findPublished([text('正文。')])).toBeNull();
  });
  it('falls back to the statistical period for the year', () => {
    expect(periodYear([text('本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。')])).toBe(2023);
    expect(readMeta([text('某机关政府信息公开年度报告'), text('统计期限自2022年1月1日至12月31日。')]).year).toBe(2022);
  });
});
