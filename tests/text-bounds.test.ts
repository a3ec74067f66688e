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
  it('a line of 200,000 pipes inside a pipe table of the shanghai report is text: the grid stays the size of the report', async () => {
    const at = source.indexOf('| 二、上年结转');
    expect(at).toBeGreaterThan(0);
    const bomb = `|${' |'.repeat(200_000)}`;
    const text = `${source.slice(0, at)}${bomb}\n${source.slice(at)}`;
    const plain = gridCells(await readDocument(Buffer.from(source)));
    const doc = await readDocument(Buffer.from(text));
    expect(gridCells(doc)).toBeLessThanOrEqual(plain + MAX_ROW_CELLS);
    const line = text.slice(0, at).split('\n').length;
    expect(doc.warnings).toEqual([expect.objectContaining({ code: 'text_table_too_large', origin: { line } })]);
    expect(doc.blocks.some((b) => b.kind === 'text' && b.origin.line === line)).toBe(true);
    const r = await extract(Buffer.from(text), { path: 'shanghai-bomb.md' });
    expect(compare(r, expected)).toEqual([]);
  });

  it('a row of 65 cells is text, a row of 64 is a table row', async () => {
    const row = (n: number) => `| 规章 |${' 0 |'.repeat(n - 1)}`;
    const wide = await readDocument(Buffer.from(`${row(64)}\n${row(65)}\n`));
    expect(wide.blocks.map((b) => (b.kind === 'table' ? `table ${b.rows.length}×${b.cols}` : `text ${b.origin.line}`))).toEqual(['table 1×64', 'text 2']);
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
