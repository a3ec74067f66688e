import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { XxgkError } from '../src/errors.js';
import type { Cell, Doc, TableBlock } from '../src/model.js';
import { pdfReader } from '../src/read/pdf.js';
import type { ReadOptions } from '../src/read/types.js';
import { findBorderless } from '../src/read/pdf/borderless.js';
import type { Line } from '../src/read/pdf/text.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../shared/corpus');
const FIXTURES = path.resolve(here, '../fixtures/pdf');

type Tables = Record<string, Record<string, Record<string, number | null>>>;
interface Expected {
  tables: Tables;
  kinds?: Record<string, string>;
}

const squash = (s: string) => s.replace(/\s+/g, '');
const tables = (doc: Doc) => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const distinct = (row: Cell[]) => row.filter((c, i) => row.findIndex((d) => d.id === c.id) === i);

/** Keyword identifying each table-三 row by its innermost label (no answers, only template labels). */
const APP_ROWS: Record<string, (label: string) => boolean> = {
  new_received: (l) => l.includes('本年新收'),
  carried_over: (l) => l.includes('上年结转'),
  granted: (l) => l.includes('予以公开'),
  partially_granted: (l) => l.includes('部分公开'),
  denied_state_secret: (l) => l.includes('属于国家秘密'),
  denied_law_prohibited: (l) => l.includes('其他法律行政'),
  denied_security_stability: (l) => l.includes('三安全一稳定'),
  denied_third_party_rights: (l) => l.includes('保护第三方'),
  denied_internal_affairs: (l) => l.includes('三类内部事务'),
  denied_process_info: (l) => l.includes('四类过程性'),
  denied_enforcement_files: (l) => l.includes('行政执法案卷'),
  denied_admin_query: (l) => l.includes('行政查询事项'),
  unable_not_held: (l) => l.includes('不掌握'),
  unable_needs_creation: (l) => l.includes('没有现成信息'),
  unable_unclear: (l) => l.includes('补正后申请内容'),
  not_processed_complaint: (l) => l.includes('信访举报'),
  not_processed_repeat: (l) => l.includes('重复申请'),
  not_processed_publication: (l) => l.includes('公开出版物'),
  not_processed_excessive: (l) => l.includes('大量反复'),
  not_processed_confirmation: (l) => l.includes('确认或重新出具'),
  other_no_correction: (l) => l.includes('逾期不补正'),
  other_fee_unpaid: (l) => l.includes('收费通知'),
  other_misc: (l) => /^3[.、．]其他$/.test(l),
  other_total: (l) => l.includes('其他处理'),
  processed_total: (l) => /^（七）总计$/.test(l),
  carried_forward: (l) => l.includes('结转下年度'),
};

function applicationsTable(doc: Doc): TableBlock {
  const t = tables(doc).find((b) => b.rows.some((r) => r.some((c) => squash(c.text).includes('申请人情况'))));
  if (!t) throw new Error('table 三 not found');
  return t;
}

/** The row whose innermost (rightmost non-empty) label cell satisfies the predicate. */
function findRow(t: TableBlock, pred: (label: string) => boolean, valueCols: number): Cell[] | undefined {
  return t.rows.find((row) => {
    const labels = row.slice(0, t.cols - valueCols).map((c) => squash(c.text)).filter(Boolean);
    const leaf = labels[labels.length - 1];
    return leaf !== undefined && pred(leaf) && !row.slice(t.cols - valueCols).some((c) => c.merged && c.origin.row !== row[0].origin.row);
  });
}

const num = (c: Cell) => (squash(c.text) === '' ? null : Number(squash(c.text).replace(/[,，]/g, '')));

function checkApplications(doc: Doc, exp: Expected, pages?: Record<string, number>) {
  const t = applicationsTable(doc);
  const cols = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];
  let checked = 0;
  for (const [key, pred] of Object.entries(APP_ROWS)) {
    const want = exp.tables.applications[key];
    const absent = exp.kinds?.[`applications.${key}.total`] === 'absent';
    if (absent) continue;
    // in mixed reports the single （六）其他处理 row; skip its matcher when sub-rows exist
    const row = findRow(t, pred, 7);
    expect(row, `row ${key}`).toBeDefined();
    const values = row!.slice(t.cols - 7);
    expect(values.map(num), `row ${key}`).toEqual(cols.map((c) => want[c]));
    if (pages?.[key]) for (const c of values) expect(c.origin.page, `page of ${key}`).toBe(pages[key]);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(23);
  return t;
}

function checkReviewLitigation(doc: Doc, exp: Expected, page?: number) {
  const t = tables(doc).find((b) => b.cols === 15 && b.rows.some((r) => r.some((c) => squash(c.text).includes('复议后起诉'))));
  expect(t, 'table 四').toBeDefined();
  const last = t!.rows[t!.rows.length - 1];
  const want = ['review', 'litigation_direct', 'litigation_after_review'].flatMap((b) =>
    ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => exp.tables.review_litigation[b][c]),
  );
  expect(last.map(num)).toEqual(want);
  if (page) for (const c of last) expect(c.origin.page).toBe(page);
}

function checkActiveDisclosure(doc: Doc, exp: Expected) {
  const t = tables(doc).find((b) => b.rows.some((r) => squash(r[0].text) === '信息内容'));
  expect(t, 'table 二').toBeDefined();
  const labels: Record<string, string> = {
    regulations: '规章',
    normative_documents: '行政规范性文件',
    licensing: '行政许可',
    penalty: '行政处罚',
    coercion: '行政强制',
    fees: '行政事业性收费',
  };
  for (const [key, label] of Object.entries(labels)) {
    const row = t!.rows.find((r) => squash(r[0].text) === label);
    expect(row, label).toBeDefined();
    const values = distinct(row!).slice(1).map(num);
    expect(values, label).toEqual(Object.values(exp.tables.active_disclosure[key]));
  }
  return t!;
}

const load = (p: string) => readFileSync(p);
const expected = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Expected;

describe('pdf reader on the corpus', () => {
  it('huaian-2024: table 三 across pages 4–5, label （四）无法提供 rejoined', async () => {
    const dir = path.join(CORPUS, 'huaian-2024-pdf');
    const doc = await pdfReader.read(load(path.join(dir, 'source.pdf')));
    const exp = expected(path.join(dir, 'expected.json'));
    expect(doc.format).toBe('pdf');
    expect(doc.pages).toBe(6);
    const t = checkApplications(doc, exp, { granted: 4, unable_not_held: 4, unable_needs_creation: 5, unable_unclear: 5, carried_forward: 5 });
    // the group label broken by the page break is one merged cell over its three items
    const rows = ['不掌握', '没有现成信息', '补正后申请内容'].map((k) => findRow(t, (l) => l.includes(k), 7)!);
    const group = rows.map((r) => r[1]);
    expect(squash(group[0].text)).toBe('（四）无法提供');
    expect(new Set(group.map((c) => c.id)).size).toBe(1);
    expect(group[0].merged).toBeFalsy();
    expect(group[1].merged && group[2].merged).toBe(true);
    // the vertical 三、本年度办理结果 is one cell
    expect(t.rows.some((r) => squash(r[0].text) === '三、本年度办理结果')).toBe(true);
    // page footers are not in any table cell
    expect(t.rows.flat().some((c) => /^-\d+-$/.test(squash(c.text)))).toBe(false);
    checkReviewLitigation(doc, exp, 5);
    const t2 = checkActiveDisclosure(doc, exp);
    expect(t2.rows.some((r) => r[0].origin.page === 4)).toBe(true); // table 二 continued on page 4, joined
    const texts = doc.blocks.filter((b) => b.kind === 'text').map((b) => squash((b as { text: string }).text));
    expect(texts).toContain('二、主动公开政府信息情况');
    expect(texts.some((s) => s.includes('淮安市人民政府') && s.includes('年度报告'))).toBe(true);
    // exactly the three fixed tables
    expect(tables(doc).length).toBe(3);
  });

  for (const id of ['hongze-2023-pdf', 'hongze-2024-pdf']) {
    it(`${id}: mixed layout, table 三 across pages 3–4`, async () => {
      const dir = path.join(CORPUS, id);
      const doc = await pdfReader.read(load(path.join(dir, 'source.pdf')));
      const exp = expected(path.join(dir, 'expected.json'));
      const t = checkApplications(doc, exp, { granted: 3, new_received: 3, unable_unclear: 4, carried_forward: 4 });
      expect(t.rows.some((r) => squash(r[0].text) === '三、本年度办理结果')).toBe(true); // vertical-font label recovered
      checkReviewLitigation(doc, exp, 4);
      checkActiveDisclosure(doc, exp);
      expect(tables(doc).length).toBe(3);
    });
  }
});

describe('pdf reader on LibreOffice fixtures', () => {
  for (const name of ['ruled', 'pagebreak']) {
    it(`${name}: grids hold the generated numbers`, async () => {
      const doc = await pdfReader.read(load(path.join(FIXTURES, `${name}.pdf`)));
      const exp = expected(path.join(FIXTURES, `${name}.expected.json`));
      const t = checkApplications(doc, exp);
      checkReviewLitigation(doc, exp);
      checkActiveDisclosure(doc, exp);
      expect(tables(doc).length).toBe(3);
      // table 三 is one table although it spans two pages, the repeated header is not a data row
      const pages = new Set(t.rows.flat().map((c) => c.origin.page));
      expect(pages.size).toBe(2);
      expect(t.rows.filter((r) => r.some((c) => squash(c.text) === '申请人情况' && !c.merged)).length).toBe(1);
      const texts = doc.blocks.filter((b) => b.kind === 'text').map((b) => squash((b as { text: string }).text));
      expect(texts.some((s) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(s))).toBe(true);
    });
  }

  it('borderless: the alignment grids hold the generated numbers', async () => {
    const doc = await pdfReader.read(load(path.join(FIXTURES, 'borderless.pdf')));
    const exp = expected(path.join(FIXTURES, 'borderless.expected.json'));
    const t = checkApplications(doc, exp);
    checkReviewLitigation(doc, exp);
    checkActiveDisclosure(doc, exp);
    expect(tables(doc).length).toBe(3);
    // table 三 is one table over two pages; the row cut by the page break is one row again
    expect(new Set(t.rows.flat().map((c) => c.origin.page)).size).toBe(2);
    expect(t.rows.some((r) => r.some((c) => squash(c.text) === '2.其他法律行政法规禁止公开'))).toBe(true);
    expect(t.rows.some((r) => r.some((c) => squash(c.text) === '止公开'))).toBe(false);
    // wrapped header cells are one cell each, in a column of their own
    const header = t.rows.slice(0, 8).flatMap(distinct).filter((c) => !c.colSpan || c.colSpan === 1).map((c) => squash(c.text));
    for (const h of ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']) expect(header).toContain(h);
    // wrapped labels stay in their own row; no cell holds two numbers
    expect(t.rows.some((r) => r.some((c) => squash(c.text) === '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'))).toBe(true);
    expect(t.rows.some((r) => r.some((c) => squash(c.text) === '3.其他'))).toBe(true);
    for (const b of tables(doc)) for (const c of b.rows.flat()) expect(c.text).not.toMatch(/\d\s+\d/);
    // table 二: captions are rows of their own, a one-column block spreads its header and value over the value columns
    const a = tables(doc).find((b) => b.rows.some((r) => squash(r[0].text) === '信息内容'))!;
    expect(a.rows.filter((r) => /^第二十条/.test(squash(r[0].text)) && distinct(r).length === 1).length).toBe(4);
    const lic = a.rows.find((r) => squash(r[0].text) === '行政许可')!;
    expect(distinct(lic).map((c) => squash(c.text))).toEqual(['行政许可', '36437']);
    // body text stays text
    const texts = doc.blocks.filter((b) => b.kind === 'text').map((b) => squash((b as { text: string }).text));
    expect(texts.some((s) => s.startsWith('本年度，我单位坚持'))).toBe(true);
    expect(texts.some((s) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(s))).toBe(true);
  });

  it('borderless fallback: prose with numbers is not a table', () => {
    // runs split at numbers, as word processors write dates and counts in flowing text
    const mk = (y: number, parts: string[]): Line => {
      let x = 56.8;
      const items = parts.map((str) => {
        const w = [...str].reduce((s, ch) => s + (/[\x00-\x7f]/.test(ch) ? 6 : 12), 0);
        const it = { str, x0: x, x1: x + w, y, size: 12, page: 1 };
        x += w + 3;
        return it;
      });
      return { items, y, x0: items[0].x0, x1: items[items.length - 1].x1, size: 12, page: 1 };
    };
    const lines = [
      mk(700, ['全年共受理申请', '142', '件，办结', '141', '件，结转', '1', '件。']),
      mk(680, ['统计期限自', '2024', '年', '1', '月', '1', '日起至', '2024', '年', '12', '月', '31', '日止。']),
      mk(660, ['组织培训', '6', '次，参训', '120', '人次。']),
    ];
    expect(findBorderless(lines, 1)).toEqual([]);
  });

  it('owner-password-only PDF opens normally', async () => {
    const doc = await pdfReader.read(load(path.join(FIXTURES, 'encrypted-owner.pdf')));
    checkApplications(doc, expected(path.join(FIXTURES, 'ruled.expected.json')));
  });
});

describe('pdf reader errors', () => {
  const code = async (bytes: Uint8Array, opts: ReadOptions = {}) => {
    try {
      await pdfReader.read(bytes, opts);
    } catch (e) {
      expect(e).toBeInstanceOf(XxgkError);
      return (e as XxgkError).code;
    }
    return 'no error';
  };
  it('user password → encrypted', async () => {
    expect(await code(load(path.join(FIXTURES, 'encrypted-user.pdf')))).toBe('encrypted');
  });
  it('image-only PDF under --ocr off → no_text_layer', async () => {
    expect(await code(load(path.join(FIXTURES, 'scanned.pdf')), { ocr: 'off' })).toBe('no_text_layer');
  });
  it('garbage after a PDF header → corrupt_file', async () => {
    expect(await code(new TextEncoder().encode('%PDF-1.7\nthis is not a pdf at all\n%%EOF'))).toBe('corrupt_file');
  });
  it('truncated PDF → corrupt_file or a readable document, never an untyped error', async () => {
    const bytes = load(path.join(CORPUS, 'huaian-2024-pdf', 'source.pdf')).subarray(0, 4000);
    expect(['corrupt_file', 'no_text_layer', 'no error']).toContain(await code(bytes));
  });
  it('does not detach the caller’s buffer', async () => {
    const buf = load(path.join(FIXTURES, 'ruled.pdf'));
    const before = buf.length;
    await pdfReader.read(buf);
    expect(buf.length).toBe(before);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
