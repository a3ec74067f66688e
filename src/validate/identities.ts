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
  return evaluateTerms(inst.lhs, inst.rhs, get, (k) => k);
}

/**
 * The evaluation of `lhs = rhs` over terms of any form: `value` reads a term (each once),
 * `name` is how a null term is listed in `missing` (left side first, in order).
 */
function evaluateTerms<T>(lhs: readonly T[], rhs: readonly T[], value: (t: T) => number | null | undefined, name: (t: T) => string): Evaluation {
  const missing: string[] = [];
  const sum = (terms: readonly T[]): number | null => {
    let s: number | null = 0;
    for (const t of terms) {
      const v = value(t);
      if (v === null || v === undefined) {
        missing.push(name(t));
        s = null;
      } else if (s !== null) s += v;
    }
    return s;
  };
  const expected = sum(lhs);
  const actual = sum(rhs);
  const status = missing.length > 0 ? 'uncertain' : expected === actual ? 'pass' : 'fail';
  return { status, expected, actual, missing };
}

/** A term of an instance split once: its table row and column, and its contract path (for `missing`). */
interface Term {
  row: string;
  col: string;
  path: string;
}

/**
 * The instances of each layout with their terms split into row and column, built on first use:
 * every document's checks evaluate the same ~60 instances (splitting the keys per term per
 * document was a tenth of the post-reading CPU of a PDF).
 */
const splitInstances = new Map<Layout, { inst: IdentityInstance; lhs: Term[]; rhs: Term[] }[]>();
function splitInstancesOf(layout: Layout) {
  let out = splitInstances.get(layout);
  if (!out) {
    const split = (table: string, key: string): Term => {
      const [row, col] = key.split('.');
      return { row, col, path: `${table}.${key}` };
    };
    out = identityInstances(layout).map((inst) => ({ inst, lhs: inst.lhs.map((k) => split(inst.table, k)), rhs: inst.rhs.map((k) => split(inst.table, k)) }));
    splitInstances.set(layout, out);
  }
  return out;
}

export function runChecks(tables: TablesData, layout: Layout): CheckResult[] {
  return splitInstancesOf(layout).map(({ inst, lhs, rhs }) => {
    const t = tables[inst.table];
    const e = evaluateTerms(lhs, rhs, (term) => t?.[term.row]?.[term.col] ?? null, (term) => term.path);
    if (e.status === 'uncertain') {
      return { id: inst.id, status: e.status, expected: e.expected, actual: e.actual, missing: e.missing };
    }
    return { id: inst.id, status: e.status, expected: e.expected, actual: e.actual };
  });
}
