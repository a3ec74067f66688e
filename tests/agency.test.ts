/**
 * Agency identity (issue 15): report.region from GB/T 2260 and report.agency_key.
 * Expected codes are those of GB/T 2260 as published by 民政部 (e.g. 江苏省淮安市
 * 洪泽区 320813 since 洪泽县 320829 became a district in 2016), not xxgk output.
 */
import { describe, expect, it } from 'vitest';
import { agencyIdentity, AGENCY_WARNINGS } from '../src/agency/region.js';
import { divisions } from '../src/agency/divisions.js';
import { normalizeAgencyName } from '../src/agency/key.js';

const id = (agency: string | null, title: string | null = null, path: string | null = null) => agencyIdentity({ agency, title, path });

describe('the division table (@vant/area-data, filtered to GB/T 2260)', () => {
  it('knows 洪泽区 320813 and no longer 洪泽县 320829', () => {
    const t = divisions();
    expect(t.byCode.get('320813')).toMatchObject({ name: '洪泽区', level: 'county', parents: ['320000', '320800'] });
    expect(t.byCode.has('320829')).toBe(false);
    expect(t.byName.has('洪泽县')).toBe(false);
  });
  it('keeps provinces, cities and counties at their levels, municipal districts under the province', () => {
    const t = divisions();
    expect(t.byCode.get('320000')).toMatchObject({ name: '江苏省', level: 'province' });
    expect(t.byCode.get('320800')).toMatchObject({ name: '淮安市', level: 'city' });
    expect(t.byCode.get('110101')).toMatchObject({ name: '东城区', level: 'county', parents: ['110000'] });
    expect(t.byCode.get('429004')).toMatchObject({ name: '仙桃市', level: 'county', parents: ['420000'] });
    expect(t.byCode.get('441900')).toMatchObject({ name: '东莞市', level: 'city' });
  });
  it('holds as many divisions per level as 民政部 counts (34 / 333 / 2,844 at the end of 2023, + 和安县 and 和康县 in 2024-12)', () => {
    const count = { province: 0, city: 0, county: 0 };
    for (const d of divisions().byCode.values()) count[d.level]++;
    expect(count).toEqual({ province: 34, city: 333, county: 2846 });
    expect(divisions().byCode.get('653228')?.name).toBe('和康县');
  });
  it('drops the statistical zones and placeholders the package carries', () => {
    const t = divisions();
    for (const code of ['320871', '320890', '320112', '110100', '429000', '441901', '620290', '320591', '410871', '140971', '232761']) expect(t.byCode.has(code)).toBe(false);
    expect(t.byCode.get('310115')?.name).toBe('浦东新区'); // a real district named 新区
    expect(t.byCode.get('350128')?.name).toBe('平潭县'); // the county; 平潭综合实验区 is not it
  });
});

describe('report.region', () => {
  it('淮安市人民政府 → 320800 (city)', () => {
    expect(id('淮安市人民政府').region).toEqual({ code: '320800', name: '淮安市', level: 'city' });
  });
  it('洪泽区人民政府 and 淮安市洪泽区人民政府 → 320813, one agency_key', () => {
    const a = id('洪泽区人民政府', '洪泽区人民政府2023年政府信息公开工作年度报告');
    const b = id('淮安市洪泽区人民政府', '淮安市洪泽区人民政府2024年政府信息公开工作年度报告');
    expect(a.region).toEqual({ code: '320813', name: '洪泽区', level: 'county' });
    expect(b.region).toEqual(a.region);
    expect(a.agency_key).toBe('江苏省淮安市洪泽区人民政府');
    expect(b.agency_key).toBe(a.agency_key);
    expect(a.warnings).toEqual([]);
  });
  it('沙依巴克区人民政府 (the seed) → 650103', () => {
    expect(id('沙依巴克区人民政府').region).toEqual({ code: '650103', name: '沙依巴克区', level: 'county' });
  });
  it('a department takes its government’s division: 上海市科委 → 310000, 江苏省人民政府办公厅 → 320000', () => {
    expect(id('上海市科委').region).toEqual({ code: '310000', name: '上海市', level: 'province' });
    expect(id('上海市科委').agency_key).toBe('上海市科委');
    expect(id('江苏省人民政府办公厅').region?.code).toBe('320000');
    expect(id('北京市东城区人民政府').region?.code).toBe('110101');
  });
  it('平潭综合实验区 → null + region_unlisted, one stable key', () => {
    const r = id('平潭综合实验区', '平潭综合实验区2023年度政府信息公开工作年度报告');
    expect(r.region).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['region_unlisted']);
    expect(r.agency_key).toBe('平潭综合实验区');
    expect(id('平潭综合实验区（全区汇总）').agency_key).toBe(id('平潭综合实验区 (全区汇总)').agency_key);
  });
  it('a development zone under a city is unlisted, its key carries the city', () => {
    const r = id('淮安市经济技术开发区管委会');
    expect(r.region).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['region_unlisted']);
    expect(r.agency_key).toBe('江苏省淮安市经济技术开发区管委会');
  });
  it('鼓楼区 without province or city → null + region_ambiguous, never a guess', () => {
    const r = id('鼓楼区人民政府', '鼓楼区人民政府2023年政府信息公开工作年度报告', 'reports/2023/gulou.pdf');
    expect(r.region).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['region_ambiguous']);
    expect(r.warnings[0].message).toMatch(/320106/);
    expect(r.warnings[0].message).toMatch(/350102/);
    expect(r.agency_key).toBe('鼓楼区人民政府');
  });
  it('the city or province in the title or the path chooses between divisions of one name', () => {
    expect(id('鼓楼区人民政府', '南京市鼓楼区2023年政府信息公开工作年度报告').region?.code).toBe('320106');
    expect(id('鼓楼区人民政府', null, '/data/福建/福州/鼓楼区2023.pdf').region?.code).toBe('350102');
    expect(id('新华区人民政府', '河北省石家庄市新华区人民政府2022年…').region?.code).toBe('130105');
    // the agency's own name is no evidence: 朝阳区 contains 朝阳 (朝阳市, 辽宁) but neither 朝阳区 lies there
    expect(id('朝阳区人民政府', '朝阳区人民政府2023年政府信息公开工作年度报告').warnings.map((w) => w.code)).toEqual(['region_ambiguous']);
    expect(id('朝阳区人民政府', '北京市朝阳区人民政府2023年政府信息公开工作年度报告').region?.code).toBe('110105');
    // a province with two 新华区 (石家庄 130105, 沧州 130902) does not choose
    expect(id('新华区人民政府', null, '河北/新华区.pdf').warnings.map((w) => w.code)).toEqual(['region_ambiguous']);
  });
  it('Traditional-script names give the Simplified key', () => {
    const t = id('淮安市洪澤區人民政府');
    expect(t.region?.code).toBe('320813');
    expect(t.agency_key).toBe('江苏省淮安市洪泽区人民政府');
    expect(id('洪澤區人民政府').agency_key).toBe(id('洪泽区人民政府').agency_key);
    expect(normalizeAgencyName('臺北市 【全區彙總】')).toBe('台北市（全区汇总）');
    // script only: the label vocabulary (檔案 → 文件) does not rename an agency
    expect(id('淮安市檔案局').agency_key).toBe('江苏省淮安市档案局');
  });
  it('no agency → no region, no key, no region warning', () => {
    expect(id(null)).toEqual({ region: null, agency_key: null, warnings: [] });
  });
  it('declares its two warning codes with their severities', () => {
    expect(AGENCY_WARNINGS.map((w) => [w.code, w.severity])).toEqual([
      ['region_ambiguous', 'warning'],
      ['region_unlisted', 'info'],
    ]);
  });
});
