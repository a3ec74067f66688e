/**
 * Year-over-year checks between two reports of one agency (issue 15;
 * report-format.md A.4). They never change a value: a failed check is
 * reported with both sides and both sources.
 *
 * - `Y1.<column>` (every applicant column of table 三, `total` included):
 *   结转下年度继续办理 of year N (`applications.carried_forward`) =
 *   上年结转政府信息公开申请数量 of year N+1 (`applications.carried_over`).
 *   The template itself links the years this way. Placed on the row of N+1;
 *   `expected` = year N's carried forward, `actual` = year N+1's carried over.
 * - `Y2.<row>` (`regulations` 规章 and `normative_documents` 行政规范性文件,
 *   both reports in the 2021 table-二 layout): 现行有效件数 (N−1) + 本年制发件数 (N)
 *   − 本年废止件数 (N) = 现行有效件数 (N). A softer identity: a body may count
 *   documents that lapse without repeal, or revise its count, so a failure is
 *   a question to the report, never a repair. Placed on the row of N;
 *   `expected` = the left side, `actual` = year N's in force.
 *
 * A check needs both years: when year N−1 has no report, the check is left
 * out (not failed). A null term makes it `uncertain` with `missing` naming
 * the terms (`2023:applications.carried_forward.total`).
 */
import { APPLICANT_COLUMNS } from '../template.js';

/** The values a check reads from one report of the panel. */
export interface YearReport {
  year: number;
  /** `source.path`, or `sha256:<hash>` for a record read from standard input. */
  source: string;
  /** Table-二 layout: Y2 runs only when both years are `"2021"`. */
  template: '2019' | '2021';
  tables: Record<string, Record<string, Record<string, number | null>> | undefined>;
}

/** One year-over-year check. */
export interface PanelCheck {
  id: string;
  status: 'pass' | 'fail' | 'uncertain';
  /** Left side: year N's carried forward (Y1); in force (N−1) + issued (N) − repealed (N) (Y2). */
  expected: number | null;
  /** Right side: year N+1's carried over (Y1); in force (N) (Y2). */
  actual: number | null;
  /** The two reports compared: the earlier year first. */
  sources: [string, string];
  missing?: string[];
}

/** Y2 rows (2021 layout, 第二十条第（一）项). */
export const Y2_ROWS = ['regulations', 'normative_documents'] as const;

/** Every check id the panel can produce, in output order. */
export const PANEL_CHECK_IDS: string[] = [...APPLICANT_COLUMNS.map((c) => `Y1.${c.key}`), ...Y2_ROWS.map((r) => `Y2.${r}`)];

function value(r: YearReport, path: string): number | null {
  const [t, row, col] = path.split('.');
  return r.tables[t]?.[row]?.[col] ?? null;
}

function check(id: string, prev: YearReport, cur: YearReport, left: [YearReport, string, 1 | -1][], right: [YearReport, string]): PanelCheck {
  const missing: string[] = [];
  let sum = 0;
  for (const [r, path, sign] of left) {
    const v = value(r, path);
    if (v === null) missing.push(`${r.year}:${path}`);
    else sum += sign * v;
  }
  const expected = missing.length ? null : sum;
  const actual = value(right[0], right[1]);
  if (actual === null) missing.push(`${right[0].year}:${right[1]}`);
  const sources: [string, string] = [prev.source, cur.source];
  if (missing.length) return { id, status: 'uncertain', expected, actual, sources, missing };
  return { id, status: expected === actual ? 'pass' : 'fail', expected, actual, sources };
}

/**
 * The checks linking year `prev` to year `cur` of one agency (`cur.year`
 * must be `prev.year + 1`; otherwise none). Returns the Y1 checks (for the
 * row of `cur`) and the Y2 checks (also for the row of `cur`, i.e. year N).
 */
export function yearOverYear(prev: YearReport, cur: YearReport): PanelCheck[] {
  if (cur.year !== prev.year + 1) return [];
  const out: PanelCheck[] = [];
  for (const c of APPLICANT_COLUMNS) {
    out.push(check(`Y1.${c.key}`, prev, cur, [[prev, `applications.carried_forward.${c.key}`, 1]], [cur, `applications.carried_over.${c.key}`]));
  }
  if (prev.template === '2021' && cur.template === '2021') {
    for (const row of Y2_ROWS) {
      const base = `active_disclosure.${row}`;
      out.push(
        check(
          `Y2.${row}`,
          prev,
          cur,
          [
            [prev, `${base}.in_force`, 1],
            [cur, `${base}.issued`, 1],
            [cur, `${base}.repealed`, -1],
          ],
          [cur, `${base}.in_force`],
        ),
      );
    }
  }
  return out;
}
