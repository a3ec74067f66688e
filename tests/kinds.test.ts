/**
 * Kinds seen on held-out real reports (issue 13), each on a corpus document edited by
 * scripts/make-kinds-fixtures.mjs; expected values are the document's (corpus expected.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { streamTable } from '../src/extract/stream/index.js';
import type { TableReading } from '../src/extract/types.js';
import { headerMoneyUnit, shiftDecimal, readValue } from '../src/extract/units.js';
import { REVIEW_LITIGATION } from '../src/template.js';
import { evaluateInstance, identityInstances } from '../src/validate/identities.js';
import type { Result } from '../src/schema.js';
import { compare, FIXTURES, type Expected } from './helpers/corpus.js';

async function fixture(name: string): Promise<{ r: Result; exp: Expected }> {
  const dirs = ['text', 'html'].map((d) => path.join(FIXTURES, d));
  const file = dirs.flatMap((dir) => ['md', 'txt', 'html'].map((e) => path.join(dir, `${name}.${e}`))).find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
  if (!file) throw new Error(`fixture ${name} missing: run node scripts/make-kinds-fixtures.mjs`);
  const r = await extract(readFileSync(file), { path: file });
  const exp = JSON.parse(readFileSync(file.replace(/\.[a-z]+$/, '.expected.json'), 'utf8')) as Expected;
  return { r, exp };
}

const codes = (r: Result, code: string) => r.warnings.filter((w) => w.code === code);

describe('a section heading that differs from the template', () => {
  it('与 for 、 in table 四 heading: table 四 is located by its labels (kewei-2024)', async () => {
    const { r, exp } = await fixture('kewei-2024-heading-yu');
    expect(compare(r, exp)).toEqual([]);
    // as printed: 1 0 0 0 1 | 0 0 0 0 0 | 0 0 0 0 0
    expect(r.tables.review_litigation.review).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(codes(r, 'table_by_content').map((w) => w.field)).toEqual(['review_litigation']);
    expect(codes(r, 'table_not_found')).toEqual([]);
  });

  it('one-line dump with table 三 heading missing and table 四 heading misspelt (行政法复议): both tables read (pingtan-2021)', async () => {
    const { r, exp } = await fixture('pingtan-2021-headings-lost');
    expect(compare(r, exp)).toEqual([]);
    // printed 640020470: 64|0|0|2|0|4|70
    expect(r.tables.applications.new_received.total).toBe(70);
    expect(codes(r, 'table_by_content').map((w) => w.field).sort()).toEqual(['applications', 'review_litigation']);
  });

  it('web page with table 四 under a copy of table 三 heading: content wins, with a warning (pingtan-2023)', async () => {
    const { r, exp } = await fixture('pingtan-2023-heading-swapped');
    expect(compare(r, exp)).toEqual([]);
    const w = codes(r, 'table_by_content');
    expect(w.map((x) => x.field)).toEqual(['review_litigation']);
    expect(w[0].message).toMatch(/heading of table 三/);
  });
});

describe('glued digit runs', () => {
  it('ambiguous runs: the cells every remaining split agrees on are read, the others null (pingtan-2021 without its 总计 row)', async () => {
    const { r, exp } = await fixture('pingtan-2021-total-row-lost');
    expect(compare(r, exp)).toEqual([]);
    // 270020130: 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30 → research 0, other 1, total 30 either way
    expect(r.tables.applications.granted).toEqual({ natural_person: null, commercial_enterprise: null, research_institution: 0, social_welfare_org: null, legal_service_org: null, other_org: 1, total: 30 });
    // 220000325: 22|0|0|0|0|3|25 or 2|20|0|0|0|3|25
    expect(r.tables.applications.unable_not_held).toEqual({ natural_person: null, commercial_enterprise: null, research_institution: 0, social_welfare_org: 0, legal_service_org: 0, other_org: 3, total: 25 });
    for (const k of ['natural_person', 'commercial_enterprise']) {
      expect(r.cells[`applications.granted.${k}`]).toMatchObject({ kind: 'unreadable', raw: '270020130' });
      expect(codes(r, 'glued_ambiguous').some((w) => w.field === `applications.granted.${k}`)).toBe(true);
    }
    expect(codes(r, 'glued_ambiguous').some((w) => w.field === 'applications.granted.total')).toBe(false);
  });

  // table 四 of hongze-2023 as printed (page 4): 10 1 0 0 0 | 0 0 0 0 0 | 5 0 0 0 0, the totals of
  // 复议 and 复议后起诉 printed 0 (its two source anomalies, B1.review and B1.litigation_after_review)
  const HONGZE_2023_T4 = { review: [10, 1, 0, 0, 0], litigation_direct: [0, 0, 0, 0, 0], litigation_after_review: [5, 0, 0, 0, 0] };
  const t4 = (r: TableReading) => Object.fromEntries(REVIEW_LITIGATION.rows.map((row) => [row.key, row.columns.map((c) => r.cells.get(`${row.key}.${c.key}`)?.value ?? null)]));

  it('the only split breaks an identity the printed table breaks: taken, the identity fails with both sides (hongze-2023 table 四, zero cells merged)', () => {
    // a converter merged the runs of zero cells: 10 | 1 | 0 | 0 | 0 | 00000 | 5 | 0000 has one split
    const r = streamTable(REVIEW_LITIGATION, '2021', [{ text: '10\t1\t0\t0\t0\t00000\t5\t0000', origin: { line: 7 } }])!;
    expect(t4(r)).toEqual(HONGZE_2023_T4);
    const w = r.warnings.filter((x) => x.code === 'glued_identity_broken');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/B1\.review, B1\.litigation_after_review/);
    const get = (k: string) => r.cells.get(k)?.value;
    const checks = identityInstances('2021', 'review_litigation').map((i) => ({ id: i.id, ...evaluateInstance(i, get) }));
    expect(checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.expected, c.actual])).toEqual([
      ['B1.review', 0, 11],
      ['B1.litigation_after_review', 0, 5],
    ]);
  });

  it('ambiguous and breaking: only the agreed cells are read (hongze-2023 table 四, each block merged)', () => {
    // three splits, each breaking B1 twice: 10|1|0|0|0 0|0|0|0|0 5|0|0|0|0, 1|0|10|0|0 0|0|0|0|0 5|0|0|0|0 and
    // 1|0|1|0|0 0|0|0|0|0 0|50|0|0|0: the 直接起诉 block, 复议 pending and total, 复议后起诉 other,
    // pending and total agree
    const r = streamTable(REVIEW_LITIGATION, '2021', [{ text: '101000\t00000\t50000', origin: { line: 7 } }])!;
    expect(t4(r)).toEqual({ review: [null, null, null, 0, 0], litigation_direct: [0, 0, 0, 0, 0], litigation_after_review: [null, null, 0, 0, 0] });
    expect(r.cells.get('review.upheld')).toMatchObject({ kind: 'unreadable', raw: '101000\t00000\t50000' });
    const nulls = ['review.upheld', 'review.corrected', 'review.other', 'litigation_after_review.upheld', 'litigation_after_review.corrected'].map((k) => `review_litigation.${k}`);
    expect(r.warnings.filter((x) => x.code === 'glued_ambiguous').map((x) => x.field)).toEqual(nulls);
    expect(r.warnings.filter((x) => x.code === 'glued_identity_broken')).toEqual([]);
  });
});

describe('units inside cells', () => {
  it('a count with its unit (54笔) and the 万元 fee printed in 元 (pingtan-2023)', async () => {
    const { r, exp } = await fixture('pingtan-2023-units');
    expect(compare(r, exp)).toEqual([]);
    expect(r.tables.active_disclosure.coercion).toEqual({ decisions: 54 });
    expect(r.cells['active_disclosure.coercion.decisions']).toMatchObject({ raw: '54笔', kind: 'number' });
    expect(codes(r, 'cell_note').some((w) => w.field === 'active_disclosure.coercion.decisions')).toBe(true);
    // 59490886.67 元 = 5949.088667 万元, exactly as the page prints the fee
    expect((r.tables.active_disclosure.fees as { amount_wan_yuan: number | null }).amount_wan_yuan).toBe(5949.088667);
    expect(r.cells['active_disclosure.fees.amount_wan_yuan']).toMatchObject({ raw: '59490886.67元', kind: 'number' });
    expect(codes(r, 'unit_converted').map((w) => w.field)).toEqual(['active_disclosure.fees.amount_wan_yuan']);
  });

  it('a fee column whose header names 元 is converted to the contract 万元 (pingtan-2023)', async () => {
    const { r, exp } = await fixture('pingtan-2023-fee-header-yuan');
    expect(compare(r, exp)).toEqual([]);
    expect((r.tables.active_disclosure.fees as { amount_wan_yuan: number | null }).amount_wan_yuan).toBe(5949.088667);
    expect(r.cells['active_disclosure.fees.amount_wan_yuan'].raw).toBe('59490886.67');
    const w = codes(r, 'unit_converted');
    expect(w.map((x) => x.field)).toEqual(['active_disclosure.fees.amount_wan_yuan']);
    expect(w[0].message).toContain('under a header in 元');
    expect(headerMoneyUnit('采购总金额（万元）')).toBe('万元');
    expect(headerMoneyUnit('本年收费金额（单位：万元）')).toBe('万元');
    expect(headerMoneyUnit('本年收費金額（單位：萬元）')).toBe('万元');
    expect(headerMoneyUnit('采购总金额')).toBeNull();
  });

  it('the 2019 procurement amount printed in 万元 is normalised to 元 (pingtan-2019)', async () => {
    const { r, exp } = await fixture('pingtan-2019-procurement-wan-yuan');
    expect(compare(r, exp)).toEqual([]);
    const t = r.tables.active_disclosure as { procurement: { projects: number | null; amount: number | null } };
    expect(t.procurement).toEqual({ projects: 135, amount: 75394432.52 });
    expect(r.cells['active_disclosure.procurement.amount']).toMatchObject({ raw: '7539.443252万元', kind: 'number' });
    expect(codes(r, 'unit_converted').map((w) => w.field)).toEqual(['active_disclosure.procurement.amount']);
  });

  it('converts by moving the decimal point, exactly', () => {
    expect(shiftDecimal('47.9659', 4)).toBe('479659');
    expect(shiftDecimal('251000', -4)).toBe('25.1');
    expect(shiftDecimal('59490886.67', -4)).toBe('5949.088667');
    expect(shiftDecimal('0.07', 4)).toBe('700');
    expect(shiftDecimal('3', -4)).toBe('0.0003');
    expect(shiftDecimal('-1.5', 4)).toBe('-15000');
    expect(shiftDecimal('0', 4)).toBe('0');
    // 0.1 + 0.2 style binary errors cannot occur: 1.1 万元 is 11000 元, not 11000.000000000002
    expect(readValue('1.1万元', { key: 'amount', label: '采购总金额', type: 'decimal', unit: '元' })).toMatchObject({ value: 11000, decimal: '11000', converted: { from: '万元', to: '元', printed: '1.1' } });
    expect(readValue('2笔', { key: 'decisions', label: '处理决定数量' })).toMatchObject({ kind: 'number', value: 2, note: '笔' });
    expect(readValue('2.5笔', { key: 'decisions', label: '处理决定数量' }).kind).toBe('text');
  });
});

describe('notes detached from their cells (markdown conversion)', () => {
  it('attaches a note line to the one cell that can hold it and a value line to the one empty cell; never reads a note as a value (kewei-2024)', async () => {
    const { r, exp } = await fixture('kewei-2024-notes-detached');
    expect(compare(r, exp)).toEqual([]);
    // （其中修订16件）: of 13 | 0 | 55 only 55 can hold 16
    expect(r.cells['active_disclosure.normative_documents.in_force']).toMatchObject({ raw: '55（其中修订16件）', kind: 'number' });
    expect(r.tables.active_disclosure.normative_documents).toEqual({ issued: 13, repealed: 0, in_force: 55 });
    // 1（其中1件为会议纪要） after a row whose 总计 cell is empty
    expect(r.tables.applications.denied_process_info.total).toBe(1);
    expect(r.cells['applications.denied_process_info.total']).toMatchObject({ raw: '1（其中1件为会议纪要）', kind: 'number' });
    const notes = codes(r, 'cell_note').map((w) => w.field);
    expect(notes).toContain('active_disclosure.normative_documents.in_force');
    expect(notes).toContain('applications.denied_process_info.total');
    // （其中2件为咨询） after 3.其他 4 … 4: natural_person or 总计, not attached; its 2 is no orphan value
    expect(codes(r, 'note_detached')).toHaveLength(1);
    expect(codes(r, 'note_detached')[0].message).toContain('（其中2件为咨询）');
    expect(codes(r, 'values_unplaced')).toEqual([]);
    expect(r.tables.applications.other_misc).toEqual(exp.tables.applications.other_misc);
  });

  it('a value line that fits two empty cells is not read, and both cells are unreadable (kewei-2024)', async () => {
    const { r, exp } = await fixture('kewei-2024-value-detached-ambiguous');
    expect(compare(r, exp)).toEqual([]);
    expect(r.tables.active_disclosure.normative_documents).toEqual({ issued: null, repealed: 0, in_force: null });
    expect(r.cells['active_disclosure.normative_documents.issued'].kind).toBe('unreadable');
    expect(r.cells['active_disclosure.normative_documents.in_force'].kind).toBe('unreadable');
    expect(codes(r, 'value_detached')).toHaveLength(1);
  });
});

describe('rows shorter than their table (markdown conversion)', () => {
  it('reads a short row through the glued-digit solver, never by position (kewei-2024)', async () => {
    const { r, exp } = await fixture('kewei-2024-short-rows');
    expect(compare(r, exp)).toEqual([]);
    // 332 | 0 | 0 | 0 | 0 | 35 under seven columns: A3 and A1/A2 leave 33 | 2 | 0 | 0 | 0 | 0 | 35
    expect(r.tables.applications.processed_total).toEqual(exp.tables.applications.processed_total);
    // 130 | 55 under three columns: 1|30|55, 13|0|55, 130|5|5 — not read
    expect(r.tables.active_disclosure.normative_documents).toEqual({ issued: null, repealed: null, in_force: null });
    expect(codes(r, 'glued_ambiguous').map((w) => w.field)).toEqual(['issued', 'repealed', 'in_force'].map((c) => `active_disclosure.normative_documents.${c}`));
  });
});

describe('rows shorter than their table (HTML)', () => {
  it('a <td> holding two cells of table 二: the row is split, not read by position (pingtan-2023)', async () => {
    const { r, exp } = await fixture('pingtan-2023-short-row');
    expect(compare(r, exp)).toEqual([]);
    expect(r.tables.active_disclosure.normative_documents).toEqual({ issued: null, repealed: null, in_force: null });
    const w = codes(r, 'glued_ambiguous');
    expect(w.map((x) => x.field)).toEqual(['issued', 'repealed', 'in_force'].map((c) => `active_disclosure.normative_documents.${c}`));
    expect(w[0].message).toContain('2 cells printed for 3 columns');
  });
});
