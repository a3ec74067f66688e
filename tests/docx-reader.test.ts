/**
 * DOCX reader: exact grids on the official template and on generated fixtures
 * (Word flavour, LibreOffice flavour, a w:gridBefore row, an HTML page converted by
 * LibreOffice), plus the safety properties (zip bombs, DTD/entities, wrong zips).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDocxReader, docxReader } from '../src/read/docx.js';
import { crc32 } from '../src/read/docx/zip.js';
import { isXxgkError } from '../src/errors.js';
import type { Cell, Doc, TableBlock } from '../src/model.js';
import { CORPUS } from './helpers/corpus.js';

const TEMPLATE = path.join(CORPUS, 'template-blank-2021-docx', 'source.docx');
const FIX = new URL('../fixtures/docx/', import.meta.url).pathname;

const load = (path: string) => new Uint8Array(readFileSync(path));
const read = (bytes: Uint8Array) => docxReader.read(bytes);
const tables = (doc: Doc) => doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
const texts = (doc: Doc) => doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const norm = (s: string) => s.replace(/[\s\u3000]/g, '');

async function expectXxgkError(p: Promise<unknown>, code: string): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(isXxgkError(e), String(e)).toBe(true);
    expect((e as { code: string }).code, (e as Error).message).toBe(code);
    return e as Error;
  }
  throw new Error(`expected XxgkError ${code}, nothing thrown`);
}

/** The table whose cells contain `label`, and the row (first) with a cell starting with it. */
function findRow(doc: Doc, label: string): { table: TableBlock; row: Cell[]; r: number; labelCol: number } {
  for (const table of tables(doc)) {
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r];
      const c = row.findIndex((cell) => !cell.merged && norm(cell.text).startsWith(norm(label)));
      if (c >= 0) return { table, row, r, labelCol: c };
    }
  }
  throw new Error(`row ${label} not found`);
}

/** Distinct source cells of a row right of its label, in order. */
function valuesAfterLabel(doc: Doc, label: string): string[] {
  const { row, labelCol } = findRow(doc, label);
  const out: string[] = [];
  let lastId = row[labelCol].id;
  for (let c = labelCol + 1; c < row.length; c++) {
    if (row[c].id === lastId) continue;
    lastId = row[c].id;
    out.push(row[c].text);
  }
  return out;
}

const asNumber = (s: string): number | null => {
  const t = norm(s);
  return t === '' ? null : Number(t);
};

// template row labels (table 三) in contract order
const APP_ROWS: [string, string][] = [
  ['new_received', '一、本年新收政府信息公开申请数量'],
  ['carried_over', '二、上年结转政府信息公开申请数量'],
  ['granted', '（一）予以公开'],
  ['partially_granted', '（二）部分公开'],
  ['denied_state_secret', '1.属于国家秘密'],
  ['denied_law_prohibited', '2.其他法律行政法规禁止公开'],
  ['denied_security_stability', '3.危及“三安全一稳定”'],
  ['denied_third_party_rights', '4.保护第三方合法权益'],
  ['denied_internal_affairs', '5.属于三类内部事务信息'],
  ['denied_process_info', '6.属于四类过程性信息'],
  ['denied_enforcement_files', '7.属于行政执法案卷'],
  ['denied_admin_query', '8.属于行政查询事项'],
  ['unable_not_held', '1.本机关不掌握相关政府信息'],
  ['unable_needs_creation', '2.没有现成信息需要另行制作'],
  ['unable_unclear', '3.补正后申请内容仍不明确'],
  ['not_processed_complaint', '1.信访举报投诉类申请'],
  ['not_processed_repeat', '2.重复申请'],
  ['not_processed_publication', '3.要求提供公开出版物'],
  ['not_processed_excessive', '4.无正当理由大量反复申请'],
  ['not_processed_confirmation', '5.要求行政机关确认或重新出具已获取信息'],
  ['other_no_correction', '1.申请人无正当理由逾期不补正'],
  ['other_fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用'],
  ['other_misc', '3.其他'],
  ['processed_total', '（七）总计'],
  ['carried_forward', '四、结转下年度继续办理'],
];
const APP_COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];
const AD_ROWS: [string, string, string[]][] = [
  ['regulations', '规章', ['issued', 'repealed', 'in_force']],
  ['normative_documents', '行政规范性文件', ['issued', 'repealed', 'in_force']],
  ['licensing', '行政许可', ['decisions']],
  ['penalty', '行政处罚', ['decisions']],
  ['coercion', '行政强制', ['decisions']],
  ['fees', '行政事业性收费', ['amount_wan_yuan']],
];
const RL = ['review', 'litigation_direct', 'litigation_after_review'].flatMap((b) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => [b, c]));

/** The table-四 value row: the last row of the table whose first row reads 行政复议 | 行政诉讼. */
function reviewValues(doc: Doc): string[] {
  const t = tables(doc).find((tb) => norm(tb.rows[0][0].text) === '行政复议');
  if (!t) throw new Error('table 四 not found');
  return t.rows[t.rows.length - 1].map((c) => c.text);
}

/** Compare the grids of a document with expected.json (tables only). */
function checkAgainstExpected(doc: Doc, expected: any): void {
  for (const [key, label, cols] of AD_ROWS) {
    const vals = valuesAfterLabel(doc, label);
    expect(vals.map(asNumber), label).toEqual(cols.map((c) => expected.tables.active_disclosure[key][c]));
  }
  for (const [key, label] of APP_ROWS) {
    const vals = valuesAfterLabel(doc, label);
    expect(vals.map(asNumber), label).toEqual(APP_COLS.map((c) => expected.tables.applications[key][c]));
  }
  expect(reviewValues(doc).map(asNumber)).toEqual(RL.map(([b, c]) => expected.tables.review_litigation[b][c]));
}

/** Grid shape and texts without the (process-global) ids: equal for equal layouts. */
function gridSignature(doc: Doc) {
  return tables(doc).map((t) => ({
    cols: t.cols,
    rows: t.rows.map((row) => row.map((c) => [c.text, c.merged ?? false, c.rowSpan ?? 1, c.colSpan ?? 1, c.origin.row, c.origin.col])),
  }));
}

// ---------------------------------------------------------------------------

describe('docx reader: official blank template', () => {
  it('reads three exact grids with merged cells and blank value cells', async () => {
    const doc = await read(load(TEMPLATE));
    expect(doc.format).toBe('docx');
    expect(doc.warnings).toEqual([]);
    const [t2, t3, t4, ...rest] = tables(doc);
    expect(rest).toEqual([]);
    expect([t2.rows.length, t2.cols]).toEqual([14, 4]);
    expect([t3.rows.length, t3.cols]).toEqual([28, 10]);
    expect([t4.rows.length, t4.cols]).toEqual([4, 15]);
    for (const [i, t] of [t2, t3, t4].entries()) {
      expect(t.origin.table).toBe(i);
      for (const row of t.rows) {
        expect(row.length).toBe(t.cols);
        for (const c of row) expect(c.origin.table).toBe(i);
      }
    }
    // every text block has an origin: its paragraph number among the text blocks
    const textBlocks = doc.blocks.filter((b) => b.kind === 'text');
    expect(textBlocks.length).toBeGreaterThan(0);
    expect(textBlocks.map((b) => b.origin.paragraph)).toEqual(textBlocks.map((_, i) => i + 1));
    // caption rows span all four columns
    expect(t2.rows[0].map((c) => c.text)).toEqual(Array(4).fill('第二十条第（一）项'));
    expect(t2.rows[0].map((c) => c.merged ?? false)).toEqual([false, true, true, true]);
    expect(new Set(t2.rows[0].map((c) => c.id)).size).toBe(1);

    // 三、本年度办理结果: one cell over 22 rows at column 0
    const start = t3.rows.findIndex((row) => row[0].text === '三、本年度办理结果');
    expect(start).toBe(5);
    const owner = t3.rows[start][0];
    expect(owner.rowSpan).toBe(22);
    expect(owner.merged).toBeUndefined();
    for (let r = start; r < start + 22; r++) {
      expect(t3.rows[r][0].id).toBe(owner.id);
      expect(t3.rows[r][0].origin).toMatchObject({ row: start, col: 0 });
      if (r > start) expect(t3.rows[r][0].merged).toBe(true);
    }
    expect(t3.rows[start + 22][0].id).not.toBe(owner.id);
    // header: the note spans 3×3; 自然人 and 总计 span 2 rows; 法人或其他组织 spans 5 columns
    expect(t3.rows[0][0]).toMatchObject({ rowSpan: 3, colSpan: 3 });
    expect(t3.rows[2][2].id).toBe(t3.rows[0][0].id);
    expect(t3.rows[1][3]).toMatchObject({ text: '自然人', rowSpan: 2 });
    expect(t3.rows[2][3]).toMatchObject({ text: '自然人', merged: true });
    expect(t3.rows[1][4]).toMatchObject({ text: '法人或其他组织', colSpan: 5 });
    expect(t3.rows[1][9]).toMatchObject({ text: '总计', rowSpan: 2 });
    expect(t3.rows[2].slice(4, 9).map((c) => norm(c.text))).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    // table 四 header
    expect(t4.rows[0][0]).toMatchObject({ text: '行政复议', colSpan: 5 });
    expect(t4.rows[0][5]).toMatchObject({ text: '行政诉讼', colSpan: 10 });

    // every value cell is empty or U+3000 only
    const blankish = (s: string) => /^\u3000*$/.test(s);
    const valueCells: Cell[] = [
      ...[2, 3].flatMap((r) => t2.rows[r].slice(1)),
      ...[6, 9, 10, 13].flatMap((r) => t2.rows[r].slice(1)),
      ...t3.rows.slice(3).flatMap((row) => row.slice(3)),
      ...t4.rows[3],
    ];
    expect(valueCells.length).toBe(6 + 12 + 25 * 7 + 15);
    for (const c of valueCells) expect(blankish(c.text), JSON.stringify(c)).toBe(true);
    // the six U+3000-only cells of table 二 are kept as read
    const u3000 = new Set(valueCells.filter((c) => c.text !== '').map((c) => c.id));
    expect(u3000.size).toBe(6);

    // headings as text blocks
    const tx = texts(doc);
    for (const h of ['政府信息公开工作年度报告格式模板', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']) {
      expect(tx).toContain(h);
    }
    // multi-paragraph cells are joined with '\n'
    expect(t3.rows[2][4].text).toBe('商业\n企业');
  });
});

describe('docx reader: generated fixtures', () => {
  const fixtures = ['huaian-2024-filled', 'huaian-2024-filled-lo', 'huaian-2024-gridbefore', 'pingtan-2023-from-html'];
  for (const name of fixtures) {
    it(`${name}: value cells equal expected.json`, async () => {
      const doc = await read(load(`${FIX}${name}.docx`));
      const expected = JSON.parse(readFileSync(`${FIX}${name}.expected.json`, 'utf8'));
      checkAgainstExpected(doc, expected);
      const [t2, t3, t4] = tables(doc);
      expect([t2.rows.length, t2.cols, t3.rows.length, t3.cols, t4.rows.length, t4.cols]).toEqual([14, 4, 28, 10, 4, 15]);
    });
  }

  it('reads title and date lines of the filled template as text blocks', async () => {
    const tx = texts(await read(load(`${FIX}huaian-2024-filled.docx`)));
    expect(tx[0]).toBe('淮安市人民政府2024年政府信息公开工作年度报告');
    expect(tx[tx.length - 1]).toBe('2025年2月20日');
    expect(tx).toContain('二、主动公开政府信息情况');
  });

  it('aligns a w:gridBefore row: values under their columns, group cells bridged', async () => {
    const doc = await read(load(`${FIX}huaian-2024-gridbefore.docx`));
    const expected = JSON.parse(readFileSync(`${FIX}huaian-2024-gridbefore.expected.json`, 'utf8'));
    const { table, row, r, labelCol } = findRow(doc, '2.其他法律行政法规禁止公开');
    expect(labelCol).toBe(2);
    expect(row.slice(3).map((c) => asNumber(c.text))).toEqual(APP_COLS.map((c) => expected.tables.applications.denied_law_prohibited[c]));
    // the positions skipped by gridBefore are covered by the vertical merges continuing below them
    expect(row[0].id).toBe(table.rows[r - 1][0].id);
    expect(row[0].text).toBe('三、本年度办理结果');
    expect(row[1].id).toBe(table.rows[r - 1][1].id);
    expect(row[1].text).toBe('（三）不予公开');
    // the whole grid is the same as the filled template's
    const filled = await read(load(`${FIX}huaian-2024-filled.docx`));
    expect(gridSignature(doc)).toEqual(gridSignature(filled));
  });

  it('LibreOffice flavour gives the same grids as the Word flavour', async () => {
    const word = await read(load(`${FIX}huaian-2024-filled.docx`));
    const lo = await read(load(`${FIX}huaian-2024-filled-lo.docx`));
    expect(gridSignature(lo)).toEqual(gridSignature(word));
    expect(texts(lo)).toEqual(texts(word));
  });

  it('a web page converted by LibreOffice: report tables and headings among the page text', async () => {
    const doc = await read(load(`${FIX}pingtan-2023-from-html.docx`));
    expect(tables(doc).length).toBe(3);
    const tx = texts(doc).map(norm);
    expect(tx).toContain('三、收到和处理政府信息公开申请情况');
  });
});

// ---------------------------------------------------------------------------
// Synthetic documents
// ---------------------------------------------------------------------------

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

function docx(bodyXml: string, prolog = '', extra: Record<string, string> = {}): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prolog}<w:document xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${bodyXml}</w:body></w:document>`;
  const files: Record<string, Uint8Array> = { '[Content_Types].xml': strToU8(CT), '_rels/.rels': strToU8(RELS), 'word/document.xml': strToU8(xml) };
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return zipSync(files);
}
const p = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
const tc = (inner: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${inner}</w:tc>`;

describe('docx reader: WordprocessingML features', () => {
  it('runs, tabs, breaks, tracked changes, sdt, AlternateContent, fields', async () => {
    const body =
      `<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t>总体</w:t><w:tab/><w:t>情况</w:t><w:br/><w:t>第二行</w:t></w:r>` +
      `<w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>` +
      `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
      `<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>` +
      `<w:sdt><w:sdtPr/><w:sdtContent>${p('内容控件 &amp; &lt;x&gt; &#x4E00;')}</w:sdtContent></w:sdt>` +
      `<mc:AlternateContent><mc:Choice Requires="w14">${p('选择')}</mc:Choice><mc:Fallback>${p('后备')}</mc:Fallback></mc:AlternateContent>`;
    const hidden = `<w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>文字</w:t></w:r></w:p>`;
    const doc = await read(docx(body + hidden));
    expect(texts(doc)).toEqual(['一、总体\t情况\n第二行插入7链接', '内容控件 & <x> 一', '选择', '可见文字']);
  });

  it('nested tables become separate table blocks after the outer table; text boxes after their block', async () => {
    const inner = `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>${tc(p('规章'))}${tc(p('5'))}</w:tr></w:tbl>`;
    const textbox =
      `<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${p('文本框')}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:textbox><w:txbxContent>${p('文本框')}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const body =
      p('前') +
      `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>` +
      `<w:tr>${tc(p('外层') + textbox)}${tc(p('二、主动公开政府信息情况') + inner + p('后记'))}</w:tr>` +
      `<w:sdt><w:sdtContent><w:tr>${tc(p('a'))}<w:sdt><w:sdtContent>${tc(p('b'))}</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt>` +
      `<w:tr><w:trPr><w:del w:id="1"/></w:trPr>${tc(p('deleted'))}${tc(p('row'))}</w:tr>` +
      `</w:tbl>` +
      p('后');
    const doc = await read(docx(body));
    const kinds = doc.blocks.map((b) => (b.kind === 'text' ? `T:${b.text}` : `TABLE:${b.origin.table}`));
    expect(kinds).toEqual(['T:前', 'TABLE:0', 'T:二、主动公开政府信息情况', 'TABLE:1', 'T:后记', 'T:文本框', 'T:后']);
    const [outer, nested] = tables(doc);
    expect(outer.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['外层\n锚', '二、主动公开政府信息情况\n后记'],
      ['a', 'b'],
    ]);
    expect(nested.rows[0].map((c) => c.text)).toEqual(['规章', '5']);
    expect(nested.rows[0][1].origin).toEqual({ table: 1, row: 0, col: 1 });
  });

  it('renders automatic numbering (direct and via a paragraph style) in front of the text', async () => {
    const lvl = (i: number, fmt: string, text: string, suff = '') =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/>${suff ? `<w:suff w:val="${suff}"/>` : ''}<w:lvlText w:val="${text}"/></w:lvl>`;
    const numbering =
      `<w:numbering xmlns:w="${W}">` +
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、', 'nothing')}${lvl(1, 'chineseCounting', '（%2）', 'nothing')}${lvl(2, 'decimal', '%3.', 'nothing')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="1">${lvl(0, 'bullet', '', 'tab')}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;
    const styles = `<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>`;
    const docRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
    const np = (t: string, pPr: string) => `<w:p><w:pPr>${pPr}</w:pPr><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const num = (ilvl: number, id = 1) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${id}"/></w:numPr>`;
    const body =
      np('总体情况', '<w:pStyle w:val="H1"/>') +
      np('主动公开', num(1)) +
      np('依申请公开', num(1)) +
      np('细项', num(2)) +
      np('主动公开政府信息情况', '<w:pStyle w:val="H1b"/>') +
      np('要点', num(0, 2)) +
      np('不编号', '<w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr>') +
      `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>${np('予以公开', num(1))}</w:tc><w:tc>${p('5')}</w:tc></w:tr></w:tbl>`;
    const doc = await read(docx(body, '', { 'word/numbering.xml': numbering, 'word/styles.xml': styles, 'word/_rels/document.xml.rels': docRels }));
    expect(texts(doc)).toEqual(['一、总体情况', '（一）主动公开', '（二）依申请公开', '1.细项', '二、主动公开政府信息情况', '要点', '不编号']);
    expect(tables(doc)[0].rows[0][0].text).toBe('（一）予以公开');
  });

  it('gridBefore/gridAfter leave empty positions; spans and vMerge follow grid columns', async () => {
    const grid = `<w:tblGrid>${'<w:gridCol/>'.repeat(4)}</w:tblGrid>`;
    const body =
      `<w:tbl>${grid}` +
      `<w:tr>${tc(p('A'), '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>')}${tc(p('B'))}${tc(p('C'))}</w:tr>` +
      `<w:tr>${tc('<w:p/>', '<w:gridSpan w:val="2"/><w:vMerge/>')}${tc(p('D'), '<w:gridSpan w:val="2"/>')}</w:tr>` +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>${tc(p('E'))}${tc(p('F'))}</w:tr>` +
      `</w:tbl>`;
    const doc = await read(docx(body));
    const [t] = tables(doc);
    expect(t.cols).toBe(4);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['A', 'A', 'B', 'C'],
      ['A', 'A', 'D', 'D'],
      ['', 'E', 'F', ''],
    ]);
    expect(t.rows[0][0]).toMatchObject({ rowSpan: 2, colSpan: 2 });
    expect(t.rows[1][1]).toMatchObject({ merged: true, origin: { row: 0, col: 0 } });
    expect(t.rows[2][0].id).not.toBe(t.rows[2][3].id);
    expect(doc.warnings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Safety
// ---------------------------------------------------------------------------

interface RawEntry {
  name: string;
  data: Uint8Array;
  method: number;
  size: number;
  crc: number;
}

/** A zip written by hand, so that headers can lie. `shareData`: every entry points at the first local header. */
function rawZip(entries: RawEntry[], shareData = false): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const [i, e] of entries.entries()) {
    const name = enc.encode(e.name);
    if (shareData && i > 0) {
      offsets.push(0);
      continue;
    }
    const h = new DataView(new ArrayBuffer(30));
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(8, e.method, true);
    h.setUint32(14, e.crc, true);
    h.setUint32(18, e.data.length, true);
    h.setUint32(22, e.size, true);
    h.setUint16(26, name.length, true);
    offsets.push(offset);
    chunks.push(new Uint8Array(h.buffer), name, e.data);
    offset += 30 + name.length + e.data.length;
  }
  const cdStart = offset;
  for (const [i, e] of entries.entries()) {
    const name = enc.encode(e.name);
    const h = new DataView(new ArrayBuffer(46));
    h.setUint32(0, 0x02014b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, 20, true);
    h.setUint16(10, e.method, true);
    h.setUint32(16, e.crc, true);
    h.setUint32(20, (shareData ? entries[0] : e).data.length, true);
    h.setUint32(24, e.size, true);
    h.setUint16(28, name.length, true);
    h.setUint32(42, offsets[i], true);
    central.push(new Uint8Array(h.buffer), name);
    offset += 46 + name.length;
  }
  const eocd = new DataView(new ArrayBuffer(22));
  eocd.setUint32(0, 0x06054b50, true);
  eocd.setUint16(8, entries.length, true);
  eocd.setUint16(10, entries.length, true);
  eocd.setUint32(12, offset - cdStart, true);
  eocd.setUint32(16, cdStart, true);
  const all = [...chunks, ...central, new Uint8Array(eocd.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of all) (out.set(c, o), (o += c.length));
  return out;
}

describe('docx reader: safety', () => {
  // 100 MiB of zeros deflate to ~100 KB (zeros pages are allocated lazily)
  const ZEROS = 100 * 1024 * 1024;
  const bomb = deflateRawSync(Buffer.alloc(ZEROS), { level: 9 });
  const bombBytes = new Uint8Array(bomb.buffer, bomb.byteOffset, bomb.length);
  const ct = strToU8(CT);
  const ctEntry: RawEntry = { name: '[Content_Types].xml', data: ct, method: 0, size: ct.length, crc: crc32(ct) };

  it('refuses a zip bomb by its declared size, before inflating', async () => {
    const zip = rawZip([ctEntry, { name: 'word/document.xml', data: bombBytes, method: 8, size: ZEROS, crc: 0 }]);
    const t0 = performance.now();
    const e = await expectXxgkError(read(zip), 'too_large');
    expect(e.message).toMatch(/word\/document\.xml/);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('refuses a bomb under configurable limits', async () => {
    const small = createDocxReader({ limits: { maxEntryBytes: 1024 * 1024 } });
    const data = deflateRawSync(Buffer.alloc(8 * 1024 * 1024));
    const zip = rawZip([ctEntry, { name: 'word/document.xml', data: new Uint8Array(data), method: 8, size: 8 * 1024 * 1024, crc: 0 }]);
    await expectXxgkError(small.read(zip), 'too_large');
  });

  it('stops inflating when the header lies about the size (small memory, quick)', async () => {
    const zip = rawZip([ctEntry, { name: 'word/document.xml', data: bombBytes, method: 8, size: 4096, crc: 0 }]);
    const before = process.memoryUsage();
    const t0 = performance.now();
    const e = await expectXxgkError(read(zip), 'corrupt_file');
    expect(e.message).toMatch(/more than its declared/);
    expect(performance.now() - t0).toBeLessThan(500);
    const after = process.memoryUsage();
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses an impossible declared compression ratio and an oversized total', async () => {
    const tiny = deflateRawSync(Buffer.from('<x/>'));
    await expectXxgkError(
      read(rawZip([ctEntry, { name: 'word/document.xml', data: new Uint8Array(tiny), method: 8, size: 50 * 1024 * 1024, crc: 0 }])),
      'corrupt_file',
    );
    // overlapping entries (all pointing at one local header) declaring 60 MiB each: 300 MiB in total
    const entries: RawEntry[] = Array.from({ length: 5 }, (_, i) => ({ name: i === 0 ? 'word/document.xml' : `word/media/x${i}.bin`, data: bombBytes, method: 8, size: 60 * 1024 * 1024, crc: 0 }));
    await expectXxgkError(read(rawZip(entries, true)), 'too_large');
  });

  it('never expands entities: external entity and entity bomb stay literal, with a warning (no error)', async () => {
    const prolog =
      '<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY web SYSTEM "http://127.0.0.1:9/x"> ' +
      '<!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> ]>';
    const doc = await read(docx(p('外部&xxe;网络&web;炸弹&c;结束'), prolog));
    expect(texts(doc)).toEqual(['外部&xxe;网络&web;炸弹&c;结束']);
    const all = JSON.stringify(doc);
    expect(all).not.toMatch(/root:/);
    expect(all).not.toMatch(/aaaaaaaaaa/);
    expect(doc.warnings.map((w) => w.code)).toEqual(['docx_doctype_ignored', 'docx_unknown_entity']);
  });

  it('a zip that is not a DOCX → unsupported_format saying what it is', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': ct, 'xl/workbook.xml': strToU8('<workbook/>') });
    expect((await expectXxgkError(read(xlsx), 'unsupported_format')).message).toMatch(/Excel/);
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<x/>') });
    expect((await expectXxgkError(read(odt), 'unsupported_format')).message).toMatch(/OpenDocument text/);
    const plain = zipSync({ 'readme.txt': strToU8('hello'), 'a/b.png': new Uint8Array(10) });
    expect((await expectXxgkError(read(plain), 'unsupported_format')).message).toMatch(/readme\.txt/);
  });

  it('random damage to a DOCX gives a Doc or a typed error, never anything else', async () => {
    const base = load(`${FIX}huaian-2024-filled.docx`);
    let seed = 20250220;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 300; k++) {
      const b = base.slice();
      const n = 1 + Math.floor(rnd() * 8);
      for (let j = 0; j < n; j++) {
        const pos = rnd() < 0.5 ? b.length - 1 - Math.floor(rnd() * 2000) : Math.floor(rnd() * b.length);
        b[pos] = Math.floor(rnd() * 256);
      }
      try {
        const doc = await read(b);
        expect(doc.format).toBe('docx');
      } catch (e) {
        expect(isXxgkError(e), String(e)).toBe(true);
      }
    }
  });

  it('truncated or damaged zip → corrupt_file', async () => {
    const bytes = load(`${FIX}huaian-2024-filled.docx`);
    await expectXxgkError(read(bytes.slice(0, Math.floor(bytes.length / 2))), 'corrupt_file');
    await expectXxgkError(read(bytes.slice(0, 100)), 'corrupt_file');
    // flip bytes inside the compressed document.xml
    const damaged = bytes.slice();
    for (let i = 2000; i < 2400; i++) damaged[i] ^= 0x5a;
    await expectXxgkError(read(damaged), 'corrupt_file');
    // malformed XML inside a valid zip
    const bad = zipSync({ '[Content_Types].xml': ct, 'word/document.xml': strToU8(`<w:document xmlns:w="${W}"><w:body><w:p></w:body></w:document>`) });
    await expectXxgkError(read(bad), 'corrupt_file');
  });
});
