/**
 * The grid strategy (src/extract/grid/) alone, on grids shaped like the template's tables
 * (report-format.md Part B): values from where the matched row and column meet, never counted.
 */
import { describe, expect, it } from 'vitest';
import { readActiveGrid, readApplicationsGrid, readReviewGrid } from '../src/extract/grid/index.js';
import { expandGrid, type SpanCell } from '../src/model.js';
import { ACTIVE_2021, APPLICANT_COLUMNS, APPLICATIONS, OUTCOME_COLUMNS, REVIEW_LITIGATION } from '../src/template.js';

const cells = (texts: (string | SpanCell)[]) => texts.map((t) => (typeof t === 'string' ? { text: t } : t));
const table = (rows: (string | SpanCell)[][]) => expandGrid(rows.map(cells), 0);
const applicantHeader = (labels = APPLICANT_COLUMNS.map((c) => c.label)) => [
  [{ text: '本列数据的勾稽关系为：…', colSpan: 3 }, { text: '申请人情况', colSpan: 7 }],
  [{ text: '', colSpan: 3 }, '自然人', { text: '法人或其他组织', colSpan: 5 }, '总计'],
  [{ text: '', colSpan: 3 }, '', ...labels.slice(1, 6), ''],
];

describe('grid strategy: table 三', () => {
  it('reads rows by label under the applicant columns of a two-level header', () => {
    const t = table([
      ...applicantHeader(),
      [{ text: '一、本年新收政府信息公开申请数量', colSpan: 3 }, '80', '1', '0', '0', '0', '0', '81'],
      [{ text: '三、本年度办理结果', rowSpan: 2 }, { text: '（一）予以公开', colSpan: 2 }, '50', '1', '0', '0', '0', '0', '51'],
      [{ text: '（三）不予公开' }, '1.属于国家秘密', '0', '0', '0', '0', '0', '0', '0'],
    ]);
    const r = readApplicationsGrid([t], '2021')!;
    expect([...r.rowsFound]).toEqual(['new_received', 'granted', 'denied_state_secret']);
    expect(r.cells.get('new_received.natural_person')).toMatchObject({ value: 80, kind: 'number', raw: '80' });
    expect(r.cells.get('new_received.total')!.value).toBe(81);
    expect(r.cells.get('granted.commercial_enterprise')!.value).toBe(1);
    expect(r.warnings).toEqual([]);
  });

  it('places an unreadable header cell between the named columns and says so (column_inferred)', () => {
    const labels = APPLICANT_COLUMNS.map((c) => c.label);
    labels[2] = '科＃机构'; // damaged 科研机构
    const t = table([...applicantHeader(labels), [{ text: '一、本年新收政府信息公开申请数量', colSpan: 3 }, '8', '1', '2', '0', '0', '0', '11']]);
    const r = readApplicationsGrid([t], '2021')!;
    expect(r.cells.get('new_received.research_institution')!.value).toBe(2);
    expect(r.warnings.map((w) => w.code)).toEqual(['column_inferred']);
    expect(r.warnings[0].field).toBe('applications.*.research_institution');
  });

  it('places a damaged row label between matched neighbours (label_by_position) and keeps the first of a row printed twice', () => {
    const t = table([
      ...applicantHeader(),
      [{ text: '一、本年新收政府信息公开申请数量', colSpan: 3 }, '8', '1', '2', '0', '0', '0', '11'],
      [{ text: '▇▇▇▇▇', colSpan: 3 }, '1', '0', '0', '0', '0', '0', '1'],
      [{ text: '（一）予以公开', colSpan: 3 }, '5', '0', '0', '0', '0', '0', '5'],
      [{ text: '（一）予以公开', colSpan: 3 }, '9', '9', '9', '9', '9', '9', '54'],
    ]);
    const r = readApplicationsGrid([t], '2021')!;
    expect(r.cells.get('carried_over.total')!.value).toBe(1);
    expect(r.cells.get('granted.natural_person')!.value).toBe(5);
    expect(r.warnings.map((w) => [w.code, w.field])).toEqual([
      ['label_by_position', 'applications.carried_over'],
      ['row_duplicate', 'applications.granted'],
    ]);
    expect(APPLICATIONS.rows[1].key).toBe('carried_over');
  });
});

describe('grid strategy: table 二', () => {
  it('reads each block under its own header row; a caption row starts a block', () => {
    const t = table([
      [{ text: '第二十条第（一）项', colSpan: 4 }],
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '3'],
      ['行政规范性文件', '22（其中修订16件）', '1', '120'],
      [{ text: '第二十条第（八）项', colSpan: 4 }],
      ['信息内容', { text: '本年收费金额（单位：万元）', colSpan: 3 }],
      ['行政事业性收费', { text: '5949.088667', colSpan: 3 }],
    ]);
    const r = readActiveGrid([t], ACTIVE_2021)!;
    expect(r.cells.get('regulations.in_force')!.value).toBe(3);
    expect(r.cells.get('normative_documents.issued')).toMatchObject({ value: 22, kind: 'number' });
    expect(r.cells.get('fees.amount_wan_yuan')).toMatchObject({ value: 5949.088667, decimal: '5949.088667' });
    expect(r.warnings.map((w) => [w.code, w.field])).toEqual([['cell_note', 'active_disclosure.normative_documents.issued']]);
  });
});

describe('grid strategy: table 四', () => {
  const blocks = REVIEW_LITIGATION.rows.map((r) => r.label);
  const leaves = OUTCOME_COLUMNS.map((c) => c.label);
  it('reads the single value row under the 3 × 5 leaf header', () => {
    const t = table([
      [{ text: blocks[0], colSpan: 5 }, { text: '行政诉讼', colSpan: 10 }],
      [{ text: '', colSpan: 5 }, { text: blocks[1], colSpan: 5 }, { text: blocks[2], colSpan: 5 }],
      [...leaves, ...leaves, ...leaves],
      ['1', '1', '0', '0', '2', '0', '0', '0', '0', '0', '0', '1', '0', '0', '1'],
    ]);
    const r = readReviewGrid([t])!;
    expect([...r.rowsFound]).toEqual(['review', 'litigation_direct', 'litigation_after_review']);
    expect(r.cells.get('review.total')!.value).toBe(2);
    expect(r.cells.get('litigation_after_review.corrected')!.value).toBe(1);
    expect(r.warnings).toEqual([]);
  });
  it('takes 15 numbers in template order when the leaf header is damaged (columns_by_order), refuses 14', () => {
    const head = [{ text: blocks[0], colSpan: 5 }, { text: '行政诉讼', colSpan: 10 }];
    const values = ['1', '1', '0', '0', '2', '0', '0', '0', '0', '0', '0', '1', '0', '0', '1'];
    const ok = readReviewGrid([table([head, ['维持', '', '', '', '', '', '', '', '', '', '', '', '', '', ''], values])])!;
    expect(ok.cells.get('litigation_after_review.total')!.value).toBe(1);
    expect(ok.warnings.map((w) => w.code)).toEqual(['columns_by_order']);
    const bad = readReviewGrid([table([head, ['维持', '', '', '', '', '', '', '', '', '', '', '', '', ''], values.slice(1)])])!;
    expect(bad.rowsFound.size).toBe(0);
    expect(bad.warnings.map((w) => w.code)).toEqual(['table_unreadable']);
  });
});
