/** CSV views: column order, null handling, long rows, error rows (pure functions, no workers). */
import { describe, expect, it } from 'vitest';
import { errorsFileFor } from '../src/cli/main.js';
import type { Result } from '../src/schema.js';
import { cellPaths, type TemplateVersion } from '../src/template.js';
import { ERROR_COLUMNS, csvLines, errorRow, longRows, unionCellPaths, wideColumns, wideRow } from '../src/write/csv.js';

function fakeResult(template: TemplateVersion): Result {
  const tables: Record<string, Record<string, Record<string, number | null>>> = {};
  const cells: Result['cells'] = {};
  cellPaths(template).forEach((p, i) => {
    const [t, r, c] = p.split('.');
    const v = i % 5 === 0 ? null : i;
    ((tables[t] ??= {})[r] ??= {})[c] = v;
    cells[p] = { raw: v === null ? '—' : `${v}`, kind: v === null ? 'dash' : 'number' };
  });
  return {
    schema_version: '2',
    source: { path: `r${template}.pdf`, format: 'pdf', sha256: 'a'.repeat(64), bytes: 1 },
    report: { title: 't', agency: '某市人民政府, "办公室"', year: 2020, published: null, template, mixed: false },
    tables: tables as Result['tables'],
    cells,
    checks: [
      { id: 'A1.total', status: 'fail', expected: 1, actual: 2 },
      { id: 'A1.other_org', status: 'pass', expected: 1, actual: 1 },
    ],
    warnings: [{ code: 'x', message: 'y' }],
  };
}

describe('wide CSV', () => {
  it('orders table columns: 2021 table 二, 2019-only table 二, then 三 and 四', () => {
    const u = unionCellPaths();
    const p21 = cellPaths('2021');
    const p19 = cellPaths('2019');
    expect(new Set(u)).toEqual(new Set([...p21, ...p19]));
    expect(u.length).toBe(new Set(u).size);
    const ad21 = p21.filter((p) => p.startsWith('active_disclosure.'));
    expect(u.slice(0, ad21.length)).toEqual(ad21);
    const only19 = p19.filter((p) => p.startsWith('active_disclosure.') && !p21.includes(p));
    expect(u.slice(ad21.length, ad21.length + only19.length)).toEqual(only19);
    expect(u.slice(ad21.length + only19.length)).toEqual(p21.filter((p) => !p.startsWith('active_disclosure.')));
    expect(wideColumns().slice(0, 5)).toEqual(['source.path', 'source.sha256', 'report.agency', 'report.year', 'report.template']);
    expect(wideColumns().slice(-2)).toEqual(['checks_failed', 'warnings']);
  });

  it('writes null and cells of the other template as empty fields, counts failed checks and warnings', () => {
    for (const v of ['2019', '2021'] as const) {
      const res = fakeResult(v);
      const row = wideRow(res);
      const cols = wideColumns();
      expect(row.length).toBe(cols.length);
      const mine = new Set(cellPaths(v));
      cols.forEach((c, i) => {
        if (!c.startsWith('tables.')) return;
        const p = c.slice(7);
        if (!mine.has(p)) expect(row[i], c).toBeNull();
      });
      expect(row.slice(-2)).toEqual([1, 1]);
      const line = csvLines([row]);
      expect(line).toContain('"某市人民政府, ""办公室"""');
      expect(line.endsWith('\n')).toBe(true);
      expect(line).toMatch(/,,/); // nulls are empty fields
    }
  });
});

describe('long CSV and errors', () => {
  it('has one row per contract cell of the report template', () => {
    for (const v of ['2019', '2021'] as const) {
      const rows = longRows(fakeResult(v));
      expect(rows.map((r) => `${r[3]}.${r[4]}.${r[5]}`)).toEqual(cellPaths(v));
      expect(rows[0][7]).toBe('dash');
      expect(rows[0][6]).toBeNull();
      expect(rows[1][6]).toBe(1);
    }
  });

  it('error rows follow ERROR_COLUMNS; errors file name', () => {
    const row = errorRow({ schema_version: '2', source: { path: 'x.pdf', format: null, sha256: 'b'.repeat(64), bytes: 0 }, error: { code: 'corrupt_file', message: 'empty file' } });
    expect(row.length).toBe(ERROR_COLUMNS.length);
    expect(row[4]).toBe('corrupt_file');
    expect(errorsFileFor('out.csv')).toBe('out.errors.csv');
    expect(errorsFileFor('out.CSV')).toBe('out.errors.csv');
    expect(errorsFileFor('out.txt')).toBe('out.txt.errors.csv');
  });
});
