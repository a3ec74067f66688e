/**
 * The text reader's bounds (issue 13): a pipe row far wider than any template table is a line of
 * text, and a document's text tables cannot pad past MAX_TEXT_CELLS grid cells. Before, one line of
 * 200,000 pipes inside a pipe table padded every row of that table to 200,000 cells. Counts, not
 * timings: the cells of the document model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Doc } from '../src/model.js';
import { readDocument } from '../src/read/index.js';
import { MAX_ROW_CELLS, MAX_TEXT_CELLS } from '../src/read/text.js';
import { CORPUS, compare, type Expected } from './helpers/corpus.js';

const DIR = path.join(CORPUS, 'shanghai-kewei-2024-md');
const source = readFileSync(path.join(DIR, 'source.md'), 'utf8');
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Expected;
const gridCells = (doc: Doc) => doc.blocks.reduce((s, b) => s + (b.kind === 'table' ? b.rows.length * b.cols : 0), 0);

describe('text tables stay bounded', () => {
  it('a line of 200,000 pipe cells inside a pipe table of the shanghai report is a table of its own: no other row is padded to its width', async () => {
    const at = source.indexOf('| 规范性文件 |');
    expect(at).toBeGreaterThan(0);
    const bomb = `|${' 0 |'.repeat(200_000)}`;
    const text = `${source.slice(0, at)}${bomb}\n${source.slice(at)}`;
    const plain = gridCells(await readDocument(Buffer.from(source)));
    const doc = await readDocument(Buffer.from(text));
    // the report's cells, plus the row's own 200,000 (before: every row of table 二 padded to 200,000 cells)
    expect(gridCells(doc)).toBeLessThanOrEqual(plain + 200_000 + MAX_ROW_CELLS);
    const line = text.slice(0, at).split('\n').length;
    expect(doc.warnings).toEqual([expect.objectContaining({ code: 'text_table_too_large', origin: { line } })]);
    expect(doc.blocks.filter((b) => b.kind === 'table' && b.origin.line === line).map((b) => (b.kind === 'table' ? [b.rows.length, b.cols] : []))).toEqual([[1, 200_000]]);
    const r = await extract(Buffer.from(text), { path: 'shanghai-bomb.md' });
    expect(compare(r, expected)).toEqual([]);
  });

  it('a line of 200,000 empty pipe cells is an empty row of the table, not 200,000 columns', async () => {
    const at = source.indexOf('| 二、上年结转');
    const text = `${source.slice(0, at)}|${' |'.repeat(200_000)}\n${source.slice(at)}`;
    const plain = gridCells(await readDocument(Buffer.from(source)));
    const doc = await readDocument(Buffer.from(text));
    expect(gridCells(doc)).toBeLessThanOrEqual(plain + MAX_ROW_CELLS);
    expect(doc.warnings).toEqual([]);
    expect(compare(await extract(Buffer.from(text), { path: 'shanghai-empty-row.md' }), expected)).toEqual([]);
  });

  it('a tab row padded with 200,000 tabs keeps its cells (OCR transcripts pad rows with tabs)', async () => {
    const doc = await readDocument(Buffer.from(`规章\t0\t0\t0${'\t'.repeat(200_000)}\n行政规范性文件\t77\t132\t470\n`));
    expect(doc.blocks.map((b) => (b.kind === 'table' ? b.rows.map((r) => r.map((c) => c.text)) : b.text))).toEqual([
      [
        ['规章', '0', '0', '0'],
        ['行政规范性文件', '77', '132', '470'],
      ],
    ]);
  });

  it('a row of 65 cells is a table of its own, a row of 64 a row of its table', async () => {
    const row = (n: number) => `| 规章 |${' 0 |'.repeat(n - 1)}`;
    const wide = await readDocument(Buffer.from(`${row(64)}\n${row(3)}\n${row(65)}\n${row(3)}\n`));
    expect(wide.blocks.map((b) => (b.kind === 'table' ? `table ${b.rows.length}×${b.cols} line ${b.origin.line}` : `text ${b.origin.line}`))).toEqual(['table 2×64 line 1', 'table 1×65 line 3', 'table 1×3 line 4']);
  });

  it('a table whose padding would pass the document allowance is read as its lines', async () => {
    const rows = Math.floor(MAX_TEXT_CELLS / MAX_ROW_CELLS) + 10;
    const text = `二、主动公开政府信息情况\n|${' 0 |'.repeat(MAX_ROW_CELLS)}\n${'| 1 |\n'.repeat(rows - 1)}`;
    const doc = await readDocument(Buffer.from(text));
    expect(gridCells(doc)).toBe(0);
    expect(doc.warnings.map((w) => w.code)).toEqual(['text_table_too_large']);
    expect(doc.blocks.filter((b) => b.kind === 'text')).toHaveLength(rows + 1);
  });
});
