/**
 * joinHeaderContinuations (src/read/ocr/continued.ts): the OCR'd blocks of table 四 as the city-2020
 * scan gives them (header rows ending page 3, the row of numbers opening page 4, as printed in
 * fixtures/pdf-sweep/libreoffice/city-2020/s012.pdf), and the pairs that must stay apart.
 */
import { describe, expect, it } from 'vitest';
import type { TableBlock } from '../src/model.js';
import { joinHeaderContinuations } from '../src/read/ocr/index.js';

const block = (page: number, table: number, rows: string[][]): TableBlock => ({
  kind: 'table',
  cols: rows[0].length,
  origin: { page, table },
  rows: rows.map((r, ri) => r.map((text, ci) => ({ text, id: page * 1000 + table * 100 + ri * 20 + ci, origin: { page, table, row: ri, col: ci } }))),
});
const V = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const header = () => block(3, 3, [[...Array(5).fill('行政复议'), ...Array(10).fill('行政诉讼')], [...V, ...Array(5).fill('未经复议直接起诉'), ...Array(5).fill('复议后起诉')], [...V, ...V, ...V]]);
const numbers = () => block(4, 4, [['2', '0', '3', '1', '6', '0', '2', '2', '0', '4', '1', '2', '1', '2', '6']]);

describe('a ruled table cut right under its header by a page break (OCR reader)', () => {
  it('joins the header-only table ending a page with the numbers-only table opening the next', () => {
    const out = joinHeaderContinuations([header(), numbers()]);
    expect(out).toHaveLength(1);
    expect(out[0].rows.map((r) => r[4].text)).toEqual(['行政复议', '总计', '总计', '6']);
    expect(out[0].rows[3][0].origin).toMatchObject({ page: 4, table: 4, row: 0 }); // the OCR session finds the cell by it
  });

  it('keeps apart: a first block with numbers, a second with labels, other column counts, pages not adjacent, a table between', () => {
    const withNumber = header();
    withNumber.rows[2][0].text = '1';
    expect(joinHeaderContinuations([withNumber, numbers()])).toHaveLength(2);
    const labelled = numbers();
    labelled.rows[0][0].text = '行政复议';
    expect(joinHeaderContinuations([header(), labelled])).toHaveLength(2);
    const narrower = block(4, 4, [['2', '0', '3', '1', '6']]);
    expect(joinHeaderContinuations([header(), narrower])).toHaveLength(2);
    expect(joinHeaderContinuations([header(), { ...numbers(), origin: { page: 5, table: 4 } }])).toHaveLength(2);
    const later = block(3, 4, [['7']]); // a table with numbers after the header-only one on page 3: the header is not the page's last
    expect(joinHeaderContinuations([header(), { ...later, cols: 15, rows: [Array(15).fill(later.rows[0][0])] }, numbers()]).length).toBe(3);
  });
});
