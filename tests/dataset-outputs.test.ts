/**
 * A researcher's dataset (issue 14, "Data that looks clean but is not" and the
 * conversion steps): extract a folder, convert and summarise the JSONL, read
 * the CSV, TSV and xlsx back. Expected values come from the documents (corpus
 * expected.json), never from xxgk's own output.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../src/schema.js';
import { unionCellPaths, wideColumns } from '../src/write/csv.js';
import { csvObjects, jsonl, parseCsv, xxgk } from './helpers/cli.js';
import { CORPUS, FIXTURES } from './helpers/corpus.js';

const src = (id: string, f: string) => path.join(CORPUS, id, f);
const huaianExpected = JSON.parse(readFileSync(src('huaian-2024-pdf', 'expected.json'), 'utf8'));

let tmp: string;
const read = (f: string) => readFileSync(path.join(tmp, f), 'utf8');
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'xxgk-dataset-'));
  const ds = path.join(tmp, 'ds');
  mkdirSync(ds);
  copyFileSync(src('huaian-2024-pdf', 'source.pdf'), path.join(ds, 'a-huaian.pdf'));
  copyFileSync(src('pingtan-2023-html', 'source.html'), path.join(ds, 'b-pingtan.html'));
  copyFileSync(src('template-blank-2021-docx', 'source.docx'), path.join(ds, 'c-blank.docx'));
  copyFileSync(path.join(FIXTURES, 'hostile', 'notice-html.html'), path.join(ds, 'd-notice.html'));
  writeFileSync(path.join(ds, 'e-truncated.pdf'), readFileSync(src('huaian-2024-pdf', 'source.pdf')).subarray(0, 4000));
  writeFileSync(path.join(ds, 'style.css'), 'body { color: red }\n');
  const r = await xxgk(['extract', 'ds', '-o', 'ds.jsonl', '-j', '1'], { cwd: tmp });
  expect(r.code, r.stderr).toBe(1); // the truncated PDF should have been a report
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a blank template is not a clean report', () => {
  it('carries no_values, year_missing and agency_missing, also with --blank-as-zero', async () => {
    const blank = jsonl(read('ds.jsonl')).find((r) => r.source.path === 'ds/c-blank.docx') as Result;
    expect(blank.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['no_values', 'year_missing', 'agency_missing']));
    const huaian = jsonl(read('ds.jsonl')).find((r) => r.source.path === 'ds/a-huaian.pdf') as Result;
    expect(huaian.warnings.map((w) => w.code)).not.toContain('no_values');
    const zero = await xxgk(['extract', 'ds/c-blank.docx', '--blank-as-zero'], { cwd: tmp });
    const z = JSON.parse(zero.stdout) as Result;
    expect(z.tables.applications.new_received.total).toBe(0);
    expect(z.warnings.map((w) => w.code)).toContain('no_values');
  }, 60_000);

  it('shows in the wide CSV: data-loss warnings, nulls counted, no agency, no year', async () => {
    const r = await xxgk(['convert', 'ds.jsonl', '-o', 'wide.csv', '-q'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const rows = csvObjects(read('wide.csv'));
    const blank = rows.find((x) => x['source.path'] === 'ds/c-blank.docx')!;
    expect(Number(blank.warnings_data_loss)).toBeGreaterThanOrEqual(1);
    expect(Number(blank.warnings_warning)).toBeGreaterThanOrEqual(2);
    expect(blank['report.agency']).toBe('');
    expect(blank['report.year']).toBe('');
    // every cell of its layout is null: 207 cells of 2021 less the 7 of the 2019 （六） row
    expect(Number(blank.cells_null)).toBe(200);
    expect(Number(blank.checks_uncertain)).toBeGreaterThan(0);
    const huaian = rows.find((x) => x['source.path'] === 'ds/a-huaian.pdf')!;
    expect(huaian['tables.applications.new_received.total']).toBe(String(huaianExpected.tables.applications.new_received.total));
    expect(huaian['report.template']).toBe('2021');
    expect(huaian['source.format']).toBe('pdf');
    expect(huaian['report.mixed']).toBe('false');
  }, 60_000);
});

describe('xxgk convert: a JSONL becomes any format without extracting again', () => {
  it('gives the same CSV as extracting straight to CSV', async () => {
    const direct = await xxgk(['extract', 'ds', '-o', 'direct.csv', '-j', '1', '-q'], { cwd: tmp });
    expect(direct.code).toBe(1);
    expect(read('wide.csv')).toBe(read('direct.csv'));
    expect(read('wide.errors.csv')).toBe(read('direct.errors.csv'));
    const errs = csvObjects(read('wide.errors.csv'));
    expect(errs.map((e) => [e['source.path'], e['error.code']])).toEqual([
      ['ds/d-notice.html', 'not_a_report'],
      ['ds/e-truncated.pdf', 'corrupt_file'],
    ]);
  }, 120_000);

  it('writes an xlsx workbook that reads back with numbers as numbers and text as text', async () => {
    const r = await xxgk(['convert', 'ds.jsonl', '-o', 'ds.xlsx', '-q'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp, 'ds.xlsx'));
    const sheet = wb.getWorksheet('reports')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(wideColumns());
    expect(sheet.rowCount).toBe(1 + 3);
    const row = sheet.getRow(2);
    const cell = (c: string) => row.getCell(header.indexOf(c) + 1).value;
    expect(cell('source.path')).toBe('ds/a-huaian.pdf');
    expect(cell('tables.applications.new_received.total')).toBe(huaianExpected.tables.applications.new_received.total);
    expect(cell('report.template')).toBe('2021');
    expect(cell('report.year')).toBe(2024);
    const errors = wb.getWorksheet('errors')!;
    expect(errors.rowCount).toBe(1 + 2);
    expect(errors.getRow(3).getCell(5).value).toBe('corrupt_file');
  }, 60_000);

  it('xxgk extract -o out.xlsx writes a workbook too (the extension decides the format)', async () => {
    const r = await xxgk(['extract', 'ds/b-pingtan.html', 'ds/d-notice.html', '-o', 'direct.xlsx', '-j', '1', '-q'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(tmp, 'direct.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp, 'direct.xlsx'));
    const sheet = wb.getWorksheet('reports')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(header.indexOf('report.agency') + 1).value).toBe('平潭综合实验区');
    expect(wb.getWorksheet('errors')!.getRow(2).getCell(5).value).toBe('not_a_report');
  }, 60_000);

  it('writes csv-long and TSV, names the lines that are not records and exits 1', async () => {
    const long = await xxgk(['convert', 'ds.jsonl', '--format', 'csv-long', '-o', 'long.csv', '-q'], { cwd: tmp });
    expect(long.code).toBe(0);
    const cells = csvObjects(read('long.csv'));
    const total = cells.find((c) => c['source.path'] === 'ds/a-huaian.pdf' && c.table === 'applications' && c.row === 'new_received' && c.column === 'total')!;
    expect(total.value).toBe('3119');
    expect(Number(total['cell.page'])).toBeGreaterThan(0);
    const tsv = await xxgk(['convert', 'ds.jsonl', '-o', 'ds.tsv', '-q'], { cwd: tmp });
    expect(tsv.code).toBe(0);
    const rows = parseCsv(read('ds.tsv'), '\t');
    expect(rows[0]).toEqual(wideColumns());
    expect(rows).toHaveLength(4);
    const lines = read('ds.jsonl').split('\n');
    writeFileSync(path.join(tmp, 'hurt.jsonl'), [lines[0], '{"torn": ', ...lines.slice(1)].join('\n'));
    const hurt = await xxgk(['convert', 'hurt.jsonl', '-o', 'hurt.csv'], { cwd: tmp });
    expect(hurt.code).toBe(1);
    expect(hurt.stderr).toMatch(/1 line\(s\) are not records .*line 2\)/);
    expect(csvObjects(read('hurt.csv'))).toHaveLength(3);
  }, 60_000);

  it('refuses an existing output and an unknown extension (exit 2, nothing written)', async () => {
    const again = await xxgk(['convert', 'ds.jsonl', '-o', 'wide.csv'], { cwd: tmp });
    expect(again.code).toBe(2);
    const dat = await xxgk(['convert', 'ds.jsonl', '-o', 'out.dat'], { cwd: tmp });
    expect(dat.code).toBe(2);
    expect(existsSync(path.join(tmp, 'out.dat'))).toBe(false);
    const missing = await xxgk(['convert', 'nope.jsonl', '-o', 'nope.csv'], { cwd: tmp });
    expect(missing.code).toBe(16);
    expect(missing.stderr).toMatch(/No such file or directory/);
    expect(existsSync(path.join(tmp, 'nope.csv'))).toBe(false);
  }, 60_000);
});

describe('xxgk summary', () => {
  it('counts formats, templates, years, errors, warnings by code and severity (--json)', async () => {
    const r = await xxgk(['summary', 'ds.jsonl', '--json'], { cwd: tmp });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ records: 5, results: 3, errors: 2, failures: 1, not_reports: 1, results_without_values: 1 });
    expect(s.by_template).toEqual({ '2021': 3 });
    expect(s.by_year).toEqual({ '2023': 1, '2024': 1, null: 1 });
    expect(s.errors_by_code).toEqual({ corrupt_file: 1, not_a_report: 1 });
    expect(s.by_format).toMatchObject({ pdf: 2, html: 2, docx: 1 });
    expect(s.warnings_by_code).toMatchObject({ no_values: 1, year_missing: 1, agency_missing: 1 });
    expect(s.warnings_by_severity.data_loss).toBeGreaterThanOrEqual(1);
    const text = await xxgk(['summary', 'ds.jsonl'], { cwd: tmp });
    expect(text.stdout).toMatch(/5 record\(s\): 3 result\(s\), 2 error record\(s\) \(1 failed, 1 not reports\)/);
  }, 60_000);
});

describe('xxgk keys: the data dictionary', () => {
  it('lists every contract key with its Chinese labels, unit, type and templates', async () => {
    const r = await xxgk(['keys']);
    expect(r.code).toBe(0);
    const rows = csvObjects(r.stdout);
    expect(rows.map((k) => k.key)).toEqual(unionCellPaths());
    const total = rows.find((k) => k.key === 'applications.new_received.total')!;
    expect(total).toMatchObject({ table: 'applications', row_label: '一、本年新收政府信息公开申请数量', column_label: '总计', unit: 'count', type: 'int', templates: '2019 2021' });
    const fees = rows.find((k) => k.key === 'active_disclosure.fees.amount_wan_yuan')!;
    expect(fees).toMatchObject({ unit: '万元', type: 'decimal', templates: '2021' });
    expect(rows.find((k) => k.key === 'applications.denied_state_secret.total')!.row_group).toBe('（三）不予公开');
    const json = JSON.parse((await xxgk(['keys', '--format', 'json'])).stdout);
    expect(json).toEqual(rows);
  }, 60_000);

  it('the JSON Schema carries the same labels in title and description', async () => {
    const schema = JSON.parse((await xxgk(['schema'])).stdout);
    const found: { title?: string; description?: string }[] = [];
    (function walk(node: unknown): void {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { properties?: Record<string, unknown> }> }).properties;
      const total = props?.new_received?.properties?.total as { title?: string; description?: string } | undefined;
      if (total) found.push(total);
      for (const v of Object.values(node)) walk(v);
    })(schema);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.title).toBe('总计');
      expect(f.description).toContain('一、本年新收政府信息公开申请数量');
    }
  }, 60_000);

  it('documents every CSV column with a stable dtype (report.template is text)', async () => {
    const wide = csvObjects((await xxgk(['keys', '--columns', 'wide'])).stdout);
    expect(wide.map((c) => c.column)).toEqual(parseCsv(read('wide.csv'))[0]);
    const dtype = Object.fromEntries(wide.map((c) => [c.column, c.dtype]));
    expect(dtype['report.template']).toBe('string');
    expect(dtype['report.year']).toBe('integer');
    expect(dtype['report.mixed']).toBe('boolean');
    expect(dtype['tables.active_disclosure.fees.amount_wan_yuan']).toBe('number');
    expect(dtype['tables.applications.new_received.total']).toBe('integer');
    const long = csvObjects((await xxgk(['keys', '--columns', 'long'])).stdout);
    expect(long.map((c) => c.column)).toEqual(parseCsv(read('long.csv'))[0]);
  }, 60_000);
});
