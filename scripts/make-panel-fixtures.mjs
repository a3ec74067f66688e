#!/usr/bin/env node
/**
 * Writes tests/data/panel/*.md: reports that continue corpus reports by one year,
 * for the year-over-year checks of `xxgk panel` (issue 15). Each is a
 * markdown rendering of the 2021 template (国办公开办函〔2021〕30号) with the
 * template's own labels; every within-report identity (A1–A3, B1) holds.
 *
 * - huaian-2025.md: 淮安市人民政府 2025, continuing corpus huaian-2024-pdf:
 *   上年结转 = 2024's 结转下年度继续办理 (自然人 103, 总计 103); 规章 11+2−1 = 12,
 *   行政规范性文件 66+5−3 = 68 in force.
 * - huaian-2025-broken.md: the same year with 上年结转 自然人 100 / 总计 100
 *   (breaks Y1) and 行政规范性文件 in force 70 (breaks Y2).
 * - pingtan-2022.md: 平潭综合实验区 2022, between corpus pingtan-2021-txt
 *   (结转 自然人 1; 行政规范性文件 in force 665) and pingtan-2023-html
 *   (上年结转 0; 77 issued, 132 repealed, 470 in force): 665+60−200 = 525.
 *
 * Run: node scripts/make-panel-fixtures.mjs (no tools needed beyond Node).
 *
 * They live under tests/data/, not fixtures/, because every file in fixtures/ is
 * a fuzz seed, and a full 27-row markdown table with a 200,000-pipe line added
 * (fuzz seed 20250220, case 126) makes the text reader pad every row to 200,000
 * cells (src/model.ts expandGrid: 5.4M cells, 5–10 s, over the fuzz bound). That
 * is a reader issue to fix on its own; then these can join the seeds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'data', 'panel');
const COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org'];
const RESULT_ROWS = [
  ['granted', '（一）予以公开', ''],
  ['partially_granted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ''],
  ['denied_state_secret', '（三）不予公开', '1.属于国家秘密'],
  ['denied_law_prohibited', '（三）不予公开', '2.其他法律行政法规禁止公开'],
  ['denied_security_stability', '（三）不予公开', '3.危及“三安全一稳定”'],
  ['denied_third_party_rights', '（三）不予公开', '4.保护第三方合法权益'],
  ['denied_internal_affairs', '（三）不予公开', '5.属于三类内部事务信息'],
  ['denied_process_info', '（三）不予公开', '6.属于四类过程性信息'],
  ['denied_enforcement_files', '（三）不予公开', '7.属于行政执法案卷'],
  ['denied_admin_query', '（三）不予公开', '8.属于行政查询事项'],
  ['unable_not_held', '（四）无法提供', '1.本机关不掌握相关政府信息'],
  ['unable_needs_creation', '（四）无法提供', '2.没有现成信息需要另行制作'],
  ['unable_unclear', '（四）无法提供', '3.补正后申请内容仍不明确'],
  ['not_processed_complaint', '（五）不予处理', '1.信访举报投诉类申请'],
  ['not_processed_repeat', '（五）不予处理', '2.重复申请'],
  ['not_processed_publication', '（五）不予处理', '3.要求提供公开出版物'],
  ['not_processed_excessive', '（五）不予处理', '4.无正当理由大量反复申请'],
  ['not_processed_confirmation', '（五）不予处理', '5.要求行政机关确认或重新出具已获取信息'],
  ['other_no_correction', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  ['other_fee_unpaid', '（六）其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  ['other_misc', '（六）其他处理', '3.其他'],
];

const vec = (o = {}) => COLS.map((c) => o[c] ?? 0);
const sum = (a) => a.reduce((x, y) => x + y, 0);
const add = (a, b) => a.map((x, i) => x + b[i]);
const row = (label, values) => `| ${label} | ${values.join(' | ')} |`;

function report({ title, agency, year, published, ad, newReceived, carriedOver, results, review }) {
  const nr = vec(newReceived);
  const co = vec(carriedOver);
  const res = Object.fromEntries(RESULT_ROWS.map(([k]) => [k, vec(results[k])]));
  const processed = Object.values(res).reduce(add, vec());
  const cf = add(nr, co).map((x, i) => x - processed[i]); // A1: new + carried over = processed + carried forward
  if (cf.some((x) => x < 0)) throw new Error(`${title}: negative carried forward`);
  const withTotal = (v) => [...v, sum(v)];
  const block = (b) => [...b, sum(b)];
  const lines = [
    `# ${title}`,
    '',
    `本报告由${agency}办公室编制。2025年，${agency}认真贯彻《中华人民共和国政府信息公开条例》，现将${year}年度政府信息公开工作情况报告如下。`,
    '',
    '## 一、总体情况',
    '',
    `${year}年，${agency}依法做好主动公开和依申请公开工作。`,
    '',
    '## 二、主动公开政府信息情况',
    '',
    '| 第二十条第（一）项 | | | |',
    '| --- | --- | --- | --- |',
    '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
    row('规章', ad.regulations),
    row('行政规范性文件', ad.normative_documents),
    '',
    '| 第二十条第（五）项 | |',
    '| --- | --- |',
    '| 信息内容 | 本年处理决定数量 |',
    row('行政许可', [ad.licensing]),
    '',
    '| 第二十条第（六）项 | |',
    '| --- | --- |',
    '| 信息内容 | 本年处理决定数量 |',
    row('行政处罚', [ad.penalty]),
    row('行政强制', [ad.coercion]),
    '',
    '| 第二十条第（八）项 | |',
    '| --- | --- |',
    '| 信息内容 | 本年收费金额（单位：万元） |',
    row('行政事业性收费', [ad.fees]),
    '',
    '## 三、收到和处理政府信息公开申请情况',
    '',
    '| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    '| | | | 自然人 | 法人或其他组织 | | | | | 总计 |',
    '| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |',
    row('一、本年新收政府信息公开申请数量 | |', withTotal(nr)),
    row('二、上年结转政府信息公开申请数量 | |', withTotal(co)),
    ...RESULT_ROWS.map(([k, group, item]) => row(`三、本年度办理结果 | ${group} | ${item}`, withTotal(res[k]))),
    row('三、本年度办理结果 | （七）总计 |', withTotal(processed)),
    row('四、结转下年度继续办理 | |', withTotal(cf)),
    '',
    '## 四、政府信息公开行政复议、行政诉讼情况',
    '',
    '| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    '| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |',
    '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
    `| ${[...block(review.review), ...block(review.direct), ...block(review.after)].join(' | ')} |`,
    '',
    '## 五、存在的主要问题及改进情况',
    '',
    '公开质量仍需提高。',
    '',
    '## 六、其他需要报告的事项',
    '',
    '无。',
    '',
    `${agency}`,
    published,
    '',
  ];
  return lines.join('\n');
}

const huaianResults = {
  granted: { natural_person: 1500, commercial_enterprise: 30 },
  partially_granted: { natural_person: 200, commercial_enterprise: 5 },
  denied_law_prohibited: { natural_person: 10 },
  denied_third_party_rights: { natural_person: 5 },
  denied_internal_affairs: { natural_person: 20 },
  denied_process_info: { natural_person: 15 },
  denied_enforcement_files: { natural_person: 3 },
  denied_admin_query: { natural_person: 12 },
  unable_not_held: { natural_person: 600, commercial_enterprise: 10 },
  unable_needs_creation: { natural_person: 40 },
  unable_unclear: { natural_person: 30 },
  not_processed_complaint: { natural_person: 100 },
  not_processed_repeat: { natural_person: 50 },
  not_processed_excessive: { natural_person: 8 },
  not_processed_confirmation: { natural_person: 2 },
  other_no_correction: { natural_person: 90 },
  other_misc: { natural_person: 200, commercial_enterprise: 5 },
};
const huaian = {
  title: '淮安市人民政府2025年政府信息公开工作年度报告',
  agency: '淮安市人民政府',
  year: 2025,
  published: '2026年1月20日',
  ad: { regulations: [2, 1, 12], normative_documents: [5, 3, 68], licensing: 450000, penalty: 3900000, coercion: 12000, fees: 90000.5 },
  newReceived: { natural_person: 2900, commercial_enterprise: 50 },
  carriedOver: { natural_person: 103 },
  results: huaianResults,
  review: { review: [70, 60, 150, 30], direct: [100, 20, 50, 10], after: [20, 5, 10, 3] },
};
const broken = { ...huaian, carriedOver: { natural_person: 100 }, ad: { ...huaian.ad, normative_documents: [5, 3, 70] } };
const pingtan = {
  title: '平潭综合实验区2022年度政府信息公开工作年度报告',
  agency: '平潭综合实验区',
  year: 2022,
  published: '2023年1月18日',
  ad: { regulations: [0, 0, 0], normative_documents: [60, 200, 525], licensing: 5200, penalty: 400, coercion: 3, fees: 4800.25 },
  newReceived: { natural_person: 75, commercial_enterprise: 2 },
  carriedOver: { natural_person: 1 },
  results: {
    granted: { natural_person: 40, commercial_enterprise: 1 },
    partially_granted: { natural_person: 5 },
    unable_not_held: { natural_person: 20, commercial_enterprise: 1 },
    unable_needs_creation: { natural_person: 3 },
    not_processed_complaint: { natural_person: 4 },
    not_processed_repeat: { natural_person: 2 },
    other_misc: { natural_person: 2 },
  },
  review: { review: [1, 0, 1, 0], direct: [1, 0, 0, 0], after: [0, 0, 0, 0] },
};

mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'huaian-2025.md'), report(huaian));
writeFileSync(path.join(OUT, 'huaian-2025-broken.md'), report(broken));
writeFileSync(path.join(OUT, 'pingtan-2022.md'), report(pingtan));
console.log(`wrote 3 reports to ${OUT}`);
