/**
 * Hidden text in DOCX (issue 13, field case docx-hidden-text-style): w:vanish set directly or
 * through the style hierarchy (ECMA-376 Part 1 §17.7.2: document defaults → table style →
 * paragraph style → character style → direct formatting; vanish is a toggle property, §17.7.3),
 * hidden paragraph marks (vanish, specVanish) and webHidden. Expected texts are what Word prints
 * for each constructed document; the field case's values come from its expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import { docxReader } from '../src/read/docx.js';
import type { Doc, TableBlock } from '../src/model.js';
import { CORPUS, compare, type Expected } from './helpers/corpus.js';
import { W, docxPackage, para, style } from './helpers/docx.js';

const CASE = path.resolve(CORPUS, '../field-cases/docx-hidden-text-style');

const texts = (doc: Doc) => doc.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const read = (body: string, styles?: string) => docxReader.read(docxPackage({ body, styles }));
const VANISH = '<w:vanish/>';
const rPr = (inner: string) => `<w:rPr>${inner}</w:rPr>`;

describe('field case docx-hidden-text-style', () => {
  it('gives the printed values of expected.json (hidden 9 before 13, hidden 2 before 103 through a character style)', async () => {
    const file = path.join(CASE, 'input.docx');
    const expected = JSON.parse(readFileSync(path.join(CASE, 'expected.json'), 'utf8')) as Expected;
    const result = await extract(readFileSync(file), { path: file });
    expect(compare(result, expected)).toEqual([]);
    expect(result.tables.review_litigation.litigation_direct.upheld).toBe(13);
    expect(result.tables.applications.carried_forward.natural_person).toBe(103);
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
});

describe('docx reader: w:vanish through the style hierarchy', () => {
  it('character style, and its basedOn chain', async () => {
    const styles = style('character', 'Base', rPr(VANISH)) + style('character', 'Note', '<w:basedOn w:val="Base"/>') + style('character', 'Plain', '');
    const doc = await read(para(['可见', ['隐藏', '<w:rStyle w:val="Note"/>'], ['文字', '<w:rStyle w:val="Plain"/>']]), styles);
    expect(texts(doc)).toEqual(['可见文字']);
  });

  it('paragraph style (and the default paragraph style) hide every run of the paragraph', async () => {
    const styles = style('paragraph', 'Normal', '', true) + style('paragraph', 'Hidden', `<w:basedOn w:val="Normal"/>${rPr(VANISH)}`) + style('paragraph', 'Child', '<w:basedOn w:val="Hidden"/>');
    const doc = await read(para(['看不见'], '<w:pStyle w:val="Child"/>') + para(['看得见']), styles);
    expect(texts(doc)).toEqual(['看得见']);
    const hiddenNormal = style('paragraph', 'Normal', rPr(VANISH), true);
    expect(texts(await read(para(['默认样式隐藏']) + para([['直接显示', '<w:vanish w:val="0"/>']]), hiddenNormal))).toEqual(['直接显示']);
  });

  it('direct formatting is absolute: w:val="0" / "false" / "off" shows text a style hides', async () => {
    const styles = style('character', 'H', rPr(VANISH));
    const doc = await read(
      para([
        ['1', '<w:rStyle w:val="H"/>'],
        ['2', '<w:rStyle w:val="H"/><w:vanish w:val="0"/>'],
        ['3', '<w:rStyle w:val="H"/><w:vanish w:val="false"/>'],
        ['4', '<w:rStyle w:val="H"/><w:vanish w:val="off"/>'],
        ['5', '<w:rStyle w:val="H"/><w:vanish w:val="1"/>'],
      ]),
      styles,
    );
    expect(texts(doc)).toEqual(['234']);
  });

  it('a derived style that sets w:vanish w:val="0" masks its base style (first value along basedOn)', async () => {
    const styles = style('character', 'Base', rPr(VANISH)) + style('character', 'Shown', `<w:basedOn w:val="Base"/>${rPr('<w:vanish w:val="0"/>')}`);
    expect(texts(await read(para(['甲', ['乙', '<w:rStyle w:val="Shown"/>'], ['丙', '<w:rStyle w:val="Base"/>']]), styles))).toEqual(['甲乙']);
  });

  it('vanish is a toggle (§17.7.3): paragraph style and character style both hiding show the text again', async () => {
    const styles = style('paragraph', 'PH', rPr(VANISH)) + style('character', 'CH', rPr(VANISH));
    const doc = await read(para([['显示', '<w:rStyle w:val="CH"/>'], '隐藏'], '<w:pStyle w:val="PH"/>'), styles);
    expect(texts(doc)).toEqual(['显示']);
  });

  it('document defaults (w:rPrDefault) hide everything a style or the run does not show again', async () => {
    const styles = `<w:docDefaults><w:rPrDefault><w:rPr>${VANISH}</w:rPr></w:rPrDefault></w:docDefaults>` + style('character', 'Toggle', rPr(VANISH));
    const doc = await read(para(['默认隐藏', ['直接显示', '<w:vanish w:val="0"/>'], ['样式翻转', '<w:rStyle w:val="Toggle"/>']]), styles);
    expect(texts(doc)).toEqual(['直接显示样式翻转']);
  });

  it('table style hides the text of its cells', async () => {
    const styles = style('table', 'HiddenGrid', rPr(VANISH));
    const cell = (t: string) => `<w:tc>${para([t])}</w:tc>`;
    const tbl = (styleId: string) => `<w:tbl><w:tblPr><w:tblStyle w:val="${styleId}"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>${cell('规章')}<w:tc>${para([['5', '<w:vanish w:val="0"/>']])}</w:tc></w:tr></w:tbl>`;
    const doc = await read(tbl('HiddenGrid') + tbl('None'), styles);
    const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
    expect(tables.map((t) => t.rows[0].map((c) => c.text))).toEqual([
      ['', '5'],
      ['规章', '5'],
    ]);
  });

  it('basedOn cycles, missing styles and styles of another type are ignored (no hang)', async () => {
    const styles =
      style('character', 'A', '<w:basedOn w:val="B"/>') + style('character', 'B', '<w:basedOn w:val="A"/>') + style('paragraph', 'P', rPr(VANISH)) + style('character', 'X', '<w:basedOn w:val="P"/>');
    const doc = await read(para([['甲', '<w:rStyle w:val="A"/>'], ['乙', '<w:rStyle w:val="Missing"/>'], ['丙', '<w:rStyle w:val="X"/>']]), styles);
    expect(texts(doc)).toEqual(['甲乙丙']);
  });
});

describe('docx reader: hidden paragraph marks, specVanish, webHidden', () => {
  it('a paragraph whose mark is hidden runs into the next one (vanish or specVanish on w:pPr/w:rPr)', async () => {
    const mark = (inner: string) => `<w:rPr>${inner}</w:rPr>`;
    const body = para(['一、总体情况'], mark('<w:specVanish/>')) + para(['本年度……']) + para(['（一）'], mark(VANISH)) + para(['主动公开']) + para(['独立段落']);
    expect(texts(await read(body))).toEqual(['一、总体情况本年度……', '（一）主动公开', '独立段落']);
  });

  it('inside a table cell the joined paragraphs are one line of the cell', async () => {
    const cell = `<w:tc>${para(['行政'], '<w:rPr><w:vanish/></w:rPr>')}${para(['复议'])}</w:tc><w:tc>${para(['2'])}</w:tc>`;
    const doc = await read(`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>${cell}</w:tr></w:tbl>`);
    const t = doc.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    expect(t.rows[0].map((c) => c.text)).toEqual(['行政复议', '2']);
  });

  it('a paragraph mark hidden through the paragraph style joins too; a fully hidden paragraph disappears', async () => {
    const styles = style('paragraph', 'Sep', rPr(VANISH));
    expect(texts(await read(para([['看不见', '']], '<w:pStyle w:val="Sep"/>') + para(['下一段']), styles))).toEqual(['下一段']);
  });

  it('the list label of a numbered paragraph is hidden with its mark, and shown with it', async () => {
    const numbering = `<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>';
    const body = para(['总体情况'], num) + para(['主动公开'], `${num}<w:rPr><w:vanish/></w:rPr>`) + para(['政府信息情况']);
    const pkg = docxPackage({ body, rels: [['rN', 'numbering', 'numbering.xml']], parts: { 'word/numbering.xml': numbering } });
    expect(texts(await docxReader.read(pkg))).toEqual(['一、总体情况', '主动公开政府信息情况']);
  });

  it("a list level's own w:rPr/w:vanish hides its labels (counters still advance); w:val=0 there shows a label under a hidden mark", async () => {
    const lvl = (i: number, fmt: string, text: string, rPr: string) => `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="${text}"/><w:rPr>${rPr}</w:rPr></w:lvl>`;
    const numbering = `<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、', '<w:vanish/>')}${lvl(1, 'chineseCounting', '（%2）', '<w:vanish w:val="0"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const num = (i: number) => `<w:numPr><w:ilvl w:val="${i}"/><w:numId w:val="1"/></w:numPr>`;
    const body = para(['总体情况'], num(0)) + para(['主动公开'], num(0)) + para(['规章'], `${num(1)}<w:rPr><w:vanish/></w:rPr>`) + para(['5件']);
    const pkg = docxPackage({ body, rels: [['rN', 'numbering', 'numbering.xml']], parts: { 'word/numbering.xml': numbering } });
    expect(texts(await docxReader.read(pkg))).toEqual(['总体情况', '主动公开', '（一）规章5件']);
  });

  it('w:specVanish on an ordinary run is ignored (§17.3.2.36), w:webHidden text is printed and read', async () => {
    const doc = await read(para([['13', '<w:specVanish/>'], ['件', '<w:webHidden/>']]));
    expect(texts(doc)).toEqual(['13件']);
  });
});
