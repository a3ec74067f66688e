/**
 * The library entry point (package.json "exports" → src/index.ts): what README's "Library"
 * section promises is importable from it and does what it says, on real corpus documents.
 * Expected values come from the corpus's expected.json (read from the documents by hand).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as xxgk from '../src/index.js';
import { CORPUS } from './helpers/corpus.js';

const hongze2024 = readFileSync(path.join(CORPUS, 'hongze-2024-pdf/source.pdf'));
const expected = JSON.parse(readFileSync(path.join(CORPUS, 'hongze-2024-pdf/expected.json'), 'utf8')) as {
  tables: { applications: { new_received: Record<string, number> } };
};

describe('the library entry point', () => {
  it('extract() passes `pdf` settings to the PDF reader', async () => {
    const plain = await xxgk.extract(hongze2024);
    expect(plain.tables.applications.new_received).toEqual(expected.tables.applications.new_received);
    expect(plain.warnings.map((w) => w.code)).not.toContain('column_not_found');
    // with every ruling line below the minimum edge length the ruled tables are gone and the
    // borderless finder reads the pages instead, less completely: the settings reached the reader
    const noRules = await xxgk.extract(hongze2024, { pdf: { minEdgeLength: 100_000 } });
    expect(noRules.warnings.map((w) => w.code)).toContain('column_not_found');
  }, 60_000);

  it('readDocument() gives the document model: tables of cells with raw text and origin', async () => {
    const doc = await xxgk.readDocument(hongze2024, { name: 'hongze-2024.pdf' });
    const tables = doc.blocks.filter((b) => b.kind === 'table');
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const cells = tables.flatMap((t) => (t.kind === 'table' ? t.rows.flat() : []));
    // 95 new requests from natural persons (table 三, 本年新收政府信息公开申请数量)
    const c95 = cells.find((c) => c.text === '95');
    expect(c95?.origin.page).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('renderPdfPages() renders a page at the asked resolution; reviewHtml() gives one HTML page', async () => {
    const [img] = await xxgk.renderPdfPages(hongze2024, { dpi: 36, pages: [1] });
    // an A4 page (595 × 842 pt) at 36 dpi: half a pixel per point
    expect(img.page).toBe(1);
    expect(img.channels).toBe(1);
    expect(Math.abs(img.width - 298)).toBeLessThanOrEqual(1);
    expect(Math.abs(img.height - 421)).toBeLessThanOrEqual(1);
    expect(img.data.length).toBe(img.width * img.height);
    const rec = await xxgk.extractRecord(hongze2024, { path: 'hongze-2024.pdf' });
    const html = await xxgk.reviewHtml(rec, hongze2024, { dpi: 36, maxPages: 2 });
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('data-key="applications.new_received.total"');
  }, 60_000);

  it('upgradeRecord() brings a schema_version 1 record to the current shape and leaves others alone', () => {
    const v1 = { schema_version: '1', source: {}, warnings: [{ code: 'cells_unreadable', message: 'm' }, { code: 'template_mixed', message: 'n' }] };
    expect(xxgk.upgradeRecord(v1)).toEqual({
      schema_version: '2',
      source: {},
      warnings: [
        { code: 'cell_unreadable', severity: 'data_loss', message: 'm' },
        { code: 'template_mixed', severity: 'info', message: 'n' },
      ],
    });
    const v2 = { schema_version: '2', warnings: [] };
    expect(xxgk.upgradeRecord(v2)).toBe(v2);
    expect(xxgk.upgradeRecord('not a record')).toBe('not a record');
  });
});
