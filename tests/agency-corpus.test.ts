/**
 * report.region and report.agency_key on the real corpus documents (issue 15).
 * Codes: GB/T 2260 — 淮安市 320800, 淮安市洪泽区 320813, 乌鲁木齐市沙依巴克区 650103,
 * 上海市 310000; 平潭综合实验区 is a zone outside GB/T 2260 (its county, 平潭县, is 350128).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/api.js';
import { ResultSchema, type Result } from '../src/schema.js';
import { CORPUS } from './helpers/corpus.js';

async function report(id: string, file: string): Promise<Result> {
  const rec = await extractFile(path.join(CORPUS, id, file));
  if ('error' in rec) throw new Error(`${id}: ${rec.error.code}`);
  ResultSchema.parse(rec);
  return rec;
}

describe('agency identity on the corpus', () => {
  it('淮安市人民政府 2024 (PDF) → 320800', async () => {
    const r = await report('huaian-2024-pdf', 'source.pdf');
    expect(r.report.region).toEqual({ code: '320800', name: '淮安市', level: 'city' });
    expect(r.report.agency_key).toBe('江苏省淮安市人民政府');
  });
  it('洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 (PDFs) → 320813 with one agency_key', async () => {
    const a = await report('hongze-2023-pdf', 'source.pdf');
    const b = await report('hongze-2024-pdf', 'source.pdf');
    expect(a.report.agency).toBe('洪泽区人民政府');
    expect(b.report.agency).toBe('淮安市洪泽区人民政府');
    expect(a.report.region).toEqual({ code: '320813', name: '洪泽区', level: 'county' });
    expect(b.report.region).toEqual(a.report.region);
    expect(a.report.agency_key).toBe(b.report.agency_key);
    expect(a.warnings.filter((w) => w.code.startsWith('region_'))).toEqual([]);
  });
  it('沙依巴克区人民政府 (the seed) → 650103', async () => {
    const r = await report('seed-shayibake-2024-txt', 'source.txt');
    expect(r.report.region).toEqual({ code: '650103', name: '沙依巴克区', level: 'county' });
  });
  it('上海市科委 → 310000 (a department of a province-level municipality)', async () => {
    const r = await report('shanghai-kewei-2024-md', 'source.md');
    expect(r.report.region?.code).toBe('310000');
  });
  it('平潭综合实验区, three years: region null + region_unlisted, one key', async () => {
    const rs = [await report('pingtan-2019-txt', 'source.txt'), await report('pingtan-2021-txt', 'source.txt'), await report('pingtan-2023-html', 'source.html')];
    for (const r of rs) {
      expect(r.report.region).toBeNull();
      expect(r.warnings.filter((w) => w.code.startsWith('region_')).map((w) => w.code)).toEqual(['region_unlisted']);
    }
    expect(new Set(rs.map((r) => r.report.agency_key))).toEqual(new Set(['平潭综合实验区']));
  });
  it('the blank template has no agency: no region, no key, no region warning', async () => {
    const r = await report('template-blank-2021-docx', 'source.docx');
    expect(r.report.region).toBeNull();
    expect(r.report.agency_key).toBeNull();
    expect(r.warnings.some((w) => w.code.startsWith('region_'))).toBe(false);
  });
});
