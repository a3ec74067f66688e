/**
 * Narrative checks (issue 13): the counts a report states in its prose against its tables.
 *
 * Corpus: every stated count was found by reading each document's prose by eye; the stated
 * number is the sentence's, the table value comes from the document's expected.json (never
 * from xxgk). Fixtures: corpus documents with one narrative number changed
 * (scripts/make-narrative-fixtures.mjs). Unit cases: real-shaped sentences that must give no
 * check (another year, a part, a change, a range) or must not fail (another subject).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarise } from '../src/cli/summary.js';
import { renderChecks } from '../src/review/tables.js';
import { wideColumns, wideRow } from '../src/write/csv.js';
import { describe, expect, it } from 'vitest';
import { extract } from '../src/api.js';
import type { Doc } from '../src/model.js';
import { ResultSchema, type CheckResult } from '../src/schema.js';
import { isIdentityCheck, narrativeChecks, parseCount } from '../src/validate/narrative.js';
import type { TablesData } from '../src/validate/identities.js';
import { corpusDocs, FIXTURES, type Expected } from './helpers/corpus.js';

interface Stated {
  id: string;
  stated: number;
  /** table paths summed for the table side (from expected.json) */
  paths: string[];
  status: 'pass' | 'fail' | 'uncertain';
  /** a piece of the sentence, as printed (whitespace removed) */
  says: string;
  where: { page?: number; line?: number; paragraph?: number };
}

const p = (...q: string[]) => q;
const LIT = ['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total'];
const rowsOf = (...keys: string[]) => keys.map((k) => `applications.${k}.total`);
const DENIED = rowsOf('denied_state_secret', 'denied_law_prohibited', 'denied_security_stability', 'denied_third_party_rights', 'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_files', 'denied_admin_query');
const UNABLE = rowsOf('unable_not_held', 'unable_needs_creation', 'unable_unclear');
const NOT_PROCESSED = rowsOf('not_processed_complaint', 'not_processed_repeat', 'not_processed_publication', 'not_processed_excessive', 'not_processed_confirmation');
const OTHER_2021 = rowsOf('other_no_correction', 'other_fee_unpaid', 'other_misc');

/** Table 四 outcomes stated after 行政复议N件 (review) or 行政诉讼N件 (both litigation blocks summed), on page 2 of huaian-2024. */
function outcomes(block: 'review' | 'litigation', stated: number[], says: string): Stated[] {
  return ['upheld', 'corrected', 'other', 'pending'].map((col, i) => ({
    id: `N.review_litigation.${block}.${col}`,
    stated: stated[i],
    paths: block === 'review' ? [`review_litigation.review.${col}`] : [`review_litigation.litigation_direct.${col}`, `review_litigation.litigation_after_review.${col}`],
    status: 'pass' as const,
    says,
    where: { page: 2 },
  }));
}

/** Every count each corpus document states in its prose that maps to a template quantity. */
const STATED: Record<string, Stated[]> = {
  'seed-shayibake-2024-txt': [
    { id: 'N.applications.processed_total.total', stated: 49, paths: p('applications.processed_total.total'), status: 'pass', says: '累计办理依申请公开信息49件', where: { line: 15 } },
  ],
  'hongze-2023-pdf': [
    { id: 'N.applications.new_received.total', stated: 21, paths: p('applications.new_received.total'), status: 'pass', says: '2023年全区受理政府信息公开申请21件', where: { page: 1 } },
  ],
  'hongze-2024-pdf': [
    // the district office's own count (区政府办代表区政府受理…17件) over a table of 95: another subject, never a fail
    { id: 'N.applications.new_received.total', stated: 17, paths: p('applications.new_received.total'), status: 'uncertain', says: '区政府办代表区政府受理政府信息公开申请17件', where: { page: 1 } },
  ],
  'huaian-2024-pdf': [
    { id: 'N.applications.new_received.total', stated: 3119, paths: p('applications.new_received.total'), status: 'pass', says: '全市共受理政府信息公开申请3119件', where: { page: 2 } },
    { id: 'N.applications.processed_total.total', stated: 3050, paths: p('applications.processed_total.total'), status: 'pass', says: '答复3050件', where: { page: 2 } },
    { id: 'N.applications.carried_over.total', stated: 34, paths: p('applications.carried_over.total'), status: 'pass', says: '含上年度结转申请34件', where: { page: 2 } },
    { id: 'N.applications.carried_forward.total', stated: 103, paths: p('applications.carried_forward.total'), status: 'pass', says: '另有103件顺延到下年度答复', where: { page: 2 } },
    { id: 'N.review_litigation.review.total', stated: 351, paths: p('review_litigation.review.total'), status: 'pass', says: '政府信息公开行政复议351件', where: { page: 2 } },
    ...outcomes('review', [72, 64, 178, 37], '其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件'),
    { id: 'N.review_litigation.litigation', stated: 46, paths: LIT, status: 'pass', says: '政府信息公开行政诉讼46件', where: { page: 2 } },
    ...outcomes('litigation', [25, 5, 9, 7], '其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件'),
  ],
  'pingtan-2019-txt': [],
  'pingtan-2021-txt': [
    { id: 'N.applications.new_received.total', stated: 70, paths: p('applications.new_received.total'), status: 'pass', says: '本年度全区共收到70件申请', where: { line: 10 } },
    { id: 'N.applications.processed_total.total', stated: 69, paths: p('applications.processed_total.total'), status: 'pass', says: '办结69件', where: { line: 10 } },
    { id: 'N.applications.carried_forward.total', stated: 1, paths: p('applications.carried_forward.total'), status: 'pass', says: '1件结转下年度继续办理', where: { line: 10 } },
  ],
  'pingtan-2023-html': [
    { id: 'N.active_disclosure.normative_documents.issued', stated: 77, paths: p('active_disclosure.normative_documents.issued'), status: 'pass', says: '本年度制发的规范性文件77件', where: { paragraph: 34 } },
    { id: 'N.applications.new_received.total', stated: 81, paths: p('applications.new_received.total'), status: 'pass', says: '各类政府信息公开申请共计81件', where: { paragraph: 36 } },
    { id: 'N.applications.new_received.natural_person', stated: 80, paths: p('applications.new_received.natural_person'), status: 'pass', says: '涉及自然人80件', where: { paragraph: 36 } },
    { id: 'N.applications.new_received.commercial_enterprise', stated: 1, paths: p('applications.new_received.commercial_enterprise'), status: 'pass', says: '商业企业1件', where: { paragraph: 36 } },
    { id: 'N.applications.processed_total.total', stated: 81, paths: p('applications.processed_total.total'), status: 'pass', says: '办结依申请公开81件', where: { paragraph: 36 } },
    { id: 'N.applications.granted_and_partially_granted.total', stated: 42, paths: p('applications.granted.total', 'applications.partially_granted.total'), status: 'pass', says: '予以公开及部分公开42件', where: { paragraph: 36 } },
    { id: 'N.applications.denied.total', stated: 5, paths: DENIED, status: 'pass', says: '不予公开5件', where: { paragraph: 36 } },
    { id: 'N.applications.unable.total', stated: 31, paths: UNABLE, status: 'pass', says: '无法提供31件', where: { paragraph: 36 } },
    { id: 'N.applications.not_processed.total', stated: 1, paths: NOT_PROCESSED, status: 'pass', says: '不予处理1件', where: { paragraph: 36 } },
    { id: 'N.applications.other.total', stated: 2, paths: OTHER_2021, status: 'pass', says: '其他处理2件', where: { paragraph: 36 } },
    { id: 'N.review_litigation.review.total', stated: 2, paths: p('review_litigation.review.total'), status: 'pass', says: '行政复议案件2件', where: { paragraph: 36 } },
    { id: 'N.review_litigation.litigation', stated: 7, paths: LIT, status: 'pass', says: '行政诉讼案件7件', where: { paragraph: 36 } },
  ],
  'shanghai-kewei-2024-md': [
    { id: 'N.review_litigation.review.total', stated: 1, paths: p('review_litigation.review.total'), status: 'pass', says: '市科委有1件涉及政府信息公开工作的行政复议', where: { line: 19 } },
    { id: 'N.review_litigation.litigation', stated: 0, paths: LIT, status: 'pass', says: '涉及的行政诉讼数为0件', where: { line: 21 } },
    { id: 'N.applications.new_received.total', stated: 34, paths: p('applications.new_received.total'), status: 'pass', says: '全年收到政府信息公开申请34件', where: { line: 42 } },
    { id: 'N.applications.carried_over.total', stated: 2, paths: p('applications.carried_over.total'), status: 'pass', says: '上年结转政府信息公开申请2件', where: { line: 43 } },
    { id: 'N.applications.granted.total', stated: 9, paths: p('applications.granted.total'), status: 'pass', says: '同意公开答复9件', where: { line: 44 } },
    { id: 'N.applications.partially_granted.total', stated: 0, paths: p('applications.partially_granted.total'), status: 'pass', says: '部分公开答复0件', where: { line: 44 } },
    { id: 'N.applications.denied.total', stated: 2, paths: DENIED, status: 'pass', says: '不予公开答复2件', where: { line: 44 } },
    { id: 'N.applications.unable.total', stated: 10, paths: UNABLE, status: 'pass', says: '无法提供的10件', where: { line: 45 } },
    { id: 'N.applications.not_processed.total', stated: 0, paths: NOT_PROCESSED, status: 'pass', says: '不予处理0件', where: { line: 45 } },
    { id: 'N.applications.other.total', stated: 14, paths: OTHER_2021, status: 'pass', says: '其他处理14件', where: { line: 45 } },
    { id: 'N.applications.carried_forward.total', stated: 1, paths: p('applications.carried_forward.total'), status: 'pass', says: '转下一年度办理答复的有1件', where: { line: 46 } },
  ],
  'template-blank-2021-docx': [],
};

function tableSide(exp: Expected, paths: string[]): number {
  return paths.reduce((s, q) => {
    const [t, r, c] = q.split('.');
    return s + (exp.tables[t][r][c] as number);
  }, 0);
}

const narrative = (checks: CheckResult[]) => checks.filter((c) => c.id.startsWith('N.'));

describe('narrative checks on the corpus', () => {
  const docs = corpusDocs();
  it('covers every corpus document', () => {
    expect(docs.map((d) => d.id).sort()).toEqual(Object.keys(STATED).sort());
  });
  for (const d of docs) {
    it(`${d.id}: every stated count, its table value and its sentence`, async () => {
      const r = await extract(readFileSync(d.source), { path: d.source, ocr: 'off' });
      ResultSchema.parse(r);
      const got = narrative(r.checks);
      const want = STATED[d.id] ?? [];
      expect(got.map((c) => ({ id: c.id, status: c.status, expected: c.expected, actual: c.actual }))).toEqual(
        want.map((s) => ({ id: s.id, status: s.status, expected: s.stated, actual: tableSide(d.expected, s.paths) })),
      );
      want.forEach((s, i) => {
        expect(got[i].text).toContain(s.says);
        expect({ page: got[i].page, line: got[i].line, paragraph: got[i].paragraph }).toEqual({ page: undefined, line: undefined, paragraph: undefined, ...s.where });
      });
    }, 60_000);
  }
  it('passes at least three stated counts over the corpus, one of them on the seed', () => {
    const passing = Object.values(STATED).flat().filter((s) => s.status === 'pass');
    expect(passing.length).toBeGreaterThanOrEqual(3);
    expect(STATED['seed-shayibake-2024-txt'].some((s) => s.status === 'pass')).toBe(true);
  });
});

describe('narrative checks on derived fixtures', () => {
  it('a report that says 83 over its table of 81 fails with both numbers (never picks one)', async () => {
    const file = path.join(FIXTURES, 'narrative/pingtan-2023-says-83.html');
    const r = await extract(readFileSync(file), { path: file });
    const c = r.checks.find((x) => x.id === 'N.applications.new_received.total')!;
    expect(c).toMatchObject({ status: 'fail', expected: 83, actual: 81, paragraph: 36 });
    expect(c.text).toContain('政府信息公开申请共计83件');
    // the table value stays as printed, and the identities do not count the narrative fail
    expect(r.tables.applications.new_received.total).toBe(81);
    expect(r.checks.filter((x) => isIdentityCheck(x) && x.status === 'fail')).toEqual([]);
  });
  it('counts apart from the identities: wide CSV narrative_failed, xxgk summary by id', async () => {
    const said83 = await extract(readFileSync(path.join(FIXTURES, 'narrative/pingtan-2023-says-83.html')), { path: 'said83.html' });
    const seed = await extract(readFileSync(path.join(FIXTURES, 'narrative/shayibake-2024-cn-numerals.txt')), { path: 'seed.txt' });
    const cols = wideColumns();
    const row = wideRow(said83);
    expect([row[cols.indexOf('checks_failed')], row[cols.indexOf('narrative_failed')]]).toEqual([0, 1]);
    expect(wideRow(seed)[cols.indexOf('narrative_failed')]).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'xxgk-narrative-'));
    try {
      const file = path.join(dir, 'ds.jsonl');
      writeFileSync(file, `${JSON.stringify(said83)}\n${JSON.stringify(seed)}\n`);
      const s = await summarise(file);
      expect(s).toMatchObject({ results: 2, results_with_failed_checks: 0, failed_checks_by_id: {}, results_with_narrative_failed: 1, narrative_failed_by_id: { 'N.applications.new_received.total': 1 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('review pages list them apart, with the sentence, and light every cell a quantity sums', async () => {
    const said83 = await extract(readFileSync(path.join(FIXTURES, 'narrative/pingtan-2023-says-83.html')), { path: 'said83.html' });
    const html = renderChecks(said83);
    expect(html).toContain('勾稽关系 checks: 0 failed');
    expect(html).toContain('正文 narrative checks: 1 failed');
    expect(html).toContain('stated 83 ≠ table 81');
    const denied = /data-id="N\.applications\.denied\.total" data-terms="([^"]*)"/.exec(html)![1].split(' ');
    expect(denied).toEqual(DENIED);
  });
  it('reads a count in Chinese numerals (四十九件 = 49)', async () => {
    const file = path.join(FIXTURES, 'narrative/shayibake-2024-cn-numerals.txt');
    const r = await extract(readFileSync(file), { path: file });
    expect(narrative(r.checks)).toEqual([
      expect.objectContaining({ id: 'N.applications.processed_total.total', status: 'pass', expected: 49, actual: 49, line: 15 }),
    ]);
  });
});

// ------------------------------------------------------------------ sentences
const TABLES: TablesData = {
  applications: { granted: { total: 9 }, new_received: { total: 32 }, carried_over: { total: 2 }, processed_total: { total: 33 }, carried_forward: { total: 1 } },
  review_litigation: { review: { total: 3 }, litigation_direct: { total: 1 }, litigation_after_review: { total: 2 } },
  active_disclosure: { normative_documents: { issued: 5 } },
};
const docOf = (...paragraphs: string[]): Pick<Doc, 'format' | 'blocks'> => ({
  format: 'html',
  blocks: paragraphs.map((text, i) => ({ kind: 'text' as const, text, origin: { paragraph: i + 1 } })),
});
const run = (...paragraphs: string[]) =>
  narrativeChecks(docOf(...paragraphs), TABLES, { year: 2024, agency: '淮安市洪泽区人民政府', layout: '2021' }).map((c) => `${c.id.slice(2)} ${c.status} ${c.expected}/${c.actual}`);

describe('narrative sentences', () => {
  it('fails a count that disagrees with the table when the clause is the report’s own (受理34件 over 32)', () => {
    expect(run('2024年，我区共受理政府信息公开申请34件，均按时答复。')).toEqual(['applications.new_received.total fail 34/32']);
    expect(run('2024年，洪泽区人民政府受理政府信息公开申请34件。')).toEqual(['applications.new_received.total fail 34/32']);
  });
  it('never fails a count whose clause names another subject, or whose sentence is not about 公开: uncertain', () => {
    expect(run('2024年，区政府办代表区政府受理政府信息公开申请17件。')).toEqual(['applications.new_received.total uncertain 17/32']);
    expect(run('2024年，全区行政复议案件120件。')).toEqual(['review_litigation.review.total uncertain 120/3']);
    expect(run('2024年，全区因政府信息公开引起的行政复议案件120件。')).toEqual(['review_litigation.review.total fail 120/3']);
  });
  it('gives no check for another year, a change, a part, a range, an approximation, person-times or a joint count', () => {
    expect(run('2023年，全区受理政府信息公开申请30件。')).toEqual([]);
    expect(run('上年度全区受理政府信息公开申请30件。')).toEqual([]);
    expect(run('受理政府信息公开申请同比增长5件。')).toEqual([]);
    expect(run('共收到申请32件，其中受理本级申请20件。')).toEqual(['applications.new_received.total pass 32/32']);
    expect(run('所有办结的申请中同意公开答复9件。')).toEqual(['applications.granted.total pass 9/9']); // a result kind, not 答复9件 processed
    expect(run('其中结果维持2件。')).toEqual([]); // an outcome with no 行政复议 / 行政诉讼 named before it
    expect(run('2024年办结申请33件，其中自然人30件。')).toEqual(['applications.processed_total.total pass 33/33']); // an applicant kind of the processed count: not read

    expect(run('受理政府信息公开申请30-40件。')).toEqual([]);
    expect(run('受理政府信息公开申请约30件。')).toEqual([]);
    expect(run('受理政府信息公开申请30余件。')).toEqual([]);
    expect(run('受理政府信息公开申请30件左右。')).toEqual([]);
    expect(run('受理政府信息公开申请30件次。')).toEqual([]);
    expect(run('发生行政复议和行政诉讼共3件。')).toEqual([]);
    expect(run('一、本年新收政府信息公开申请数量 30件 2件 0件 0件 0件 0件 32件')).toEqual([]); // a table row dumped as text
    expect(run('有3件涉及政府信息公开的行政复议和行政诉讼。')).toEqual([]);
  });
  it('counts with no template quantity are not checks (主动公开N条, 办理人大代表建议N件, 受理行政许可申请N件, 答复网民留言)', () => {
    expect(run('2024年，主动公开政府信息2428条，办理人大代表建议50件。')).toEqual([]);
    expect(run('2024年，全区受理行政许可申请2000件。')).toEqual([]);
    expect(run('2024年，收到网民留言100件，答复98件。')).toEqual([]);
  });
  it('reads enumerations, numbers before their noun, sums of both litigation blocks and the carried-over phrase after 含', () => {
    expect(run('因政府信息公开引起的行政复议案件3件、行政诉讼案件3件。')).toEqual(['review_litigation.review.total pass 3/3', 'review_litigation.litigation pass 3/3']);
    expect(run('2024年涉及行政复议3件。')).toEqual(['review_litigation.review.total pass 3/3']);
    expect(run('本年度全区共收到32件申请，及时依法依规办结33件，1件结转下年度继续办理。')).toEqual([
      'applications.new_received.total pass 32/32',
      'applications.processed_total.total pass 33/33',
      'applications.carried_forward.total pass 1/1',
    ]);
    expect(run('2024年，全年共收到政府信息公开申请32件，上年结转2件，办结33件，结转下年度继续办理1件。')).toEqual([
      'applications.new_received.total pass 32/32',
      'applications.carried_over.total pass 2/2',
      'applications.processed_total.total pass 33/33',
      'applications.carried_forward.total pass 1/1',
    ]);
    expect(run('答复33件（含上年度结转申请2件，另有1件顺延到下年度答复）。')).toEqual([
      'applications.processed_total.total pass 33/33',
      'applications.carried_over.total pass 2/2',
      'applications.carried_forward.total pass 1/1',
    ]);
  });
  it('a null table value makes the check uncertain, naming the null path', () => {
    const t: TablesData = { review_litigation: { review: { total: 3 }, litigation_direct: { total: null }, litigation_after_review: { total: 2 } } };
    const [c] = narrativeChecks(docOf('行政诉讼3件。'), t, { year: 2024, agency: null, layout: '2021' });
    expect(c).toMatchObject({ id: 'N.review_litigation.litigation', status: 'uncertain', expected: 3, actual: null, missing: ['review_litigation.litigation_direct.total'] });
  });
  it('joins PDF lines into one sentence and reports the page of the count', () => {
    const doc: Pick<Doc, 'format' | 'blocks'> = {
      format: 'pdf',
      blocks: [
        { kind: 'text', text: '申请答复工作规范高效。2024 年，全区受理政府', origin: { page: 1 } },
        { kind: 'text', text: '信息公开申请 32 件，均已在法定期限内予以答复。', origin: { page: 2 } },
      ],
    };
    const [c] = narrativeChecks(doc, TABLES, { year: 2024, agency: null, layout: '2021' });
    expect(c).toMatchObject({ id: 'N.applications.new_received.total', status: 'pass', expected: 32, page: 2, text: '2024年，全区受理政府信息公开申请32件，均已在法定期限内予以答复。' });
  });
  it('does not change the tables it reads', () => {
    const before = JSON.stringify(TABLES);
    run('2024年，我区共受理政府信息公开申请34件。');
    expect(JSON.stringify(TABLES)).toBe(before);
  });
});

describe('parseCount', () => {
  it('reads Arabic and Chinese numerals', () => {
    expect([parseCount('49'), parseCount('3,119'), parseCount('四十九'), parseCount('十二'), parseCount('一百零三'), parseCount('两千'), parseCount('二〇二四'), parseCount('一万二千')]).toEqual([49, 3119, 49, 12, 103, 2000, 2024, 12000]);
  });
  it('refuses malformed numbers', () => {
    expect([parseCount('3,11'), parseCount('四九十'), parseCount('万')]).toEqual([null, null, null]);
  });
});
