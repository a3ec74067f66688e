/**
 * The validator: evaluates every accounting identity of the template (§4:
 * A1, A2, A3 for table 三, B1 for table 四) on the extracted tables. It never
 * changes a value: a failed identity is reported with both sides.
 *
 * The identity instances (one per column, row or block) and their evaluation
 * are exported: the stream strategy uses the same ones to decide glued digits.
 */
import type { CheckResult } from '../schema.js';
import { IDENTITIES, type Layout, type TableId } from '../template.js';

export type TablesData = Record<string, Record<string, Record<string, number | null>>>;
export type { Layout };

/** One identity along one key; terms are `<row>.<column>` keys of `table`. */
export interface IdentityInstance {
  id: string;
  table: TableId;
  lhs: string[];
  rhs: string[];
}

/**
 * Every identity instance of a layout ('2021' for the 2021 （六） sub-rows, '2019' or
 * 'mixed' when the report prints the single （六）其他处理 row: A2 then uses other_total).
 */
export function identityInstances(layout: Layout, table?: TableId): IdentityInstance[] {
  const out: IdentityInstance[] = [];
  for (const idn of IDENTITIES) {
    if (table && idn.table !== table) continue;
    for (const along of idn.over(layout)) {
      const key = (term: string) => (idn.along === 'column' ? `${term}.${along}` : `${along}.${term}`);
      out.push({ id: `${idn.id}.${along}`, table: idn.table, lhs: idn.lhs(layout).map(key), rhs: idn.rhs(layout).map(key) });
    }
  }
  return out;
}

export interface Evaluation {
  status: 'pass' | 'fail' | 'uncertain';
  /** Sum of the left side (null when a term is null). */
  expected: number | null;
  /** Sum of the right side (null when a term is null). */
  actual: number | null;
  /** Terms that are null. */
  missing: string[];
}

export function evaluateInstance(inst: IdentityInstance, get: (key: string) => number | null | undefined): Evaluation {
  const missing = [...inst.lhs, ...inst.rhs].filter((k) => get(k) === null || get(k) === undefined);
  const sum = (terms: string[]) => terms.reduce<number | null>((s, k) => {
    const v = get(k);
    return s === null || v === null || v === undefined ? null : s + v;
  }, 0);
  const expected = sum(inst.lhs);
  const actual = sum(inst.rhs);
  const status = missing.length > 0 ? 'uncertain' : expected === actual ? 'pass' : 'fail';
  return { status, expected, actual, missing };
}

export function runChecks(tables: TablesData, layout: Layout): CheckResult[] {
  return identityInstances(layout).map((inst) => {
    const t = tables[inst.table];
    const e = evaluateInstance(inst, (key) => {
      const [row, col] = key.split('.');
      return t?.[row]?.[col] ?? null;
    });
    if (e.status === 'uncertain') {
      return { id: inst.id, status: e.status, expected: e.expected, actual: e.actual, missing: e.missing.map((k) => `${inst.table}.${k}`) };
    }
    return { id: inst.id, status: e.status, expected: e.expected, actual: e.actual };
  });
}
