/**
 * The validator: evaluates every accounting identity of the template (§4:
 * A1, A2, A3 for table 三, B1 for table 四) on the extracted tables. It never
 * changes a value: a failed identity is reported with both sides.
 */
import type { CheckResult } from '../schema.js';
import { IDENTITIES, type TemplateVersion } from '../template.js';

export type TablesData = Record<string, Record<string, Record<string, number | null>>>;

/**
 * `layout` is '2021' for the 2021 （六） sub-rows, '2019' or 'mixed' when the
 * report prints the single （六）其他处理 row (then A2 uses other_total).
 */
export function runChecks(tables: TablesData, layout: TemplateVersion | 'mixed'): CheckResult[] {
  const out: CheckResult[] = [];
  for (const idn of IDENTITIES) {
    const t = tables[idn.table];
    for (const along of idn.over(layout)) {
      const get = (term: string): number | null =>
        idn.along === 'column' ? (t?.[term]?.[along] ?? null) : (t?.[along]?.[term] ?? null);
      const lhsTerms = idn.lhs(layout);
      const rhsTerms = idn.rhs(layout);
      const missing = [...lhsTerms, ...rhsTerms].filter((k) => get(k) === null);
      const sum = (terms: string[]) => terms.reduce<number | null>((s, k) => (s === null || get(k) === null ? null : s + (get(k) as number)), 0);
      const expected = sum(lhsTerms);
      const actual = sum(rhsTerms);
      const id = `${idn.id}.${along}`;
      if (missing.length > 0) {
        out.push({
          id,
          status: 'uncertain',
          expected,
          actual,
          missing: missing.map((k) => (idn.along === 'column' ? `${idn.table}.${k}.${along}` : `${idn.table}.${along}.${k}`)),
        });
      } else {
        out.push({ id, status: expected === actual ? 'pass' : 'fail', expected, actual });
      }
    }
  }
  return out;
}
