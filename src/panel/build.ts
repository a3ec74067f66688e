/**
 * The panel: extraction records of many reports → one row per agency and
 * year, with the year-over-year checks (checks.ts). Pure: records in, rows
 * out; reading and writing files is the CLI's job (src/cli/panel.ts).
 *
 * - Rows are keyed by `report.agency_key` and `report.year`. A record written
 *   before agency identity existed gets it computed here from its title,
 *   agency and path (the same function as extraction uses).
 * - Error records, and results without an agency key or a year, have no
 *   place in a panel: they are counted in `skipped` with the reason.
 * - Duplicates (two or more reports for one agency-year) are listed, not
 *   merged: the row's `sources` names every one, in input order; `totals` and
 *   the checks use the first; `conflicts` names the totals on which the others
 *   disagree with it.
 * - Rows are sorted by agency key (code-point order), then year.
 */
import { simplifyName } from '../agency/key.js';
import { agencyIdentity, type Region } from '../agency/region.js';
import type { OutputRecord, Result } from '../schema.js';
import { APPLICATIONS, REVIEW_LITIGATION } from '../template.js';
import { Y2_ROWS, yearOverYear, type PanelCheck, type YearReport } from './checks.js';

/** One agency-year. */
export interface PanelRow {
  agency_key: string;
  /** The agency as printed in the first source's title, in Simplified script. */
  agency: string;
  region: Region | null;
  year: number;
  /** Every report for this agency-year (path, or `sha256:<hash>` for stdin), in input order. */
  sources: string[];
  /** Totals paths on which a later source disagrees with the first (empty without duplicates). */
  conflicts: string[];
  /** `TOTAL_PATHS` → value of the first source (null when not printed or not in its layout). */
  totals: Record<string, number | null>;
  /** Y1 checks with year − 1 and Y2 checks (N−1 → N); none when year − 1 has no report. */
  checks: PanelCheck[];
}

/** A record left out of the panel, and why. */
export interface PanelSkip {
  source: string | null;
  reason: 'error_record' | 'no_agency' | 'no_year';
}

export interface Panel {
  rows: PanelRow[];
  skipped: PanelSkip[];
}

/**
 * The paths of `totals`, in this order: the 总计 column of every row of
 * table 三 (both layouts' rows: a 2019 report has `other_total`, a 2021
 * report the three `other_*`), the 总计 of the three blocks of table 四, and
 * the 2021 table-二 规章 / 行政规范性文件 columns that Y2 reads.
 */
export const TOTAL_PATHS: string[] = [
  ...APPLICATIONS.rows.map((r) => `applications.${r.key}.total`),
  ...REVIEW_LITIGATION.rows.map((r) => `review_litigation.${r.key}.total`),
  ...Y2_ROWS.flatMap((r) => ['issued', 'repealed', 'in_force'].map((c) => `active_disclosure.${r}.${c}`)),
];

interface Entry {
  rec: Result;
  source: string;
  key: string;
  region: Region | null;
  year: number;
}

function tablesOf(rec: Result): YearReport['tables'] {
  return rec.tables as unknown as YearReport['tables'];
}

function totalsOf(rec: Result): Record<string, number | null> {
  const t = tablesOf(rec);
  return Object.fromEntries(TOTAL_PATHS.map((p) => {
    const [a, b, c] = p.split('.');
    return [p, t[a]?.[b]?.[c] ?? null];
  }));
}

function sourceOf(rec: OutputRecord): string {
  return rec.source.path ?? `sha256:${rec.source.sha256}`;
}

/** Build the panel from extraction records (results and error records, in input order). */
export function buildPanel(records: Iterable<OutputRecord>): Panel {
  const skipped: PanelSkip[] = [];
  const groups = new Map<string, Map<number, Entry[]>>();
  for (const rec of records) {
    if ('error' in rec) {
      skipped.push({ source: rec.source.path, reason: 'error_record' });
      continue;
    }
    const r = rec.report;
    const identity = r.agency_key !== undefined ? { region: r.region ?? null, agency_key: r.agency_key } : agencyIdentity({ title: r.title, agency: r.agency, path: rec.source.path });
    if (!identity.agency_key) {
      skipped.push({ source: rec.source.path, reason: 'no_agency' });
      continue;
    }
    if (r.year === null) {
      skipped.push({ source: rec.source.path, reason: 'no_year' });
      continue;
    }
    const years = groups.get(identity.agency_key) ?? new Map<number, Entry[]>();
    groups.set(identity.agency_key, years);
    const list = years.get(r.year) ?? [];
    years.set(r.year, list);
    list.push({ rec, source: sourceOf(rec), key: identity.agency_key, region: identity.region, year: r.year });
  }

  const rows: PanelRow[] = [];
  for (const key of [...groups.keys()].sort(codePoint)) {
    const years = groups.get(key)!;
    for (const year of [...years.keys()].sort((a, b) => a - b)) {
      const entries = years.get(year)!;
      const first = entries[0];
      const totals = totalsOf(first.rec);
      const others = entries.slice(1).map((e) => totalsOf(e.rec));
      const conflicts = TOTAL_PATHS.filter((p) => others.some((o) => o[p] !== totals[p]));
      const prev = years.get(year - 1)?.[0];
      const checks = prev ? yearOverYear(yearReport(prev), yearReport(first)) : [];
      rows.push({
        agency_key: key,
        agency: simplifyName(first.rec.report.agency ?? key).trim(),
        region: first.region,
        year,
        sources: entries.map((e) => e.source),
        conflicts,
        totals,
        checks,
      });
    }
  }
  return { rows, skipped };
}

function yearReport(e: Entry): YearReport {
  return { year: e.year, source: e.source, template: e.rec.report.template, tables: tablesOf(e.rec) };
}

function codePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
