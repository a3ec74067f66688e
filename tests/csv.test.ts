/** CSV views: column order, null handling, long rows, error rows (pure functions, no workers). */
import { describe, expect, it } from 'vitest';
import { errorsFileFor } from '../src/cli/main.js';
import type { Result } from '../src/schema.js';
import { cellPaths, type TemplateVersion } from '../src/template.js';
import { ERROR_COLUMNS, LONG_COLUMNS, WIDE_LEAD, WIDE_TAIL, csvLines, errorRow, longRows, unionCellPaths, wideColumns, wideRow } from '../src/write/csv.js';

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
    schema_version: '1',
    source: { path: `r${template}.pdf`, format: 'pdf', sha256: 'a'.repeat(64), bytes: 1 },
    report: { title: 't', agency: '某市人民政府, "办公室"', year: 2020, published: null, template, mixed: false },
    tables: tables as Result['tables'],
    cells,
    checks: [
      { id: 'A1.total', status: 'fail', expected: 1, actual: 2 },
      { id: 'A1.other_org', status: 'pass', expected: 1, actual: 1 },
      { id: 'A3.granted', status: 'uncertain', expected: null, actual: 3, missing: ['applications.granted.total'] },
      // a narrative check (report-format.md A.4): not an identity, counted apart
      { id: 'N.applications.new_received.total', status: 'fail', expected: 5, actual: 4 } as Result['checks'][number],
    ],
    warnings: [
      { code: 'x', message: 'an unknown code counts as warning' },
      { code: 'template_mixed', message: 'info by the fallback table' },
      { code: 'cell_unreadable', message: 'data_loss by the fallback table' },
      { code: 'cell_note', message: 'its own severity wins', severity: 'info' } as Result['warnings'][number],
    ],
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
    expect(wideColumns().slice(0, 9)).toEqual(['source.path', 'source.sha256', 'source.format', 'report.title', 'report.agency', 'report.year', 'report.published', 'report.template', 'report.mixed']);
    expect(wideColumns().slice(-9)).toEqual(['checks_failed', 'checks_failed_ids', 'checks_uncertain', 'narrative_failed', 'cells_null', 'warnings', 'warnings_info', 'warnings_warning', 'warnings_data_loss']);
    expect(wideColumns()).toEqual([...WIDE_LEAD, ...u.map((p) => `tables.${p}`), ...WIDE_TAIL]);
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
      const at = (c: string) => row[cols.indexOf(c)];
      expect(at('checks_failed')).toBe(1); // identities only, not the narrative check
      expect(at('checks_failed_ids')).toBe('A1.total');
      expect(at('checks_uncertain')).toBe(1);
      expect(at('narrative_failed')).toBe(1);
      expect([at('warnings'), at('warnings_info'), at('warnings_warning'), at('warnings_data_loss')]).toEqual([4, 2, 1, 1]);
      expect(at('report.mixed')).toBe(false);
      expect(at('source.format')).toBe('pdf');
      // null cells of the report's own layout: a 2021 report does not print （六） as one row, a 2019 one not its three sub-rows
      const notPrinted = v === '2021' ? ['applications.other_total.'] : ['applications.other_no_correction.', 'applications.other_fee_unpaid.', 'applications.other_misc.'];
      const printed = cellPaths(v).filter((p) => !notPrinted.some((x) => p.startsWith(x)));
      const [tt, rr, cc] = [(p: string) => p.split('.')[0], (p: string) => p.split('.')[1], (p: string) => p.split('.')[2]];
      const tables = res.tables as unknown as Record<string, Record<string, Record<string, number | null>>>;
      expect(at('cells_null')).toBe(printed.filter((p) => tables[tt(p)][rr(p)][cc(p)] === null).length);
      expect(at('cells_null')).toBeGreaterThan(0);
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
      const res = fakeResult(v);
      res.cells[cellPaths(v)[1]] = { ...res.cells[cellPaths(v)[1]], page: 4, table: 2, row: 3, col: 5 };
      const rows = longRows(res);
      const i = (c: (typeof LONG_COLUMNS)[number]) => LONG_COLUMNS.indexOf(c);
      expect(rows.map((r) => `${r[i('table')]}.${r[i('row')]}.${r[i('column')]}`)).toEqual(cellPaths(v));
      expect(rows[0][i('kind')]).toBe('dash');
      expect(rows[0][i('value')]).toBeNull();
      expect(rows[1][i('value')]).toBe(1);
      expect(rows[1][i('source.sha256')]).toBe('a'.repeat(64));
      expect(rows[1][i('report.template')]).toBe(v);
      expect([i('cell.page'), i('cell.table'), i('cell.row'), i('cell.col'), i('cell.line')].map((k) => rows[1][k])).toEqual([4, 2, 3, 5, null]);
    }
  });

  it('error rows follow ERROR_COLUMNS; errors file name', () => {
    const row = errorRow({ schema_version: '1', source: { path: 'x.pdf', format: null, sha256: 'b'.repeat(64), bytes: 0 }, error: { code: 'corrupt_file', message: 'empty file' } });
    expect(row.length).toBe(ERROR_COLUMNS.length);
    expect(row[4]).toBe('corrupt_file');
    expect(errorsFileFor('out.csv')).toBe('out.errors.csv');
    expect(errorsFileFor('out.CSV')).toBe('out.errors.csv');
    expect(errorsFileFor('out.txt')).toBe('out.txt.errors.csv');
  });
});

describe('spreadsheet safety and TSV', () => {
  it('--excel neutralises text cells starting with = + - @ and leaves numbers alone', () => {
    const line = csvLines([['=HYPERLINK("x")', '+1', '-cmd', '@SUM(A1)', '平潭', -3, 12.5]], { excel: true });
    expect(line).toBe(`"'=HYPERLINK(""x"")",'+1,'-cmd,'@SUM(A1),平潭,-3,12.5\n`);
    expect(csvLines([['=1+1']])).toBe('=1+1\n');
  });

  it('writes tab-separated rows, quoting fields that hold a tab', () => {
    expect(csvLines([['a\tb', 'c', null, true]], { delimiter: '\t' })).toBe('"a\tb"\tc\t\ttrue\n');
  });
});
