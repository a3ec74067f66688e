/**
 * Locating the three tables in a document: section headings (二/三/四, or
 * renumbered) in the text, and table blocks classified by the template
 * labels they contain. Long text blocks (scraper dumps with the whole body on
 * one line) are cut at section headings first.
 */
import type { Block, Doc, TableBlock, TextBlock } from '../model.js';
import type { ExtractWarning, TextLine } from './types.js';
import { attachNotes, DETACHED_MARK, DETACHED_TARGETS } from './notes.js';
import { anchorCount, findContentStart, type ContentStart } from './content.js';
import { CN_NUMERAL, normalize, normLabel, type Normalized } from '../normalize.js';
import { ACTIVE_2019, ACTIVE_2021, APPLICATIONS, APPLICANT_COLUMNS, OUTCOME_COLUMNS, REVIEW_LITIGATION, TRAILING_HEADINGS, AD_BLOCKS, type TableId } from '../template.js';

/** Enumerations of part headings (normalized text): 二、 (二) 第二部分. */
const ENUM = `(?:${CN_NUMERAL}{1,2}[、.,]|\\(${CN_NUMERAL}{1,2}\\)|第${CN_NUMERAL}{1,2}部分)`;

function headingPhrases(id: TableId): string[] {
  const def = id === 'active_disclosure' ? ACTIVE_2021 : id === 'applications' ? APPLICATIONS : REVIEW_LITIGATION;
  return [def.heading, ...def.headingAliases].map(normLabel);
}

export const TABLE_IDS: TableId[] = ['active_disclosure', 'applications', 'review_litigation'];

/*
 * The heading phrases (normalized) and the enumeration pattern, built once at module load:
 * headingOf runs on every text block of every document. (Built per call, the arrays came from
 * Array.prototype.map both in baseline code and inlined in optimized code, with different element
 * kinds: headingOf's optimized code met an array of the other map and was deoptimized, twice.)
 */
const HEADING_PHRASES: readonly (readonly [TableId, readonly string[]])[] = TABLE_IDS.map((id) => [id, headingPhrases(id)] as const);
const TRAILING_PHRASES: readonly string[] = TRAILING_HEADINGS.map(normLabel);
const LEADING_ENUM = new RegExp(`^${ENUM}`);
const LEADING_TABLE_NUMBER = /^(?:表[一二三四五六七八九十0-9]+[:：]?)/;

/** Does a (short) text block read as the heading of a table's section? */
export function headingOf(text: string): TableId | 'trailing' | null {
  const n = normLabel(text);
  if (n.length > 60) return null;
  const body = n.replace(LEADING_ENUM, '').replace(LEADING_TABLE_NUMBER, '');
  const enumerated = body !== n || n.startsWith('表');
  for (const [id, phrases] of HEADING_PHRASES) {
    for (const p of phrases) {
      if (body.startsWith(p) && (enumerated || body.length <= p.length + 2)) return id;
    }
  }
  for (const t of TRAILING_PHRASES) {
    if (enumerated && (body.startsWith(t) || body.includes(t)) && body.length <= t.length + 12) return 'trailing';
  }
  return null;
}

/** Section headings embedded in a long text block: `二、` then a table's or a trailing heading phrase (normalized). */
const EMBEDDED_HEADING = new RegExp(`${CN_NUMERAL}{1,2}、(?:${[...HEADING_PHRASES.flatMap(([, p]) => p), ...TRAILING_PHRASES].map(escapeRe).join('|')})`, 'g');

/**
 * Cut long text blocks at embedded section headings (`…二、主动公开政府信息情况…`),
 * so that one-line dumps become a sequence of sections.
 */
export function splitLongBlocks(blocks: Block[]): Block[] {
  // matched on the normalized text (phrases are normalized), cut in the raw text through the map
  const re = EMBEDDED_HEADING;
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.kind !== 'text' || b.text.length < 200) {
      out.push(b);
      continue;
    }
    const v = normalize(b.text);
    const heads = [...v.norm.matchAll(re)].map((m) => ({ from: v.map[m.index!], to: v.map[m.index! + m[0].length - 1] + 1 }));
    if (heads.length === 0) {
      out.push(b);
      continue;
    }
    // each section becomes its heading (a block of its own) followed by its body
    let start = 0;
    for (const h of heads) {
      const before = b.text.slice(start, h.from);
      if (before.trim()) out.push({ kind: 'text', text: before, origin: { ...b.origin } });
      out.push({ kind: 'text', text: b.text.slice(h.from, h.to), origin: { ...b.origin } });
      start = h.to;
    }
    const rest = b.text.slice(start);
    if (rest.trim()) out.push({ kind: 'text', text: rest, origin: { ...b.origin } });
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/*
 * The template labels classifyTable looks for, normalized once at module load (it runs on every
 * table block of every document). Lists keep their repeats: a label of both table-二 versions
 * (规章) counts twice, as it always has.
 */
const AD_ROWS = [...ACTIVE_2021.rows, ...ACTIVE_2019.rows];
const CLASSIFY = {
  adRowLabels: AD_ROWS.map((r) => normLabel(r.label)),
  adBlocks: Object.values(AD_BLOCKS).map(normLabel),
  adColumnLabels: AD_ROWS.flatMap((r) => r.columns).map((c) => normLabel(c.label)),
  adHeaderMarkers: ACTIVE_2021.headerMarkers.map(normLabel),
  // (normalized again after the enumeration is cut, as `has` did)
  appRowLabels: APPLICATIONS.rows.map((r) => normLabel(r.label).replace(/^[0-9]+\./, '')).filter((n) => n.length >= 4).map(normLabel),
  appColumns: APPLICANT_COLUMNS.slice(0, 5).map((c) => normLabel(c.label)),
  appHeaderMarker: normLabel(APPLICATIONS.headerMarkers[0]),
  reviewRows: REVIEW_LITIGATION.rows.map((r) => normLabel(r.label)),
  reviewColumns: OUTCOME_COLUMNS.slice(0, 4).map((c) => normLabel(c.label)),
};

/** Score how strongly a table block looks like each of the three tables. */
export function classifyTable(t: TableBlock): { id: TableId | null; scores: Record<TableId, number> } {
  const texts = new Set<string>();
  for (const row of t.rows) for (const c of row) if (!c.merged && c.text.trim()) texts.add(normLabel(c.text));
  const joined = [...texts].join('|');
  const scores: Record<TableId, number> = { active_disclosure: 0, applications: 0, review_litigation: 0 };
  const has = (normalized: string) => joined.includes(normalized);
  for (const l of CLASSIFY.adRowLabels) if (texts.has(l)) scores.active_disclosure++;
  for (const b of CLASSIFY.adBlocks) if (has(b)) scores.active_disclosure++;
  for (const l of CLASSIFY.adColumnLabels) if (texts.has(l)) scores.active_disclosure += 0.5;
  for (const m of CLASSIFY.adHeaderMarkers) if (has(m)) scores.active_disclosure++;
  for (const l of CLASSIFY.appRowLabels) if (has(l)) scores.applications++;
  for (const l of CLASSIFY.appColumns) if (has(l)) scores.applications += 0.5;
  if (has(CLASSIFY.appHeaderMarker)) scores.applications++;
  for (const l of CLASSIFY.reviewRows) if (has(l)) scores.review_litigation++;
  for (const l of CLASSIFY.reviewColumns) if (has(l)) scores.review_litigation += 0.5;
  // the review/litigation table has no row labels of table 三; table 三 never names 结果维持
  if (scores.applications >= 2 && scores.review_litigation < 3) scores.review_litigation = 0;
  let best: TableId | null = null;
  for (const id of TABLE_IDS) if (scores[id] >= 2 && (best === null || scores[id] > scores[best])) best = id;
  return { id: best, scores };
}

export interface Located {
  /** Table blocks assigned to each table, in document order. */
  tables: Record<TableId, TableBlock[]>;
  /** Text blocks of each section (from its heading to the next section heading). */
  sectionText: Record<TableId, TextBlock[]>;
  /** Whether a heading for the section was found. */
  headingFound: Record<TableId, boolean>;
  blocks: Block[];
  /** Tables located by their content rather than their heading (`table_by_content`). */
  warnings: ExtractWarning[];
}

type Section = TableId | 'trailing' | null;

/**
 * Sections and tables of a document. Headings open sections; table blocks are classified by
 * their labels (content wins over the heading they sit under, with a warning); a table whose
 * section holds none of its content (heading missing, misspelt or renumbered) gets a section
 * where its labels cluster in the text (content.ts), never overlapping another table's content.
 */
export function locate(doc: Doc): Located {
  const warnings: ExtractWarning[] = [];
  const notes = attachNotes(splitLongBlocks(doc.blocks));
  warnings.push(...notes.warnings);
  let blocks = notes.blocks;
  const headingFound: Record<TableId, boolean> = { active_disclosure: false, applications: false, review_litigation: false };
  // 1. sections by headings
  let { secs, heads } = sectionsByHeading(blocks, headingFound);
  const classOf = new Map<Block, TableId | null>();
  for (const b of blocks) if (b.kind === 'table') classOf.set(b, classifyTable(b).id);
  const ids = [...classOf.values()];
  const cache: (Normalized | null)[] = [];
  // 2. tables without content in their section: find their labels in the text
  const hasContent = (id: TableId) =>
    ids.includes(id) || blocks.some((b, i) => secs[i] === id && b.kind === 'text' && anchorCount(normLabel(b.text), id) >= 2);
  const cuts: { id: TableId; start: ContentStart }[] = [];
  // the tables come in template order: a table's labels are searched after the first block of an
  // earlier table and before the first block of a later one (a narrative sentence in part 一 that
  // names 结果维持 and 结果纠正 is not table 四)
  const firstBlock = (id: TableId) => blocks.findIndex((b, i) => classOf.get(b) === id || (secs[i] === id && b.kind === 'text'));
  // a table block whose labels classify it as no table is searched too (its header fragments may be the anchors)
  const texts = blocks.map((b) => (b.kind === 'text' ? b.text : classOf.get(b) === null ? flatText(b) : ''));
  const searchable = (b: Block) => b.kind === 'text' || classOf.get(b) === null;
  TABLE_IDS.forEach((id, k) => {
    if (hasContent(id)) return;
    const firsts = (list: TableId[]) => list.map(firstBlock).filter((i) => i >= 0);
    const lo = Math.min(...firsts(TABLE_IDS.slice(0, k)), blocks.length);
    const hi = Math.min(...firsts(TABLE_IDS.slice(k + 1)), blocks.length);
    const from = lo < blocks.length ? lo : -1;
    const start = findContentStart(texts, id, (i) => i > from && i < hi && searchable(blocks[i]) && secs[i] !== 'trailing', cache);
    if (start) cuts.push({ id, start });
  });
  if (cuts.length > 0) {
    cuts.sort((a, b) => a.start.unit - b.start.unit || a.start.offset - b.start.offset);
    const starts = new Map<Block, TableId>();
    const out: Block[] = [];
    blocks.forEach((b, i) => {
      const here = cuts.filter((c) => c.start.unit === i);
      if (here.length > 0 && b.kind === 'table') starts.set(b, here[0].id); // a table block opens the section whole
      if (here.length === 0 || b.kind !== 'text') return void out.push(b);
      const before = b.text.slice(0, here[0].start.offset);
      if (before.trim()) out.push({ kind: 'text', text: before, origin: { ...b.origin } });
      here.forEach((c, k) => {
        const to = k + 1 < here.length ? here[k + 1].start.offset : b.text.length;
        const part: TextBlock = { kind: 'text', text: b.text.slice(c.start.offset, to), origin: { ...b.origin } };
        starts.set(part, c.id);
        out.push(part);
      });
    });
    blocks = out;
    ({ secs, heads } = sectionsByHeading(blocks, { active_disclosure: false, applications: false, review_litigation: false }));
    let cur: Section | undefined;
    blocks.forEach((b, i) => {
      const opened = starts.get(b);
      if (opened) cur = opened;
      else if (heads[i]) cur = undefined;
      if (cur !== undefined) secs[i] = cur;
    });
    for (const c of cuts) {
      const headed = headingFound[c.id];
      warnings.push({
        code: 'table_by_content',
        field: c.id,
        message: `table ${numberOf(c.id)} located by its labels (${c.start.anchors.slice(0, 3).join(', ')}): ${headed ? 'the section under its heading holds none of them' : 'no section heading names it'}`,
        origin: blocks.find((b) => starts.get(b) === c.id)?.origin,
      });
    }
  }
  // 3. assign table blocks and section text
  const tables: Record<TableId, TableBlock[]> = { active_disclosure: [], applications: [], review_litigation: [] };
  const sectionText: Record<TableId, TextBlock[]> = { active_disclosure: [], applications: [], review_litigation: [] };
  let lastTableId: TableId | null = null;
  blocks.forEach((b, i) => {
    const current = secs[i];
    if (b.kind === 'text') {
      if (current && current !== 'trailing') sectionText[current].push(b);
      return;
    }
    const id = classOf.get(b) ?? null;
    let section: Section = current;
    if (id) {
      tables[id].push(b);
      lastTableId = id;
      if (current && current !== 'trailing' && current !== id && headingFound[current]) {
        warnings.push({ code: 'table_by_content', field: id, message: `a table under the heading of table ${numberOf(current)} holds the labels of table ${numberOf(id)}: read as table ${numberOf(id)}`, origin: b.origin });
      }
      if (current !== 'trailing') section = id;
    } else if (current && current !== 'trailing' && lastTableId === current && tables[current].length > 0) {
      // a continuation without recognisable labels right after a table of this section
      tables[current].push(b);
    }
    // tables inside a section are also offered to the stream strategy as text rows
    if (section && section !== 'trailing') {
      for (const row of b.rows) {
        const seen = new Set<number>();
        // padding (positions no printed cell covers) is left out: a short row stays short, so its
        // printed cells are not read by position
        const cells = row.filter((c) => !c.padding && (seen.has(c.id) ? false : (seen.add(c.id), true)));
        sectionText[section].push({ kind: 'text', text: cells.map((c) => (DETACHED_TARGETS.has(c) ? DETACHED_MARK : c.text.replace(/\s+/g, ' ').trim())).join('\t'), origin: cells[0]?.origin ?? {} });
      }
    }
  });
  return { tables, sectionText, headingFound, blocks, warnings };
}

/** A table block's text, row by row (distinct cells joined by a space), for the content search. */
function flatText(t: TableBlock): string {
  return t.rows.map((row) => row.filter((c, i) => !c.merged || i === 0).map((c) => c.text).join(' ')).join('\n');
}

const numberOf = (id: TableId): string => (id === 'active_disclosure' ? '二' : id === 'applications' ? '三' : '四');

/** The section of each block by the headings before it, and which blocks are headings. */
function sectionsByHeading(blocks: Block[], headingFound: Record<TableId, boolean>): { secs: Section[]; heads: boolean[] } {
  const secs: Section[] = [];
  const heads: boolean[] = [];
  let current: Section = null;
  for (const b of blocks) {
    const h = b.kind === 'text' ? headingOf(b.text) : null;
    if (h) {
      current = h;
      if (h !== 'trailing') headingFound[h] = true;
    }
    heads.push(h !== null);
    secs.push(current);
  }
  return { secs, heads };
}

/** The lines of a section as the stream strategy reads them: its text blocks, table rows flattened with '\t'. */
export function sectionLines(loc: Located, id: TableId): TextLine[] {
  return loc.sectionText[id].map((b) => ({ text: b.text, origin: b.origin }));
}
