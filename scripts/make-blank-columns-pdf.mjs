#!/usr/bin/env node
/**
 * Source of the blank-columns scan fixture (issue 11): a 2019-layout county report whose
 * table 三 runs over three pages and leaves the applicant columns nobody applied under as
 * empty cells (科研机构, 社会公益组织, 法律服务机构 blank in every row; 其他 blank but for one
 * applicant; rows nobody fell under blank in every column, 总计 included), as county reports
 * print them. Blank cells also in tables 二 and 四; table 二 prints two negative 本年增/减.
 *
 *   node scripts/make-blank-columns-pdf.mjs   # needs soffice (libreoffice-writer) and fonts-wqy-microhei
 *
 * The report is the PDF sweep's HTML (scripts/pdf-sweep-content.mjs, 2019 layout) with a longer
 * section 一 (prose paragraphs), so that table 三 starts low on page 2 and ends on page 4,
 * printed by LibreOffice (HTML → Word document → PDF, as the sweep's LibreOffice prints).
 * Writes fixtures/scan/county-2019-blank.pdf (the text PDF the scans are made from:
 * scripts/make-scan-fixtures.sh county-2019-blank) and fixtures/scan/county-2019-blank.expected.json,
 * written from the numbers below (a blank cell is null with kind `blank`, never 0).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedOf, html } from './pdf-sweep-content.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/scan');
const NAME = 'county-2019-blank';

const _ = null; // a blank cell
const APPLICANTS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];
/** Table 三 rows: natural person, enterprise, research, welfare, legal, other, total. */
const rows = {
  new_received: [88, 7, _, _, _, 1, 96],
  carried_over: [4, 1, _, _, _, _, 5],
  granted: [31, 3, _, _, _, 1, 35],
  partially_granted: [9, _, _, _, _, _, 9],
  denied_state_secret: [_, _, _, _, _, _, _],
  denied_law_prohibited: [2, _, _, _, _, _, 2],
  denied_security_stability: [_, _, _, _, _, _, _],
  denied_third_party_rights: [3, 1, _, _, _, _, 4],
  denied_internal_affairs: [5, _, _, _, _, _, 5],
  denied_process_info: [4, _, _, _, _, _, 4],
  denied_enforcement_files: [_, _, _, _, _, _, _],
  denied_admin_query: [1, _, _, _, _, _, 1],
  unable_not_held: [17, 2, _, _, _, _, 19],
  unable_needs_creation: [3, _, _, _, _, _, 3],
  unable_unclear: [2, _, _, _, _, _, 2],
  not_processed_complaint: [6, _, _, _, _, _, 6],
  not_processed_repeat: [4, 1, _, _, _, _, 5],
  not_processed_publication: [1, _, _, _, _, _, 1],
  not_processed_excessive: [_, _, _, _, _, _, _],
  not_processed_confirmation: [1, _, _, _, _, _, 1],
  other_no_correction: [_, _, _, _, _, _, _],
  other_fee_unpaid: [_, _, _, _, _, _, _],
  other_misc: [_, _, _, _, _, _, _],
  other_total: [2, _, _, _, _, _, 2],
  processed_total: [91, 7, _, _, _, 1, 99],
  carried_forward: [1, 1, _, _, _, _, 2],
};
const app = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Object.fromEntries(APPLICANTS.map((c, i) => [c, v[i]]))]));

const active = {
  regulations: { produced: _, newly_published: _, published_total: _ },
  normative_documents: { produced: 3, newly_published: 3, published_total: 41 },
  licensing: { prior_year_items: 236, items_change: -4, decisions: 1875 },
  other_admin_services: { prior_year_items: 12, items_change: _, decisions: 364 },
  penalty: { prior_year_items: 318, items_change: 2, decisions: 1096 },
  coercion: { prior_year_items: 27, items_change: -1, decisions: 8 },
  fees: { prior_year_items: 5, items_change: _ },
  procurement: { projects: 17, amount: 3825400 },
};
const rv = {
  review: { upheld: 1, corrected: _, other: _, pending: _, total: 1 },
  litigation_direct: { upheld: 2, corrected: 1, other: _, pending: _, total: 3 },
  litigation_after_review: { upheld: _, corrected: _, other: _, pending: _, total: _ },
};
const content = { id: NAME, agency: '某某县人民政府', year: 2019, layout: '2019', single: true, active, app, rv };

// the identities hold over the printed numbers (a blank counted as nothing)
const n = (v) => v ?? 0;
for (const c of APPLICANTS) {
  const r = (k) => n(app[k][c]);
  const results = Object.keys(rows).filter((k) => !['new_received', 'carried_over', 'processed_total', 'carried_forward', 'other_no_correction', 'other_fee_unpaid', 'other_misc'].includes(k));
  if (r('new_received') + r('carried_over') !== r('processed_total') + r('carried_forward')) throw new Error(`A1 ${c}`);
  if (results.reduce((s, k) => s + r(k), 0) !== r('processed_total')) throw new Error(`A2 ${c}`);
}
for (const [k, v] of Object.entries(rows)) if (v.slice(0, 6).reduce((s, x) => s + n(x), 0) !== n(v[6])) throw new Error(`A3 ${k}`);
for (const [b, v] of Object.entries(rv)) if (n(v.upheld) + n(v.corrected) + n(v.other) + n(v.pending) !== n(v.total)) throw new Error(`B1 ${b}`);

// a longer section 一: prose before section 二, so that table 三 starts low on page 2 and runs onto page 4
const prose = [
  '一是加强组织领导。县政府将政府信息公开工作纳入年度工作要点，明确分管领导和承办科室，定期研究部署政务公开工作，推动各乡镇、各部门落实公开责任。',
  '二是做好主动公开。围绕财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，及时公开政策文件和办事指南，全年在政府网站发布各类信息。',
  '三是规范依申请公开。严格执行申请登记、审核、答复、归档等流程，按期答复申请人，答复文书统一格式，确保依法依规办理。',
  '四是强化平台建设。优化政府网站信息公开专栏，完善政策文件库，同步开展政务新媒体清理整合，提升公开平台的集约化水平。',
  '五是加强监督保障。将政务公开纳入绩效考核，开展业务培训，组织网站和新媒体常态化检查，对发现的问题及时督促整改。',
];
// the sweep's table 四 prints its values as given: a blank cell is given as a no-break space
const rvPrinted = Object.fromEntries(Object.entries(rv).map(([b, cols]) => [b, Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v ?? '&nbsp;']))]));
let page = html({ ...content, rv: rvPrinted }, { valueWidth: 48, font: 'WenQuanYi Micro Hei' });
const at = page.indexOf('<p class=MsoNormal style=\'\'><span>二、主动公开政府信息情况');
if (at < 0) throw new Error('section 二 heading not found in the sweep HTML');
const extra = prose.map((t) => `<p class=MsoNormal style='text-indent:21pt'><span>${t}</span></p>`).join('\n');
page = page.slice(0, at) + extra + '\n' + page.slice(at);

const TMP = mkdtempSync(path.join(tmpdir(), 'xxgk-blank-'));
try {
  const h = path.join(TMP, `${NAME}.html`);
  writeFileSync(h, page);
  // HTML into Writer proper, as a Word document (as the sweep's LibreOffice prints), then printed
  execFileSync('soffice', ['--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', TMP, h], { stdio: 'ignore' });
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', path.join(TMP, 'pdf'), path.join(TMP, `${NAME}.docx`)], { stdio: 'ignore' });
  const pdf = path.join(OUT, `${NAME}.pdf`);
  copyFileSync(path.join(TMP, 'pdf', `${NAME}.pdf`), pdf);
  // strip the creation dates, so that a re-run gives the same bytes where LibreOffice allows
  writeFileSync(pdf, readFileSync(pdf, 'latin1').replace(/\/(CreationDate|ModDate)\s*\(D:[^)]*\)/g, (m) => m.replace(/\d/g, '0')), 'latin1');
} finally {
  rmSync(TMP, { recursive: true, force: true });
}

// expected: every template key; rows the 2019 layout does not print `absent`, printed blank cells `blank`
const expected = expectedOf(content);
for (const [t, rs] of Object.entries(expected.tables)) {
  for (const [r, cols] of Object.entries(rs)) {
    for (const [k, v] of Object.entries(cols)) {
      const p = `${t}.${r}.${k}`;
      const printedRow = !(t === 'applications' && ['other_no_correction', 'other_fee_unpaid', 'other_misc'].includes(r));
      if (v === null && printedRow) expected.kinds[p] = 'blank';
    }
  }
}
writeFileSync(path.join(OUT, `${NAME}.expected.json`), JSON.stringify(expected, null, 2) + '\n');
console.log(`wrote fixtures/scan/${NAME}.pdf and ${NAME}.expected.json`);
