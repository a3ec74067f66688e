/**
 * OCR'd tables through the text-PDF join (src/read/ocr/frag.ts → src/read/pdf/join.ts): the
 * blocks of table 四 as the city-2020 scan gives them (header rows ending page 3, the row of
 * numbers opening page 4, as printed in fixtures/pdf-sweep/libreoffice/city-2020/s012.pdf: same
 * frame, 15 columns of 33 pt), with their boxes in points (top-left origin, A4 page 842 pt high),
 * and the pairs that must stay apart.
 */
import { describe, expect, it } from 'vitest';
import type { Block, Origin, TableBlock } from '../src/model.js';
import type { OcrEngine } from '../src/read/ocr/engine.js';
import { joinOcrBlocks, ocrFrag } from '../src/read/ocr/frag.js';
import { OcrSession } from '../src/read/ocr/session.js';

const H = 842;
let nextId = 1;
/** A ruled table read by OCR: `rows` of cell texts, top at `y` (pt from the page top), rows 20 pt high, columns 33 pt wide from x = 50. */
const block = (page: number, table: number, y: number, rows: string[][], x0 = 50, w = 33): TableBlock => ({
  kind: 'table',
  cols: rows[0].length,
  origin: { page, table },
  rows: rows.map((r, ri) =>
    r.map((text, ci) => ({ text, id: nextId++, confidence: 0.9, origin: { page, table, row: ri, col: ci, bbox: { page, x: x0 + ci * w, y: y + ri * 20, w, h: 20 } } })),
  ),
});
const V = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const header = () => block(3, 3, 700, [[...Array(5).fill('行政复议'), ...Array(10).fill('行政诉讼')], [...V, ...Array(5).fill('未经复议直接起诉'), ...Array(5).fill('复议后起诉')], [...V, ...V, ...V]]);
const numbers = () => block(4, 4, 72, [['2', '0', '3', '1', '6', '0', '2', '2', '0', '4', '1', '2', '1', '2', '6']]);
const heights = new Map([[3, H], [4, H], [5, H]]);
const tables = (bs: Block[]) => bs.filter((b): b is TableBlock => b.kind === 'table');

describe('OCR’d page tables joined by the text-PDF join', () => {
  it('a fragment in PDF user space: column boundaries from the cells’ edges, tops from the page height', () => {
    const f = ocrFrag(numbers(), H);
    expect(f.xs).toEqual(Array.from({ length: 16 }, (_, i) => 50 + i * 33));
    expect(f).toMatchObject({ page: 4, rows: 1, x0: 50, x1: 545, top: H - 72, bottom: H - 92 });
    expect(f.regions[4]).toMatchObject({ text: '6', c0: 4, c1: 5, box: { x0: 182, x1: 215, top: H - 72, bottom: H - 92 } });
  });

  it('joins the header ending page 3 with the numbers opening page 4; cells keep id, box and confidence; the session is re-indexed', () => {
    const h = header(), n = numbers();
    const seen: Block[][] = [];
    const out = tables(joinOcrBlocks([h, n], heights, { reindex: (b) => void seen.push(b) }));
    expect(out).toHaveLength(1);
    expect(out[0].rows.map((r) => r[4].text)).toEqual(['行政复议', '总计', '总计', '6']);
    const six = out[0].rows[3][4];
    expect(six.id).toBe(n.rows[0][4].id); // the OCR session finds the cell by its id
    expect(six.confidence).toBe(0.9);
    expect(six.origin).toMatchObject({ page: 4, table: 0, row: 3, col: 4, bbox: { page: 4, x: 182, y: 72, w: 33, h: 20 } } satisfies Partial<Origin>);
    expect(seen).toHaveLength(1);
  });

  it('a number cut by the break (`1` at the foot of page 3, `05` atop page 4, no label below) is joined `1\\n05` and marked incomplete, never confirmed from one half', () => {
    const top = block(3, 3, 700, [['（一）行政许可', '3', '4'], ['（二）行政处罚', '1', '']]);
    const bottom = block(4, 4, 72, [['', '05', '']]);
    const session = new OcrSession({} as OcrEngine); // no engine needed: nothing is read here
    session.add([...top.rows.flat(), ...bottom.rows.flat()].map((cell) => ({ cell, ink: 'digits' as const, readings: [] })));
    const out = tables(joinOcrBlocks([top, bottom], heights, session));
    expect(out).toHaveLength(1);
    expect(out[0].rows).toHaveLength(2);
    expect(out[0].rows[1][1].text).toBe('1\n05');
    expect(out[0].rows[1][1].incomplete).toMatch(/page break/);
    expect(out[0].rows[1][1].origin.bbox_parts).toHaveLength(2);
    // the verification finds the joined table's other OCR'd cells where they now stand, not the cut number
    expect(session.at(out[0].rows[0][1].origin)?.cell.id).toBe(top.rows[0][1].id);
    expect(session.at(out[0].rows[1][1].origin)).toBeUndefined();
  });

  it('keeps apart: another frame, pages not adjacent, a table that is not the last of its page', () => {
    const narrower = block(4, 4, 72, [['2', '0', '3', '1', '6']]);
    expect(tables(joinOcrBlocks([header(), narrower], heights, { reindex: () => {} }))).toHaveLength(2);
    const onPage5 = block(5, 4, 72, numbers().rows.map((r) => r.map((c) => c.text)));
    expect(tables(joinOcrBlocks([header(), onPage5], heights, { reindex: () => {} }))).toHaveLength(2);
    const after = block(3, 4, 780, [['说明', '无']], 100, 150); // a narrower table below the header on page 3: the header is not the page's last
    expect(tables(joinOcrBlocks([header(), after, numbers()], heights, { reindex: () => {} }))).toHaveLength(3);
  });
});
