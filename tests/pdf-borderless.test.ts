/**
 * The borderless-table chain (src/read/pdf/borderless*.ts), step by step on
 * runs of positioned text shaped like a table 四 / table 三 print without
 * rules, and the PDF settings reachable through the read options.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TableBlock } from '../src/model.js';
import { pdfReader } from '../src/read/pdf.js';
import { bands, bandPieces, columnGrid, valueSeeds } from '../src/read/pdf/borderless-columns.js';
import { buildBorderless, isRowish, tableRuns } from '../src/read/pdf/borderless.js';
import type { Line } from '../src/read/pdf/text.js';
import { DEFAULT_SETTINGS, pdfSettings, type TextItem } from '../src/read/pdf/types.js';
import { FIXTURES } from './helpers/corpus.js';

const S = DEFAULT_SETTINGS.borderless;
/** A run of text at x (left edge), width = 6 pt a character, baseline y, 12 pt. */
const item = (str: string, x: number, y: number): TextItem => ({ str, x0: x, x1: x + [...str].length * 6, y, size: 12, page: 1 });
const line = (...its: TextItem[]): Line => ({ items: its, y: its[0].y, x0: its[0].x0, x1: its[its.length - 1].x1, size: 12, page: 1 });

// 申请人 header over two value columns; two labelled value rows; a label wrapped onto a second line
const run: Line[] = [
  line(item('信息内容', 50, 700), item('自然人', 200, 700), item('总计', 260, 700)),
  line(item('1.属于国家秘密', 50, 680), item('12', 206, 680), item('12', 263, 680)),
  line(item('2.其他法律行政法规禁止', 50, 660), item('3', 209, 660), item('31', 263, 660)),
  line(item('公开', 50, 646)),
];

describe('borderless chain: each step alone', () => {
  it('step 0: a value row is numbers standing a column gap apart from the text before them', () => {
    expect(isRowish(run[1], S)).toBe(true);
    expect(isRowish(run[0], S)).toBe(false);
    // a run ends with its last value row (a label wrapped below it is left to the text)
    expect(tableRuns(run, 595, S)).toEqual([run.slice(0, 3)]);
    // one value row is no table
    expect(tableRuns(run.slice(0, 2), 595, S)).toEqual([]);
  });

  it('step 1: value columns are clusters of number positions', () => {
    const nums = run.flatMap((l) => l.items).filter((it) => /^\d+$/.test(it.str));
    const seeds = valueSeeds(nums, 12, S);
    expect(seeds.map((s) => s.items.map((it) => it.str))).toEqual([
      ['12', '3'],
      ['12', '31'],
    ]);
  });

  it('steps 2–3: one label column, two value columns; bands by baseline; pieces per band', () => {
    const all = run.flatMap((l) => l.items);
    const nums = all.filter((it) => /^\d+$/.test(it.str));
    const grid = columnGrid(all, new Set([...run[1].items, ...run[2].items]), valueSeeds(nums, 12, S), 12, S)!;
    expect(grid.nLabel).toBe(1);
    expect(grid.xs).toHaveLength(4);
    const { ys, bandOf } = bands(all, 12, S);
    expect(ys).toEqual([700, 680, 660, 646]);
    const { pieces, kind } = bandPieces(all, grid, ys, bandOf, 12, S);
    expect(kind).toEqual(['H', 'A', 'A', 'L']);
    expect(pieces[1].map((p) => [p.str, p.c0])).toEqual([
      ['1.属于国家秘密', 0],
      ['12', 1],
      ['12', 2],
    ]);
  });

  it('steps 4–7: the fragment, the wrapped label joined to its row, every cell with a box', () => {
    const f = buildBorderless(run, 1, S)!;
    const text = (r: number, c: number) => f.regions.find((g) => g.r0 === r && g.c0 === c)?.text;
    expect(f.rows).toBe(3);
    expect([text(0, 0), text(0, 1), text(0, 2)]).toEqual(['信息内容', '自然人', '总计']);
    expect([text(2, 0), text(2, 1), text(2, 2)]).toEqual(['2.其他法律行政法规禁止\n公开', '3', '31']);
    for (const g of f.regions) expect(g.box.top).toBeGreaterThan(g.box.bottom);
  });

  it('the tolerances are settings: a narrower wrap gap leaves the wrapped line out of its cell', () => {
    const f = buildBorderless(run, 1, { ...S, wrapGap: 0.5, wrapGapCut: 0.5 })!;
    expect(f.regions.some((g) => g.text === '2.其他法律行政法规禁止\n公开')).toBe(false);
  });
});

describe('PDF settings through the read options', () => {
  const tables = (blocks: { kind: string }[]) => blocks.filter((b): b is TableBlock => b.kind === 'table');

  it('borderless: a run needing 1000 value rows finds no borderless table', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'pdf', 'borderless.pdf'));
    const byDefault = await pdfReader.read(bytes);
    const strict = await pdfReader.read(bytes, { pdf: { borderless: { runMinValueRows: 1000, runManyValues: 1000 } } });
    expect(tables(byDefault.blocks).length).toBeGreaterThan(0);
    expect(tables(strict.blocks)).toHaveLength(0);
  });

  it('join: a negative frame tolerance joins nothing (table 三 stays in two pieces)', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'pdf', 'row-split-across-pages.pdf'));
    const joined = await pdfReader.read(bytes);
    const apart = await pdfReader.read(bytes, { pdf: { joinFrameTolerance: -1 } });
    expect(tables(apart.blocks).length).toBeGreaterThan(tables(joined.blocks).length);
  });

  it('pdfSettings merges a subset over the defaults', () => {
    const s = pdfSettings({ snapTolerance: 5, borderless: { wrapGap: 2 } });
    expect(s.snapTolerance).toBe(5);
    expect(s.borderless.wrapGap).toBe(2);
    expect(s.borderless.wrapGapCut).toBe(DEFAULT_SETTINGS.borderless.wrapGapCut);
    expect(s.joinFrameTolerance).toBe(DEFAULT_SETTINGS.joinFrameTolerance);
  });
});
