/**
 * Is the document a disclosure report at all? (`not_a_report`, exit 14.)
 *
 * Rows named 行政许可 / 行政处罚 / 行政强制 appear in many government tables (a 法治政府建设年度报告,
 * a notice listing its licensing decisions): on their own they make no report. The rule, chosen
 * so that no real report (corpus, fixtures, field cases) is lost:
 *
 * - table 三 or table 四 was found (their labels — 申请人情况, 予以公开, 结果维持, … — belong to the
 *   disclosure template alone): a report;
 * - only table 二 was found: a report when the document shows it is one — the title (meta.ts
 *   `findTitle`), or any text, names the report (`REPORT_NAME_RE`: 政府信息公开(工作)年度报告, …),
 *   or the heading of part 二 (主动公开政府信息情况) was found, or table 二 carries marks of the
 *   template itself: a block caption citing the regulation (第二十条第（一）项 …), the header cell
 *   信息内容, or a column label of either template's table 二 (本年制发件数, 处理决定数量, 本年新制作数量, …);
 * - otherwise (or when no table was found): not a report.
 *
 * A passing mention of 政府信息公开 in the prose is no evidence: a 法治政府建设 report names its
 * 政府信息公开 work too.
 */
import type { Block } from '../model.js';
import { normLabel } from '../normalize.js';
import { ACTIVE_2019, ACTIVE_2021, AD_CAPTION_PREFIX, type TableId } from '../template.js';
import type { Located } from './locate.js';
import { REPORT_NAME_RE } from './meta.js';

/** Why a document counts as a report (for tests and diagnostics), or null when it does not. */
export type ReportEvidence = 'table_3_or_4' | 'title' | 'report_named' | 'heading_2' | 'table_2_marks';

let marks: string[] | null = null;
/** Normalized marks of the template's table 二: the 第二十条 caption prefix, 信息内容, every column label and alias. */
function table2Marks(): string[] {
  if (marks) return marks;
  const set = new Set<string>([AD_CAPTION_PREFIX, ...ACTIVE_2021.headerMarkers, ...ACTIVE_2019.headerMarkers]);
  for (const def of [ACTIVE_2021, ACTIVE_2019]) {
    for (const r of def.rows) for (const c of r.columns) for (const l of [c.label, ...(c.aliases ?? [])]) set.add(l);
  }
  marks = [...set].map(normLabel).filter((m) => m.length >= 4);
  return marks;
}

function textOf(b: Block): string[] {
  if (b.kind === 'text') return [b.text];
  const out: string[] = [];
  for (const row of b.rows) for (const c of row) if (!c.merged && !c.padding && c.text) out.push(c.text);
  return out;
}

/**
 * The evidence that a document is a disclosure report, or null. `found`: the tables with at
 * least one row read; `title`: the title meta.ts found (it names the report by construction).
 */
export function reportEvidence(loc: Located, found: ReadonlySet<TableId>, title: string | null): ReportEvidence | null {
  if (found.has('applications') || found.has('review_litigation')) return 'table_3_or_4';
  if (!found.has('active_disclosure')) return null;
  if (title) return 'title';
  if (loc.headingFound.active_disclosure) return 'heading_2';
  const ms = table2Marks();
  const t2 = [...loc.tables.active_disclosure.flatMap(textOf), ...loc.sectionText.active_disclosure.map((b) => b.text)];
  if (t2.some((s) => { const n = normLabel(s); return ms.some((m) => n.includes(m)); })) return 'table_2_marks';
  for (const b of loc.blocks) for (const s of textOf(b)) if (REPORT_NAME_RE.test(normLabel(s))) return 'report_named';
  return null;
}
