/**
 * The contents of the PDF sweep (scripts/make-pdf-sweep.mjs): three filled
 * reports — huaian-2024 (2021 layout), a 2019-layout city report, a
 * mixed-layout county report (2021 table 二, the 2019 single （六）其他处理 row
 * in table 三) — as Word-style HTML whose value-column width, spacer height
 * before section 二 and page orientation are parameters, and the expected
 * JSON of each, written from the same numbers (never from xxgk's output).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = (p) => JSON.parse(readFileSync(path.join(ROOT, p), 'utf8'));

const APPLICANTS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org'];
const COLS = [...APPLICANTS, 'total'];
const PARTS = [
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
const OTHER_SUBROWS = ['other_no_correction', 'other_fee_unpaid', 'other_misc'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const cellText = (v) => (v === null || v === undefined ? '&nbsp;' : esc(v));
/** A Word-style cell; `w` its width in points (value columns). */
const td = (text, attrs = '', w = null) =>
  `<td ${attrs} valign=middle style='border:solid windowtext 1.0pt;padding:0pt 2pt 0pt 2pt${w ? `;width:${w}pt` : ''}'><p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt'>${text}</span></p></td>`;
const table = (widths, rows) =>
  `<table border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;table-layout:fixed;width:${widths.reduce((s, w) => s + w, 0)}pt'>\n<colgroup>${widths.map((w) => `<col style='width:${w}pt' width=${Math.round((w * 4) / 3)}>`).join('')}</colgroup>\n${rows}\n</table>`;

/** Table 二, 2021 layout: label column + 3 value columns of width `vw`. */
function active2021(a, vw, width) {
  const v = (row, col) => cellText(a[row][col]);
  return table([width - 3 * vw, vw, vw, vw], `<tr>${td('第二十条第（一）项', 'colspan=4')}</tr>
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
<tr>${td('行政事业性收费')}${td(v('fees', 'amount_wan_yuan'), 'colspan=3')}</tr>`);
}

/** Table 二, 2019 layout. */
function active2019(a, vw, width) {
  const v = (row, col) => cellText(a[row][col]);
  const items = (row, label) => `<tr>${td(label)}${td(v(row, 'prior_year_items'))}${td(v(row, 'items_change'))}${td(v(row, 'decisions'))}</tr>`;
  return table([width - 3 * vw, vw, vw, vw], `<tr>${td('第二十条第（一）项', 'colspan=4')}</tr>
<tr>${td('信息内容')}${td('本年新制作数量')}${td('本年新公开数量')}${td('对外公开总数量')}</tr>
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
<tr>${td('政府集中采购')}${td(v('procurement', 'projects'))}${td(v('procurement', 'amount') + '元', 'colspan=2')}</tr>`);
}

/** Table 三: `single` prints the 2019 single （六）其他处理 row. */
function applications(app, single, vw, width) {
  const vals = (row) => COLS.map((c) => td(cellText(app[row][c]))).join('');
  const rest = width - 7 * vw;
  const widths = [rest * 0.16, rest * 0.2, rest * 0.64, ...COLS.map(() => vw)];
  const rows = [];
  rows.push(`<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan=3 rowspan=3')}${td('申请人情况', 'colspan=7')}</tr>`);
  rows.push(`<tr>${td('自然人', 'rowspan=2')}${td('法人或其他组织', 'colspan=5')}${td('总计', 'rowspan=2')}</tr>`);
  rows.push(`<tr>${td('商业企业')}${td('科研机构')}${td('社会公益组织')}${td('法律服务机构')}${td('其他')}</tr>`);
  rows.push(`<tr>${td('一、本年新收政府信息公开申请数量', 'colspan=3')}${vals('new_received')}</tr>`);
  rows.push(`<tr>${td('二、上年结转政府信息公开申请数量', 'colspan=3')}${vals('carried_over')}</tr>`);
  rows.push(`<tr>${td('三、本年度办理结果', `rowspan=${single ? 20 : 22}`)}${td('（一）予以公开', 'colspan=2')}${vals('granted')}</tr>`);
  rows.push(`<tr>${td(PARTS[1][1], 'colspan=2')}${vals('partially_granted')}</tr>`);
  const group = (label, items) => items.forEach(([key, l], i) => rows.push(`<tr>${i === 0 ? td(label, `rowspan=${items.length}`) : ''}${td(l)}${vals(key)}</tr>`));
  group('（三）不予公开', PARTS.slice(2, 10));
  group('（四）无法提供', PARTS.slice(10, 13));
  group('（五）不予处理', PARTS.slice(13, 18));
  if (single) rows.push(`<tr>${td('（六）其他处理', 'colspan=2')}${vals('other_total')}</tr>`);
  else group('（六）其他处理', PARTS.slice(18, 21));
  rows.push(`<tr>${td('（七）总计', 'colspan=2')}${vals('processed_total')}</tr>`);
  rows.push(`<tr>${td('四、结转下年度继续办理', 'colspan=3')}${vals('carried_forward')}</tr>`);
  return table(widths, rows.join('\n'));
}

/** Table 四: 15 value columns sharing the width. */
function review(rv, width) {
  const blocks = ['review', 'litigation_direct', 'litigation_after_review'];
  const cols = ['upheld', 'corrected', 'other', 'pending', 'total'];
  const labels = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  return table(Array.from({ length: 15 }, () => width / 15), `<tr>${td('行政复议', 'colspan=5')}${td('行政诉讼', 'colspan=10')}</tr>
<tr>${labels.map((l) => td(l, 'rowspan=2')).join('')}${td('未经复议直接起诉', 'colspan=5')}${td('复议后起诉', 'colspan=5')}</tr>
<tr>${labels.map((l) => td(l)).join('')}${labels.map((l) => td(l)).join('')}</tr>
<tr>${blocks.flatMap((b) => cols.map((c) => td(rv[b][c]))).join('')}</tr>`);
}

/**
 * The three contents: `{ id, title, agency, year, layout ('2019'|'2021'), single (2019 （六） row), active, app, rv }`.
 * huaian-2024: the numbers of fixtures/docx/huaian-2024-filled.docx; city-2020: those of
 * fixtures/html/layout-2019-city-2020.html; county-2022 (mixed): huaian's table 二 with the
 * city's tables 三 (2019 rows, （六） printed as one row) and 四.
 */
export function contents() {
  const hua = json('fixtures/docx/huaian-2024-filled.expected.json');
  const city = json('fixtures/html/layout-2019-city-2020.expected.json');
  return [
    { id: 'huaian-2024', agency: '淮安市人民政府', year: 2024, layout: '2021', single: false, active: hua.tables.active_disclosure, app: hua.tables.applications, rv: hua.tables.review_litigation },
    { id: 'city-2020', agency: city.report.agency, year: 2020, layout: '2019', single: true, active: city.tables.active_disclosure, app: city.tables.applications, rv: city.tables.review_litigation },
    { id: 'mixed-2022', agency: '某某县人民政府', year: 2022, layout: '2021', single: true, active: hua.tables.active_disclosure, app: city.tables.applications, rv: city.tables.review_litigation },
  ];
}

/** The expected JSON of a content (corpus expected.json shape): every template key, nulls of rows the layout does not print `absent`. */
export function expectedOf(c) {
  const app = {};
  for (const [row, cols] of Object.entries(c.app)) {
    app[row] = {};
    for (const k of COLS) {
      const printed = c.single ? !OTHER_SUBROWS.includes(row) : row !== 'other_total';
      app[row][k] = printed ? cols[k] : null;
    }
  }
  const tables = { active_disclosure: c.active, applications: app, review_litigation: c.rv };
  const kinds = {};
  for (const [t, rows] of Object.entries(tables)) for (const [r, cols] of Object.entries(rows)) for (const [k, v] of Object.entries(cols)) if (v === null) kinds[`${t}.${r}.${k}`] = 'absent';
  return { report: { agency: c.agency, year: c.year, template: c.layout }, tables, kinds, source_anomalies: [] };
}

/**
 * The report as HTML. `spacer`: points of empty space before section 二 (moves every
 * table over the page breaks); `valueWidth`: width of a value column of tables 二 and 三
 * (points; narrow → numbers wrap inside cells); `landscape`: A4 landscape.
 */
export function html(c, { spacer = 0, valueWidth = 48, landscape = false } = {}) {
  const width = landscape ? 760 : 480;
  const title = `${c.agency}${c.year}年政府信息公开工作年度报告`;
  const p = (t, style = '') => `<p class=MsoNormal style='${style}'><span>${t}</span></p>`;
  const body = [
    `<p class=MsoNormal align=center style='text-align:center'><span style='font-size:18pt'>${title}</span></p>`,
    p(`本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自${c.year}年1月1日起至${c.year}年12月31日止。`, 'text-indent:21pt'),
    p('一、总体情况'),
    p(`${c.year}年，${c.agency}持续深化政务公开，全年共收到政府信息公开申请${c.app.new_received.total}件。`, 'text-indent:21pt'),
    spacer ? `<div style='height:${spacer}pt'></div>` : '',
    p('二、主动公开政府信息情况'),
    c.layout === '2019' ? active2019(c.active, Math.max(valueWidth, 40), width) : active2021(c.active, Math.max(valueWidth, 40), width),
    p('三、收到和处理政府信息公开申请情况'),
    applications(c.app, c.single, valueWidth, width),
    p('四、政府信息公开行政复议、行政诉讼情况'),
    review(c.rv, width),
    p('五、存在的主要问题及改进情况'),
    p('政策解读的形式仍较单一。下一步将丰富解读形式。', 'text-indent:21pt'),
    p(`${c.agency}办公室`, 'text-align:right'),
    p(`${c.year + 1}年1月20日`, 'text-align:right'),
  ].join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title>
<style>@page{size:A4${landscape ? ' landscape' : ''};margin:56pt 50pt 56pt 50pt}body{margin:0;font-family:"Droid Sans Fallback",sans-serif}p.MsoNormal{margin:0;font-size:10.5pt;line-height:1.5}table{margin:0}td p.MsoNormal{line-height:1.2}td{word-break:break-all;overflow-wrap:anywhere}</style>
</head><body lang=ZH-CN>
${body}
</body></html>
`;
}
