#!/usr/bin/env node
/**
 * Generates the HTML fixtures in fixtures/html/ and their expected JSON.
 *
 * Each fixture is a realistic report page in the official layout (rowspan /
 * colspan as in the template, Word-style <span>/<o:p> markup) built from one
 * data set whose numbers satisfy the identities of report-format.md §4; the
 * expected JSON is written from the same data set. Run:
 *   node scripts/make-html-fixtures.mjs
 * Deterministic: a seeded generator, no dates or randomness from the clock.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/html');
mkdirSync(OUT, { recursive: true });

// ------------------------------------------------------------ data
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const APPLICANTS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org'];
const COLS = [...APPLICANTS, 'total'];
const PARTS_2021 = [
  ['granted', '（一）予以公开'],
  ['partially_granted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
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
  ['other_no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  ['other_fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  ['other_misc', '3.其他'],
];
const ALL_APP_ROWS = ['new_received', 'carried_over', ...PARTS_2021.map((p) => p[0]), 'other_total', 'processed_total', 'carried_forward'];

function applications(seed, layout) {
  const r = rng(seed);
  const pick = (max) => Math.floor(r() ** 2 * max);
  const t = {};
  const parts = layout === '2019' ? [...PARTS_2021.slice(0, 18).map((p) => p[0]), 'other_total'] : PARTS_2021.map((p) => p[0]);
  for (const row of parts) {
    t[row] = {};
    for (const c of APPLICANTS) t[row][c] = c === 'natural_person' ? pick(40) : pick(3) === 0 ? pick(4) : 0;
  }
  t.processed_total = {};
  for (const c of APPLICANTS) t.processed_total[c] = parts.reduce((s, row) => s + t[row][c], 0);
  t.carried_over = {};
  t.carried_forward = {};
  t.new_received = {};
  for (const c of APPLICANTS) {
    t.carried_over[c] = pick(6);
    t.carried_forward[c] = pick(8);
    t.new_received[c] = t.processed_total[c] + t.carried_forward[c] - t.carried_over[c];
    if (t.new_received[c] < 0) {
      t.carried_over[c] += -t.new_received[c];
      t.new_received[c] = 0;
    }
  }
  for (const row of Object.keys(t)) t[row].total = APPLICANTS.reduce((s, c) => s + t[row][c], 0);
  const out = {};
  for (const row of ALL_APP_ROWS) {
    out[row] = {};
    for (const c of COLS) out[row][c] = t[row] ? t[row][c] : null;
  }
  return out;
}

function review(seed) {
  const r = rng(seed);
  const out = {};
  for (const b of ['review', 'litigation_direct', 'litigation_after_review']) {
    const v = { upheld: Math.floor(r() * 9), corrected: Math.floor(r() * 3), other: Math.floor(r() * 4), pending: Math.floor(r() * 3) };
    out[b] = { ...v, total: v.upheld + v.corrected + v.other + v.pending };
  }
  return out;
}

// ------------------------------------------------------------ rendering
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** Word-style cell: number split over spans sometimes, &nbsp; padding. */
const td = (text, attrs = '') => `<td ${attrs} valign=center style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:10.5pt;font-family:仿宋_GB2312'>${text}<o:p></o:p></span></p></td>`;
const cellText = (v) => (v === null || v === undefined ? '&nbsp;' : esc(v));

function renderActive2021(a, special) {
  const v = (row, col) => cellText(special[`active_disclosure.${row}.${col}`] ?? a[row][col]);
  return `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>
<tr>${td('第二十条第（一）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年制发件数')}${td('本年废止件数')}${td('现行有效件数')}</tr>
<tr>${td('规章')}${td(v('regulations', 'issued'))}${td(v('regulations', 'repealed'))}${td(v('regulations', 'in_force'))}</tr>
<tr>${td('行政规范性文件')}${td(v('normative_documents', 'issued'))}${td(v('normative_documents', 'repealed'))}${td(v('normative_documents', 'in_force'))}</tr>
<tr>${td('第二十条第（五）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年处理决定数量', 'colspan=3')}</tr>
<tr>${td('行政许可')}${td(v('licensing', 'decisions'), 'colspan=3')}</tr>
<tr>${td('第二十条第（六）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年处理决定数量', 'colspan=3')}</tr>
<tr>${td('行政处罚')}${td(v('penalty', 'decisions'), 'colspan=3')}</tr>
<tr>${td('行政强制')}${td(v('coercion', 'decisions'), 'colspan=3')}</tr>
<tr>${td('第二十条第（八）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年收费金额（单位：万元）', 'colspan=3')}</tr>
<tr>${td('行政事业性收费')}${td(v('fees', 'amount_wan_yuan'), 'colspan=3')}</tr>
</table>`;
}

function renderActive2019(a, special) {
  const v = (row, col) => cellText(special[`active_disclosure.${row}.${col}`] ?? a[row][col]);
  const items = (row, label, three = true) =>
    `<tr>${td(label)}${td(v(row, 'prior_year_items'))}${td(v(row, 'items_change'))}${three ? td(v(row, 'decisions')) : td('&nbsp;')}</tr>`;
  return `<table border=1 cellspacing=0 cellpadding=0>
<tr>${td('第二十条第（一）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年新<br>制作数量')}${td('本年新<br>公开数量')}${td('对外公开总数量')}</tr>
<tr>${td('规章')}${td(v('regulations', 'produced'))}${td(v('regulations', 'newly_published'))}${td(v('regulations', 'published_total'))}</tr>
<tr>${td('规范性文件')}${td(v('normative_documents', 'produced'))}${td(v('normative_documents', 'newly_published'))}${td(v('normative_documents', 'published_total'))}</tr>
<tr>${td('第二十条第（五）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('上一年项目数量')}${td('本年增/减')}${td('处理决定数量')}</tr>
${items('licensing', '行政许可')}
${items('other_admin_services', '其他对外管理服务事项')}
<tr>${td('第二十条第（六）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('上一年项目数量')}${td('本年增/减')}${td('处理决定数量')}</tr>
${items('penalty', '行政处罚')}
${items('coercion', '行政强制')}
<tr>${td('第二十条第（八）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('上一年项目数量')}${td('本年增/减', 'colspan=2')}</tr>
<tr>${td('行政事业性收费')}${td(v('fees', 'prior_year_items'))}${td(v('fees', 'items_change'), 'colspan=2')}</tr>
<tr>${td('第二十条第（九）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('采购项目数量')}${td('采购总金额', 'colspan=2')}</tr>
<tr>${td('政府集中采购')}${td(v('procurement', 'projects'))}${td(v('procurement', 'amount') + '元', 'colspan=2')}</tr>
</table>`;
}

function renderApplications(app, layout, special, { splitAfter = null } = {}) {
  const v = (row, col) => cellText(special[`applications.${row}.${col}`] ?? app[row][col]);
  const vals = (row) => COLS.map((c) => td(v(row, c))).join('');
  const header = `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan=3 rowspan=3')}${td('申请人情况', 'colspan=7')}</tr>
<tr>${td('自然人', 'rowspan=2')}${td('法人或其他组织', 'colspan=5')}${td('总计', 'rowspan=2')}</tr>
<tr>${td('商业<br>企业')}${td('科研<br>机构')}${td('社会公益组织')}${td('法律服务机构')}${td('其他')}</tr>`;
  const rows = [];
  rows.push(`<tr>${td('一、本年新收政府信息公开申请数量', 'colspan=3')}${vals('new_received')}</tr>`);
  rows.push(`<tr>${td('二、上年结转政府信息公开申请数量', 'colspan=3')}${vals('carried_over')}</tr>`);
  const span = layout === '2019' ? 20 : 22;
  rows.push(`<tr>${td('三、本年度办理结果', `rowspan=${span}`)}${td('（一）予以公开', 'colspan=2')}${vals('granted')}</tr>`);
  rows.push(`<tr>${td('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'colspan=2')}${vals('partially_granted')}</tr>`);
  const group = (label, items) =>
    items.forEach(([key, l], i) => rows.push(`<tr>${i === 0 ? td(label, `rowspan=${items.length}`) : ''}${td(l)}${vals(key)}</tr>`));
  group('（三）不予公开', PARTS_2021.slice(2, 10));
  group('（四）无法提供', PARTS_2021.slice(10, 13));
  group('（五）不予处理', PARTS_2021.slice(13, 18));
  if (layout === '2019') rows.push(`<tr>${td('（六）其他处理', 'colspan=2')}${vals('other_total')}</tr>`);
  else group('（六）其他处理', PARTS_2021.slice(18, 21));
  rows.push(`<tr>${td('（七）总计', 'colspan=2')}${vals('processed_total')}</tr>`);
  rows.push(`<tr>${td('四、结转下年度继续办理', 'colspan=3')}${vals('carried_forward')}</tr>`);
  const open = `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>`;
  if (splitAfter === null) return `${open}\n${header}\n${rows.join('\n')}\n</table>`;
  // split like a page break pasted from a PDF: the second part has no header and loses the rowspan
  const first = rows.slice(0, splitAfter).join('\n').replace(`rowspan=${span}`, `rowspan=${splitAfter - 2}`);
  const rest = rows.slice(splitAfter).map((r, i) => (i === 0 ? r.replace('<tr>', `<tr>${td('三、本年度办理结果', `rowspan=${span - (splitAfter - 2)}`)}`) : r));
  return `${open}\n${header}\n${first}\n</table>\n<p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>\n${open}\n${rest.join('\n')}\n</table>`;
}

function renderReview(rv) {
  const blocks = ['review', 'litigation_direct', 'litigation_after_review'];
  const cols = ['upheld', 'corrected', 'other', 'pending', 'total'];
  const labels = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  return `<table border=1 cellspacing=0 cellpadding=0>
<tr>${td('行政复议', 'colspan=5')}${td('行政诉讼', 'colspan=10')}</tr>
<tr>${labels.map((l) => td(l.replace(/^(..)/, '$1<br>'), 'rowspan=2')).join('')}${td('未经复议直接起诉', 'colspan=5')}${td('复议后起诉', 'colspan=5')}</tr>
<tr>${labels.map((l) => td(l)).join('')}${labels.map((l) => td(l)).join('')}</tr>
<tr>${blocks.flatMap((b) => cols.map((c) => td(rv[b][c]))).join('')}</tr>
</table>`;
}

const NAV = `<table width="100%" border=0 cellspacing=0 cellpadding=0 class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td><td><a href="/zwgk/xxgk/">政府信息公开</a></td><td><a href="/zwgk/nb/">政府信息公开年报</a></td></tr></table>
<table class="sidebar"><tr><th>栏目</th><th>更新</th></tr><tr><td>通知公告</td><td>12</td></tr><tr><td>政策解读</td><td>7</td></tr><tr><td>人事信息</td><td>3</td></tr></table>`;
const FOOTER = `<table class="footer"><tr><td>主办单位：某某县人民政府办公室</td><td>网站标识码：3301000001</td></tr><tr><td>访问量</td><td>123456</td></tr></table>`;

function page({ title, agency, year, published, layout, active, app, rv, special = {}, nav = false, split = null, charset = 'utf-8' }) {
  const [y, m, d] = published.split('-').map(Number);
  const body = `<p class=MsoNormal align=center><b><span style='font-size:22pt;font-family:方正小标宋简体'>${title}</span></b></p>
<p class=MsoNormal style='text-indent:32pt'><span>本报告根据《中华人民共和国政府信息公开条例》和${layout === '2019' ? '《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）' : '《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）'}要求编制。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。<o:p></o:p></span></p>
<p class=MsoNormal><b><span>一、总体情况</span></b></p>
<p class=MsoNormal style='text-indent:32pt'><span>${year}年，${agency}坚持以人民为中心，持续深化政务公开，全年共收到政府信息公开申请${app.new_received.total}件。<o:p></o:p></span></p>
<p class=MsoNormal><b><span>二、主动公开政府信息情况</span></b></p>
${layout === '2019' ? renderActive2019(active, special) : renderActive2021(active, special)}
<p class=MsoNormal><b><span>三、收到和处理政府信息公开申请情况</span></b></p>
${renderApplications(app, layout, special, { splitAfter: split })}
<p class=MsoNormal><b><span>四、政府信息公开行政复议、行政诉讼情况</span></b></p>
${renderReview(rv)}
<p class=MsoNormal><b><span>五、存在的主要问题及改进情况</span></b></p>
<p class=MsoNormal style='text-indent:32pt'><span>政策解读的形式仍较单一。下一步将丰富解读形式。<o:p></o:p></span></p>
<p class=MsoNormal><b><span>六、其他需要报告的事项</span></b></p>
<p class=MsoNormal style='text-indent:32pt'><span>本年度未收取信息处理费。<o:p></o:p></span></p>
<p class=MsoNormal align=right style='text-align:right'><span>${agency}办公室</span></p>
<p class=MsoNormal align=right style='text-align:right'><span>${y}年${m}月${d}日</span></p>`;
  return `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head>
<meta http-equiv=Content-Type content="text/html; charset=${charset}">
<meta name=Generator content="Microsoft Word 15 (filtered)">
<title>${title}</title>
<style>p.MsoNormal{margin:0cm;font-size:10.5pt;font-family:等线}</style>
</head>
<body lang=ZH-CN>
${nav ? NAV : ''}
<div class=WordSection1>
${body}
</div>
${nav ? FOOTER : ''}
</body>
</html>
`;
}

// ------------------------------------------------------------ expected
function expectedOf({ agency, year, layout, active, app, rv, special = {}, specialKinds = {} }) {
  const tables = { active_disclosure: {}, applications: {}, review_litigation: rv };
  for (const [row, cols] of Object.entries(active)) {
    tables.active_disclosure[row] = {};
    for (const [c, val] of Object.entries(cols)) {
      const p = `active_disclosure.${row}.${c}`;
      tables.active_disclosure[row][c] = p in specialKinds ? specialKinds[p].value : val;
    }
  }
  for (const row of ALL_APP_ROWS) {
    tables.applications[row] = {};
    for (const c of COLS) {
      const p = `applications.${row}.${c}`;
      tables.applications[row][c] = p in specialKinds ? specialKinds[p].value : app[row][c];
    }
  }
  const kinds = {};
  for (const [t, rows] of Object.entries(tables)) {
    for (const [r, cols] of Object.entries(rows)) {
      for (const [c, val] of Object.entries(cols)) {
        const p = `${t}.${r}.${c}`;
        if (val !== null) continue;
        kinds[p] = specialKinds[p]?.kind ?? 'absent';
      }
    }
  }
  return { report: { agency, year, template: layout === '2019' ? '2019' : '2021' }, tables, kinds, source_anomalies: [] };
}

const ACTIVE_2021 = {
  regulations: { issued: 0, repealed: 0, in_force: 2 },
  normative_documents: { issued: 14, repealed: 3, in_force: 86 },
  licensing: { decisions: 12873 },
  penalty: { decisions: 1942 },
  coercion: { decisions: 37 },
  fees: { amount_wan_yuan: 386.45 },
};
const ACTIVE_2019 = {
  regulations: { produced: 0, newly_published: 0, published_total: 0 },
  normative_documents: { produced: 9, newly_published: 9, published_total: 131 },
  licensing: { prior_year_items: 412, items_change: -7, decisions: 5260 },
  other_admin_services: { prior_year_items: 38, items_change: 2, decisions: 917 },
  penalty: { prior_year_items: 1630, items_change: 0, decisions: 744 },
  coercion: { prior_year_items: 52, items_change: 0, decisions: 18 },
  fees: { prior_year_items: 6, items_change: -1 },
  procurement: { projects: 48, amount: 26350120.5 },
};

function write(name, spec, { encoding = 'utf-8', transform = (s) => s } = {}) {
  const html = transform(page(spec));
  const bytes = encoding === 'utf-8' ? Buffer.from(html, 'utf8') : iconv.encode(html, encoding);
  writeFileSync(path.join(OUT, `${name}.html`), bytes);
  writeFileSync(path.join(OUT, `${name}.expected.json`), JSON.stringify(expectedOf(spec), null, 2) + '\n');
}

// 1. GBK-encoded Word-exported page, 2021 template
write(
  'gbk-county-2022',
  { title: '某某县人民政府2022年政府信息公开工作年度报告', agency: '某某县人民政府', year: 2022, published: '2023-01-18', layout: '2021', active: ACTIVE_2021, app: applications(7, '2021'), rv: review(7), charset: 'gb2312' },
  { encoding: 'gbk' },
);

// 2. the 2019 layout in HTML (signed 本年增/减, 采购总金额 with 元)
write('layout-2019-city-2020', {
  title: '某某市交通运输局2020年政府信息公开工作年度报告',
  agency: '某某市交通运输局',
  year: 2020,
  published: '2021-01-29',
  layout: '2019',
  active: ACTIVE_2019,
  app: applications(19, '2019'),
  rv: review(19),
});

// 3. Traditional-character copy (character and vocabulary conversion of the whole page)
{
  const spec = { title: '某某市生态环境局2021年政府信息公开工作年度报告', agency: '某某市生态环境局', year: 2021, published: '2022-01-26', layout: '2021', active: ACTIVE_2021, app: applications(21, '2021'), rv: review(21) };
  const toTrad = OpenCC.Converter({ from: 'cn', to: 'twp' });
  write('traditional-2021', spec, { transform: (s) => toTrad(s) });
  // the agency in expected stays Simplified: the extractor reports the title as printed, tests compare year/template/tables
}

// 4. table 三 split into two <table>s (pasted across a page break), no repeated header
write('split-table-2023', {
  title: '某某区教育局2023年政府信息公开工作年度报告',
  agency: '某某区教育局',
  year: 2023,
  published: '2024-01-30',
  layout: '2021',
  active: ACTIVE_2021,
  app: applications(23, '2021'),
  rv: review(23),
  split: 12,
});

// 5. '/' and '—' cells, a note inside a cell, blank cells; the report among navigation tables
{
  const app = applications(31, '2021');
  const special = {
    'active_disclosure.regulations.issued': '/',
    'active_disclosure.regulations.repealed': '/',
    'active_disclosure.regulations.in_force': '/',
    'active_disclosure.coercion.decisions': '—',
    'active_disclosure.normative_documents.issued': '22（其中修订16件）',
    'active_disclosure.fees.amount_wan_yuan': '',
  };
  const specialKinds = {
    'active_disclosure.regulations.issued': { value: null, kind: 'dash' },
    'active_disclosure.regulations.repealed': { value: null, kind: 'dash' },
    'active_disclosure.regulations.in_force': { value: null, kind: 'dash' },
    'active_disclosure.coercion.decisions': { value: null, kind: 'dash' },
    'active_disclosure.normative_documents.issued': { value: 22, kind: 'number' },
    'active_disclosure.fees.amount_wan_yuan': { value: null, kind: 'blank' },
  };
  write('dashes-notes-nav-2024', {
    title: '某某镇人民政府2024年政府信息公开工作年度报告',
    agency: '某某镇人民政府',
    year: 2024,
    published: '2025-01-20',
    layout: '2021',
    active: ACTIVE_2021,
    app,
    rv: review(31),
    special,
    specialKinds,
    nav: true,
  });
}

console.log(`fixtures written to ${path.relative(ROOT, OUT)}`);
