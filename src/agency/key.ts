/**
 * Agency names normalised for comparison across reports and years.
 */
import { simplifyScript } from '../normalize.js';
import type { Division } from './divisions.js';
import { divisions } from './divisions.js';

/**
 * Traditional → Simplified characters (OpenCC `tw` → `cn`, as for labels) but
 * without the label vocabulary of normalize.ts (档案 → 文件 would turn 档案局
 * into 文件局): agency names keep their words.
 */
export function simplifyName(name: string): string {
  // one converter per thread, shared with the label normalizer
  return simplifyScript(name);
}

/**
 * An agency name as printed → its normalised form: Traditional script to
 * Simplified (OpenCC, as for labels), NFKC (full-width letters and digits to
 * half-width), every kind of whitespace removed, and every bracket pair
 * (`()` `（）` `[]` `【】` `〔〕` `［］`) folded to full-width `（）`.
 * `臺北市 （全區彙總）` → `台北市（全区汇总）`.
 */
export function normalizeAgencyName(name: string): string {
  return simplifyName(name)
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[([【〔［]/g, '（')
    .replace(/[)\]】〕］]/g, '）');
}

/**
 * The division's name with its enclosing divisions in front:
 * 320813 → `江苏省淮安市洪泽区`, 110101 → `北京市东城区`, 320000 → `江苏省`.
 */
export function fullDivisionName(d: Division): string {
  const t = divisions();
  return [...d.parents.map((p) => t.byCode.get(p)!.name), d.name].join('');
}

/**
 * The agency key: the normalised agency name with its region prefix resolved.
 * When the printed prefix was placed in one division, the key is that
 * division's full name plus the rest of the agency name (`洪泽区人民政府` and
 * `淮安市洪泽区人民政府` both → `江苏省淮安市洪泽区人民政府`); otherwise the
 * normalised name as printed (`平潭综合实验区`).
 */
export function agencyKey(normalized: string, placed: { division: Division; body: string } | null): string {
  return placed ? fullDivisionName(placed.division) + placed.body : normalized;
}
