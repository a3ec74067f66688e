/**
 * `xxgk panel` and the year-over-year checks (issue 15).
 *
 * Expected values come from the documents: corpus expected.json (Hongze 2023
 * 结转下年度 all 0, 2024 上年结转 all 0; 行政规范性文件 2023 in force 5, 2024
 * issued 3 repealed 0 in force 8; 淮安 2024 结转 自然人 103, 规章 in force 11,
 * 行政规范性文件 66; 平潭 2023 77 issued, 132 repealed, 470 in force) and the
 * numbers printed in tests/data/panel/*.md (scripts/make-panel-fixtures.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extractFile } from '../src/api.js';
import { buildPanel, TOTAL_PATHS, type PanelRow } from '../src/panel/build.js';
import { yearOverYear, type YearReport } from '../src/panel/checks.js';
import { PanelRowSchema } from '../src/panel/schema.js';
import { panelColumns } from '../src/panel/write.js';
import type { OutputRecord, Result } from '../src/schema.js';
import { CORPUS, ROOT } from './helpers/corpus.js';

const DATA = path.join(ROOT, 'tests/data/panel');

const HONGZE_KEY = '江苏省淮安市洪泽区人民政府';
const HUAIAN_KEY = '江苏省淮安市人民政府';
const files = {
  hongze2023: path.join(CORPUS, 'hongze-2023-pdf/source.pdf'),
  hongze2024: path.join(CORPUS, 'hongze-2024-pdf/source.pdf'),
  huaian2024: path.join(CORPUS, 'huaian-2024-pdf/source.pdf'),
  pingtan2019: path.join(CORPUS, 'pingtan-2019-txt/source.txt'),
  pingtan2021: path.join(CORPUS, 'pingtan-2021-txt/source.txt'),
  pingtan2023: path.join(CORPUS, 'pingtan-2023-html/source.html'),
  seed: path.join(CORPUS, 'seed-shayibake-2024-txt/source.txt'),
  template: path.join(CORPUS, 'template-blank-2021-docx/source.docx'),
  huaian2025: path.join(DATA, 'huaian-2025.md'),
  huaian2025broken: path.join(DATA, 'huaian-2025-broken.md'),
  pingtan2022: path.join(DATA, 'pingtan-2022.md'),
};
const rec: Record<keyof typeof files, Result> = {} as never;

beforeAll(async () => {
  for (const [k, f] of Object.entries(files)) {
    const r = await extractFile(f);
    if ('error' in r) throw new Error(`${f}: ${r.error.code}`);
    rec[k as keyof typeof files] = r;
  }
}, 120_000);

const row = (rows: PanelRow[], key: string, year: number) => rows.find((r) => r.agency_key === key && r.year === year)!;
const byId = (r: PanelRow) => Object.fromEntries(r.checks.map((c) => [c.id, c]));
const COLUMNS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];

describe('Y1/Y2 on Hongze 2023 → 2024 (two real PDFs, two spellings of one agency)', () => {
  it('one agency, two rows; 2024 carries Y1 for every column and Y2 for both rows, all passing', () => {
    const { rows } = buildPanel([rec.hongze2023, rec.hongze2024]);
    expect(rows.map((r) => [r.agency_key, r.year])).toEqual([
      [HONGZE_KEY, 2023],
      [HONGZE_KEY, 2024],
    ]);
    expect(row(rows, HONGZE_KEY, 2023).checks).toEqual([]); // 2022 missing: left out, not failed
    const c = byId(row(rows, HONGZE_KEY, 2024));
    for (const col of COLUMNS) expect(c[`Y1.${col}`]).toEqual({ id: `Y1.${col}`, status: 'pass', expected: 0, actual: 0, sources: [files.hongze2023, files.hongze2024] });
    expect(c['Y2.regulations']).toMatchObject({ status: 'pass', expected: 0, actual: 0 });
    expect(c['Y2.normative_documents']).toMatchObject({ status: 'pass', expected: 5 + 3 - 0, actual: 8, sources: [files.hongze2023, files.hongze2024] });
    expect(row(rows, HONGZE_KEY, 2024).agency).toBe('淮安市洪泽区人民政府');
    expect(row(rows, HONGZE_KEY, 2024).region).toEqual({ code: '320813', name: '洪泽区', level: 'county' });
  });
});

describe('fixtures continuing 淮安市人民政府 2024 by a year', () => {
  it('consistent numbers: Y1 and Y2 pass with both sides', () => {
    const c = byId(row(buildPanel([rec.huaian2024, rec.huaian2025]).rows, HUAIAN_KEY, 2025));
    expect(c['Y1.natural_person']).toMatchObject({ status: 'pass', expected: 103, actual: 103 });
    expect(c['Y1.total']).toMatchObject({ status: 'pass', expected: 103, actual: 103, sources: [files.huaian2024, files.huaian2025] });
    expect(c['Y2.regulations']).toMatchObject({ status: 'pass', expected: 11 + 2 - 1, actual: 12 });
    expect(c['Y2.normative_documents']).toMatchObject({ status: 'pass', expected: 66 + 5 - 3, actual: 68 });
  });
  it('a report that breaks Y1 (上年结转 100, last year 结转 103) and Y2 (in force 70, not 68): reported, values untouched', () => {
    const r = row(buildPanel([rec.huaian2024, rec.huaian2025broken]).rows, HUAIAN_KEY, 2025);
    const c = byId(r);
    expect(c['Y1.natural_person']).toMatchObject({ status: 'fail', expected: 103, actual: 100 });
    expect(c['Y1.total']).toMatchObject({ status: 'fail', expected: 103, actual: 100, sources: [files.huaian2024, files.huaian2025broken] });
    expect(c['Y1.commercial_enterprise']).toMatchObject({ status: 'pass', expected: 0, actual: 0 });
    expect(c['Y2.normative_documents']).toMatchObject({ status: 'fail', expected: 68, actual: 70 });
    expect(r.totals['applications.carried_over.total']).toBe(100);
  });
  it('two reports for one agency-year: one row, both listed in input order, not merged; conflicts named', () => {
    const { rows } = buildPanel([rec.huaian2024, rec.huaian2025, rec.huaian2025broken]);
    expect(rows.filter((r) => r.agency_key === HUAIAN_KEY).map((r) => r.year)).toEqual([2024, 2025]);
    const r = row(rows, HUAIAN_KEY, 2025);
    expect(r.sources).toEqual([files.huaian2025, files.huaian2025broken]);
    expect(r.totals['applications.carried_over.total']).toBe(103); // the first source's
    expect(r.conflicts).toEqual(['applications.carried_over.total', 'applications.carried_forward.total', 'active_disclosure.normative_documents.in_force']);
    expect(byId(r)['Y1.total'].status).toBe('pass');
  });
});

describe('平潭综合实验区 2019, 2021, 2022 (fixture), 2023', () => {
  it('missing years leave the checks out; 2022 links to 2021 and 2023 to 2022', () => {
    const { rows } = buildPanel([rec.pingtan2019, rec.pingtan2021, rec.pingtan2022, rec.pingtan2023]);
    expect(rows.map((r) => r.year)).toEqual([2019, 2021, 2022, 2023]);
    expect(rows.every((r) => r.agency_key === '平潭综合实验区' && r.region === null)).toBe(true);
    expect(row(rows, '平潭综合实验区', 2019).checks).toEqual([]);
    expect(row(rows, '平潭综合实验区', 2021).checks).toEqual([]); // no 2020 report
    const c22 = byId(row(rows, '平潭综合实验区', 2022));
    expect(c22['Y1.natural_person']).toMatchObject({ status: 'pass', expected: 1, actual: 1 });
    // 2021 prints 行政规范性文件 as glued digits "693665" (69, 3, 665): read → 665+60−200 = 525; unread → uncertain
    const y2 = c22['Y2.normative_documents'];
    if (y2.status === 'uncertain') expect(y2).toMatchObject({ expected: null, actual: 525, missing: ['2021:active_disclosure.normative_documents.in_force'] });
    else expect(y2).toMatchObject({ status: 'pass', expected: 525, actual: 525 });
    const c23 = byId(row(rows, '平潭综合实验区', 2023));
    expect(c23['Y1.total']).toMatchObject({ status: 'pass', expected: 0, actual: 0 });
    expect(c23['Y2.normative_documents']).toMatchObject({ status: 'pass', expected: 525 + 77 - 132, actual: 470 });
  });
  it('Y2 runs only when both years print the 2021 table-二 layout', () => {
    const mk = (year: number, template: '2019' | '2021'): YearReport => ({
      year,
      source: `${year}.txt`,
      template,
      tables: { applications: { carried_forward: { total: 2 }, carried_over: { total: 2 } }, active_disclosure: { regulations: { issued: 1, repealed: 0, in_force: 1 } } },
    });
    expect(yearOverYear(mk(2020, '2019'), mk(2021, '2021')).map((c) => c.id)).not.toContain('Y2.regulations');
    expect(yearOverYear(mk(2021, '2021'), mk(2022, '2021')).map((c) => c.id)).toContain('Y2.regulations');
    expect(yearOverYear(mk(2021, '2021'), mk(2023, '2021'))).toEqual([]);
  });
});

describe('a panel over many agencies and years', () => {
  it('keeps one row per agency-year; error records and reports without agency are skipped with the reason', () => {
    const error: OutputRecord = { schema_version: '1', source: { path: 'x.doc', format: null, sha256: '0'.repeat(64), bytes: 0 }, error: { code: 'unsupported_format', message: 'legacy .doc' } };
    const all = Object.values(rec);
    const { rows, skipped } = buildPanel([...all, error]);
    const ids = rows.map((r) => `${r.agency_key}/${r.year}`);
    expect(new Set(ids).size).toBe(ids.length);
    // 10 reports with an agency; 淮安 2025 twice → 9 agency-years
    expect(rows.length).toBe(9);
    expect(skipped).toEqual([
      { source: files.template, reason: 'no_agency' },
      { source: 'x.doc', reason: 'error_record' },
    ]);
    expect(row(rows, '新疆维吾尔自治区乌鲁木齐市沙依巴克区人民政府', 2024).region?.code).toBe('650103');
  });
  it('records written before agency identity existed get it computed', () => {
    const old = structuredClone(rec.hongze2023);
    delete old.report.region;
    delete old.report.agency_key;
    const { rows } = buildPanel([old, rec.hongze2024]);
    expect(rows.map((r) => r.agency_key)).toEqual([HONGZE_KEY, HONGZE_KEY]);
    expect(rows[0].region?.code).toBe('320813');
  });
});

describe('xxgk panel (CLI)', () => {
  const BIN = inject('xxgkBuild').bin;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xxgk-panel-'));
    writeFileSync(path.join(dir, 'in.jsonl'), [rec.hongze2023, rec.hongze2024, rec.huaian2024, rec.huaian2025broken].map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('writes JSON Lines to stdout, one row per agency-year, region.code a string; summary on stderr', async () => {
    const r = await run(['panel', path.join(dir, 'in.jsonl')]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => PanelRowSchema.parse(JSON.parse(l)) as PanelRow);
    expect(rows.map((x) => [x.agency_key, x.year])).toEqual([
      [HUAIAN_KEY, 2024],
      [HUAIAN_KEY, 2025],
      [HONGZE_KEY, 2023],
      [HONGZE_KEY, 2024],
    ]);
    expect(rows[3].region?.code).toBe('320813');
    expect(r.stderr).toMatch(/1 line\(s\) are not extraction records \(first: line 5\)/);
    expect(r.stderr).toMatch(/failed checks: .*Y1\.total 1/);
  });
  it('-o panel.csv writes CSV with the documented columns', async () => {
    const out = path.join(dir, 'panel.csv');
    const r = await run(['panel', path.join(dir, 'in.jsonl'), '-o', out, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/not extraction records/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].split(',')).toEqual(panelColumns());
    expect(panelColumns()).toContain(`totals.${TOTAL_PATHS[0]}`);
    const broken = lines.find((l) => l.startsWith(`${HUAIAN_KEY},淮安市人民政府,320800,淮安市,city,2025,`))!;
    expect(broken).toContain(',fail,103,100,');
  });
  it('reads a JSON array (extract --format json) as well; an unreadable input → exit 16', async () => {
    const arr = path.join(dir, 'in.json');
    writeFileSync(arr, JSON.stringify([rec.hongze2023, rec.hongze2024], null, 2));
    const r = await run(['panel', arr, '-q']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PanelRow);
    expect(rows.map((x) => x.year)).toEqual([2023, 2024]);
    expect(rows[1].checks.find((c) => c.id === 'Y2.normative_documents')).toMatchObject({ status: 'pass', expected: 8, actual: 8 });
    expect((await run(['panel', path.join(dir, 'missing.jsonl')])).code).toBe(16);
  });
  it('reads records written by an older xxgk (schema_version "1": warnings without severity, cells_unreadable)', async () => {
    // a schema_version 1 record is a version 2 record without `severity` on its warnings (README: Output)
    const v1 = (r: Result) => ({
      ...r,
      schema_version: '1',
      warnings: [...r.warnings.map(({ severity: _s, ...w }) => w), { code: 'cells_unreadable', message: 'a stream-strategy warning of version 1' }],
    });
    const old = path.join(dir, 'v1.jsonl');
    writeFileSync(old, [rec.hongze2023, rec.hongze2024].map((r) => JSON.stringify(v1(r))).join('\n') + '\n');
    const r = await run(['panel', old]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/not extraction records/);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PanelRow);
    expect(rows.map((x) => [x.agency_key, x.year])).toEqual([[HONGZE_KEY, 2023], [HONGZE_KEY, 2024]]);
    // the Hongze 2024 report: 行政规范性文件 5 in force in 2023, 3 issued, 0 repealed → 8 (both PDFs)
    expect(rows[1].checks.find((c) => c.id === 'Y2.normative_documents')).toMatchObject({ status: 'pass', expected: 8, actual: 8 });
  });
  it('no records → exit 2', async () => {
    writeFileSync(path.join(dir, 'empty.jsonl'), '\n');
    expect((await run(['panel', path.join(dir, 'empty.jsonl')])).code).toBe(2);
  });
});
