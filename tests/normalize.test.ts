import { describe, expect, it } from 'vitest';
import { normalize, normLabel, parseValue, simplify, stripEnum } from '../src/normalize.js';
import { matchLabel } from '../src/extract/labels.js';
import { matchRow } from '../src/extract/grid/index.js';
import { APPLICATIONS, ACTIVE_2021 } from '../src/template.js';

describe('normalize (the one normalizer, with a source map)', () => {
  it('maps every normalized character back to its place in the raw text', () => {
    const raw = '二、 主動公開政府資訊情況　行政規範性檔案６９３';
    const v = normalize(raw);
    expect(v.norm).toBe('二、主动公开政府信息情况行政规范性文件693');
    expect(v.map).toHaveLength(v.norm.length);
    const at = v.norm.indexOf('行政规范性文件');
    expect(raw.slice(v.map[at], v.map[at + '行政规范性文件'.length - 1] + 1)).toBe('行政規範性檔案');
    expect(raw.slice(v.map[v.norm.indexOf('693')])).toBe('６９３');
  });
  it('is what normLabel returns', () => {
    for (const s of ['（三）不予公开', '1、申请人无正当理由', '本年收費金額（單位：萬元）', '3.危及“三安全一稳定”', '反覆申請']) expect(normLabel(s)).toBe(normalize(s).norm);
  });
});

describe('normLabel', () => {
  it('folds full/half width, spaces, line breaks and quotes', () => {
    expect(normLabel('（三）不予公开')).toBe(normLabel('(三) 不予\n公开'));
    expect(normLabel('3.危及“三安全一稳定”')).toBe(normLabel('3.危及"三安全一稳定"'));
    expect(normLabel('总 计')).toBe('总计');
    expect(normLabel('本年\u3000制发件数')).toBe('本年制发件数');
  });
  it('unifies enumeration punctuation', () => {
    expect(normLabel('1、申请人无正当理由')).toBe(normLabel('1.申请人无正当理由'));
    expect(normLabel('1．重复申请')).toBe('1.重复申请');
    expect(stripEnum(normLabel('（一）予以公开'))).toBe('予以公开');
    expect(stripEnum(normLabel('一、本年新收政府信息公开申请数量'))).toBe('本年新收政府信息公开申请数量');
  });
  it('converts Traditional script and Taiwan vocabulary', () => {
    expect(simplify('規範性檔案')).toBe('规范性文件');
    expect(normLabel('結果糾正')).toBe('结果纠正');
  });
});

describe('label matching', () => {
  it('matches exact labels, typos and aliases', () => {
    expect(matchLabel('2.其他法律行政止公开', APPLICATIONS.rows)?.def.key).toBe('denied_law_prohibited');
    expect(matchLabel('规范性文件', ACTIVE_2021.rows)?.def.key).toBe('normative_documents');
    expect(matchLabel('4.无正当理由大量反复 申请', APPLICATIONS.rows)?.how).toBe('exact');
  });
  it('tells 3.其他 (a 2021 sub-row) from （六）其他处理 (the 2019 single row) by enumeration', () => {
    expect(matchRow('3、其他', APPLICATIONS.rows)?.def.key).toBe('other_misc');
    expect(matchRow('（六）其他处理', APPLICATIONS.rows)?.def.key).toBe('other_total');
  });
  it('refuses an ambiguous fuzzy match', () => {
    expect(matchLabel('政府信息公开申请数量', APPLICATIONS.rows)).toBeNull();
  });
});

describe('parseValue', () => {
  it('reads numbers, full-width digits and separators', () => {
    expect(parseValue('3001')).toEqual({ kind: 'number', value: 3001, decimal: '3001' });
    expect(parseValue('３，９８５，７５８').value).toBe(3985758);
    expect(parseValue(' 12 ').value).toBe(12);
    expect(parseValue('1,234').value).toBe(1234);
  });
  it('keeps decimals only where the column allows them', () => {
    expect(parseValue('96171.6', { decimal: true }).value).toBe(96171.6);
    expect(parseValue('96171.6').kind).toBe('text');
  });
  it('reads signed values only in signed columns', () => {
    expect(parseValue('-7', { signed: true }).value).toBe(-7);
    expect(parseValue('-7').kind).toBe('text');
  });
  it('classifies blanks and dashes', () => {
    for (const s of ['', ' ', '\u3000', '\u00a0']) expect(parseValue(s).kind).toBe('blank');
    for (const s of ['/', '-', '—', '--', '／', '无', '不适用', '——']) expect(parseValue(s).kind).toBe('dash');
  });
  it('takes the number of a cell with a note and says so', () => {
    const p = parseValue('22（其中修订16件）');
    expect(p.value).toBe(22);
    expect(p.note).toBe('(其中修订16件)');
    expect(parseValue('75394432.52元', { decimal: true })).toMatchObject({ value: 75394432.52, note: '元' });
  });
  it('calls other text text', () => {
    expect(parseValue('见附件').kind).toBe('text');
    expect(parseValue('约30').kind).toBe('text');
  });
});
