/**
 * Narrative checks (issue 13; report-format.md A.4): the counts a report states in its prose
 * (`累计办理依申请公开信息49件`, `行政诉讼46件`) compared with the same quantities in its tables.
 * A second witness: it sees table misreads no identity sees, and reports that disagree with
 * themselves. It never changes a value and never counts in `checks_failed`.
 *
 * Which sentences state which quantity is data (src/template/narrative.ts). Here: the document's
 * text blocks (never its tables) are joined into prose, split into sentences and clauses, and
 * each pattern match becomes a check `N.<quantity>`:
 * - `expected`: the number stated; `actual`: the table value (a sum for
 *   `N.review_litigation.litigation`); `text`: the sentence; origin fields (`page`, `line`,
 *   `paragraph`) of the text block the stated number sits in;
 * - `pass` when they are equal; `fail` when they differ, nothing in the clause before the
 *   count (other than time, scope and quantifier words, or the agency's name) could make it
 *   another body's count, and the sentence says it is about 公开 (政府信息公开, 依申请公开);
 *   otherwise `uncertain` with a `note`; `uncertain` with `missing` when a table value is null.
 * No check at all (the sentence's meaning is not certain) for: another year (`2022年`, `上年度`
 * as time), a part (`其中`, `含`, a result or applicant kind before the count), a change
 * (`同比增长N件`), a joint count (`行政复议和行政诉讼共N件`), an approximate or ranged count
 * (`约N件`, `2-3件`, `N件左右`), person-times (`N件次`).
 * Only the first 100,000 characters of prose are read (MAX_PROSE).
 */
import type { Doc, Origin } from '../model.js';
import type { CheckResult } from '../schema.js';
import type { Layout } from '../template.js';
import {
  NARRATIVE_APPROX_AFTER,
  NARRATIVE_APPROX_BEFORE,
  NARRATIVE_CHANGE_WORDS,
  NARRATIVE_PART_MARKERS,
  NARRATIVE_PHRASES,
  NARRATIVE_SCOPE_WORDS,
  type NarrativePhrase,
} from '../template/narrative.js';
import type { TablesData } from './identities.js';
import { originAt, proseOf } from './prose.js';

export { originAt, proseOf, type Prose } from './prose.js';

export { isIdentityCheck, isNarrativeCheck } from './check-ids.js';

/** What the narrative checks need of the report besides its tables. */
export interface NarrativeContext {
  /** The year the report covers: sentences about another year are not read. Null: not filtered. */
  year: number | null;
  /** The agency as printed in the title: its name (and shorter forms) may be a clause's subject. */
  agency: string | null;
  layout: Layout;
}

// ------------------------------------------------------------------ numbers

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A count as printed: Arabic digits (a thousands comma allowed: `3,119`) or Chinese numerals
 * (`四十九` → 49, `一百零三` → 103, `十二` → 12, `二〇二四` → 2024, up to 万). Null when it is
 * not a well-formed number.
 */
export function parseCount(s: string): number | null {
  if (/^\d{1,3}(?:,\d{3})+$|^\d+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (!/^[零〇一二两三四五六七八九十百千万]+$/.test(s)) return null;
  if (!/[十百千万]/.test(s)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  let total = 0;
  let section = 0;
  let num: number | null = null;
  for (const c of s) {
    if (c in CN_DIGITS) {
      if (num !== null && num !== 0 && CN_DIGITS[c] !== 0) return null; // two digits in a row: 四九十
      num = CN_DIGITS[c];
    } else if (c in CN_UNITS) {
      section += (num === null ? 1 : num) * CN_UNITS[c];
      num = null;
    } else {
      section += num ?? 0;
      if (section === 0) return null;
      total += section * 10000;
      section = 0;
      num = null;
    }
  }
  return total + section + (num ?? 0);
}

// ------------------------------------------------------------------ matching

const NUM = '(?<n>\\d{1,3}(?:,\\d{3})+|\\d+|[零〇一二两三四五六七八九十百千万]+)件(?!次)';
const GAP = '[^\\d零〇一二两三四五六七八九十百千万件，,；;：:。！？!?（）()\\n]{0,24}?';
const QUANT = '(?:共计|共|总计|合计|数量为|数量|数为|数|为|有|达)?';
const CLAUSE_DELIMS = /[，,；;：:（）()]/;
const SENTENCE_END = /[。！？!?\n]/;

const patternOf = (src: string): RegExp => new RegExp(src.replace('{N}', NUM).replaceAll('{G}', GAP).replaceAll('{Q}', QUANT), 'g');

/**
 * Each phrase with its patterns compiled once, at module load (`countFirst`: the pattern starts
 * with the count, `{N}…`). A pattern's matches are walked with `exec` on its own global regex
 * (lastIndex reset first), not `matchAll`, which clones the regex at every call.
 */
const COMPILED_PHRASES = NARRATIVE_PHRASES.map((phrase) => ({
  phrase,
  patterns: phrase.patterns.map((src) => ({ re: patternOf(src), countFirst: src.startsWith('{N}') })),
  terms: phrase.paths.map((path): Term => {
    const [t, r, c] = path.split('.');
    return { path, t, r, c };
  }),
}));

/** A table path of a phrase, split into table, row and column once. */
interface Term {
  path: string;
  t: string;
  r: string;
  c: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The agency's name and shorter forms (its suffixes of three or more characters; 人民政府 → 政府). */
function agencyForms(agency: string | null): string[] {
  if (!agency) return [];
  const names = new Set([agency, agency.replace(/人民政府/g, '政府')]);
  const out = new Set<string>();
  for (const n of names) for (let i = 0; i + 3 <= n.length; i++) out.add(n.slice(i));
  return [...out];
}

function scopeRegex(agency: string | null): RegExp {
  const words = [...agencyForms(agency).map(escape), ...NARRATIVE_SCOPE_WORDS].sort((a, b) => b.length - a.length);
  return new RegExp(`^(?:${words.join('|')})`);
}

/** Does the clause prefix hold only time, scope, quantifier words and the agency's name? */
function knownScope(prefix: string, scope: RegExp): boolean {
  let rest = prefix.replace(/[、\s"“”'‘’]/g, '');
  for (;;) {
    if (rest === '') return true;
    const m = scope.exec(rest);
    if (!m || m[0] === '') return false;
    rest = rest.slice(m[0].length);
  }
}

const YEAR_MENTION = /(\d{4})年|(上一?年度?|去年|前年|往年)(?!度?结转)/g;
const JOINT_AFTER = /^(?:和|与|及|或|、)(?:行政)?(?:复议|诉讼|起诉)/;

interface Statement {
  phrase: NarrativePhrase;
  /** The phrase's table paths, split. */
  terms: readonly Term[];
  stated: number;
  /** index of the count in the prose */
  at: number;
  sentence: string;
  /** why a differing count is not a fail (unknown subject), if so */
  scopeNote: string | null;
}

/** The statements of one sentence (`start` its index in the prose). */
function statementsOf(sentence: string, start: number, ctx: NarrativeContext, scope: () => RegExp): Statement[] {
  const out: Statement[] = [];
  const claimed = new Set<number>();
  for (const { phrase, patterns, terms } of COMPILED_PHRASES) {
    if (phrase.layouts && !phrase.layouts.includes(ctx.layout)) continue;
    if (phrase.sentenceHas && !sentence.includes(phrase.sentenceHas)) continue;
    for (const { re, countFirst } of patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(sentence); m !== null; m = re.exec(sentence)) {
        const n = m.groups!.n;
        const at = m.index + m[0].lastIndexOf(n + '件', m[0].length);
        const nAt = countFirst ? m.index : at;
        if (claimed.has(nAt)) continue;
        const stated = parseCount(n);
        if (stated === null) continue;
        if (phrase.after && !afterThese(sentence.slice(0, m.index), phrase.after)) continue;
        // a rejected reading leaves the count to the other phrases (不予处理1件 is not 处理1件)
        if (!readable(sentence, m.index, nAt, n, m[0].length, phrase, ctx)) continue;
        claimed.add(nAt);
        const prefix = clausePrefix(sentence, countFirst ? nAt : m.index);
        out.push({ phrase, terms, stated, at: start + nAt, sentence, scopeNote: knownScope(prefix, scope()) ? null : prefix });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Of the words `these` and `others`, is the last one named in `text` one of `these`? */
function afterThese(text: string, after: { these: string[]; others: string[] }): boolean {
  const last = (words: string[]) => Math.max(-1, ...words.map((w) => text.lastIndexOf(w)));
  const these = last(after.these);
  return these >= 0 && these > last(after.others);
}

/** The clause text before `at`: from the last clause delimiter, or from after the last earlier count (`2件、`). */
function clausePrefix(sentence: string, at: number): string {
  let from = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (CLAUSE_DELIMS.test(sentence[i])) {
      from = i + 1;
      break;
    }
  }
  const before = sentence.slice(from, at);
  const lastCount = before.lastIndexOf('件');
  return lastCount >= 0 ? before.slice(lastCount + 1).replace(/^[、和与及]/, '') : before;
}

/** Is the match a statement of the count, read with certainty? (See the module note for what is not.) */
function readable(sentence: string, mStart: number, nAt: number, n: string, mLen: number, phrase: NarrativePhrase, ctx: NarrativeContext): boolean {
  const before = sentence.slice(0, nAt);
  // ranges and decimals: 2-3件, 2至3件, 1.5件, "3 119"
  if (/(?:\d\s?|\d\s?[-~～—–至到.]|[零〇一二两三四五六七八九十百千万][-~～—–至到])$/.test(before)) return false;
  if (NARRATIVE_APPROX_BEFORE.some((w) => before.endsWith(w))) return false;
  const afterCount = sentence.slice(nAt + n.length + 1);
  if (NARRATIVE_APPROX_AFTER.some((w) => afterCount.startsWith(w))) return false;
  // a row of numbers (a table dumped as text: 申请数量30件 4件 0件 … 34件), not a sentence
  if (/^\s?\d/.test(afterCount)) return false;
  const start = Math.min(mStart, nAt);
  const prefix = clausePrefix(sentence, start);
  // a joint count (行政复议、行政诉讼共3件) or one joined to the next (1件…行政复议和行政诉讼)
  if (/(?:[和与或、]|(?<!涉)及)$/.test(prefix)) return false;
  if (nAt === mStart && JOINT_AFTER.test(sentence.slice(mStart + mLen))) return false;
  // a count before its noun whose gap names the other block too (有3件…行政复议和行政诉讼)
  if (nAt === mStart && /[和与或、]|(?<!涉)及|复议|诉讼|起诉/.test(sentence.slice(nAt + n.length + 1, mStart + mLen - 4))) return false;
  // a part: the marker may run into the phrase (不予|处理2件, 其他|处理14件)
  const lead = prefix + sentence.slice(start, nAt);
  if (!phrase.inPart && NARRATIVE_PART_MARKERS.some((w) => lead.includes(w))) return false;
  // a change: the whole clause
  let end = sentence.length;
  for (let i = mStart + mLen; i < sentence.length; i++) {
    if (CLAUSE_DELIMS.test(sentence[i])) {
      end = i;
      break;
    }
  }
  const clause = prefix + sentence.slice(start, end);
  if (NARRATIVE_CHANGE_WORDS.some((w) => clause.includes(w))) return false;
  // another year: the last year named before the statement in its sentence
  let last: RegExpExecArray | null = null;
  for (const y of sentence.slice(0, start).matchAll(YEAR_MENTION)) last = y;
  if (last) {
    if (last[2]) return false;
    if (ctx.year !== null && Number(last[1]) !== ctx.year) return false;
  }
  return true;
}

const MAX_SENTENCE = 240;
const MAX_SCAN = 2000;
/**
 * Only the first 100,000 characters of prose are read: part 一, where reports state their counts,
 * comes first (the corpus's longest prose, a whole page dumped on one line, is ~40,000), and a
 * hostile input of megabytes is not scanned sentence by sentence (3.2 M characters took 2.3 s).
 */
const MAX_PROSE = 100_000;
/** Characters a count is written with: a long sentence is never cut next to one. */
const NUMERALS = /[\d零〇一二两三四五六七八九十百千万件,]/;

const SENTENCE_ENDS = new RegExp(SENTENCE_END.source, 'g');

/**
 * Where the sentence starting at `s` ends (the index of its last character; `text.length` at the
 * end of the text): at 。！？ or a break; a sentence longer than MAX_SCAN characters (a table
 * dumped as text) is cut at the first character from there on that is not next to a numeral.
 * The next break is found by a regular expression search, not by testing every character.
 */
function sentenceEnd(text: string, s: number): number {
  SENTENCE_ENDS.lastIndex = s;
  const end = SENTENCE_ENDS.exec(text)?.index ?? text.length;
  for (let i = s + MAX_SCAN; i < end; i++) if (!NUMERALS.test(text[i]) && !NUMERALS.test(text[i - 1])) return i;
  return end;
}

/** The sentence as reported: whole when short, else the part around the count. */
function shown(sentence: string, nAt: number): string {
  if (sentence.length <= MAX_SENTENCE) return sentence;
  const from = Math.max(0, nAt - MAX_SENTENCE / 2);
  const to = Math.min(sentence.length, from + MAX_SENTENCE);
  return `${from > 0 ? '…' : ''}${sentence.slice(from, to)}${to < sentence.length ? '…' : ''}`;
}

function tableValue(tables: TablesData, terms: readonly Term[]): { value: number | null; missing: string[] } {
  const missing: string[] = [];
  let sum = 0;
  for (const { path, t, r, c } of terms) {
    const v = tables[t]?.[r]?.[c];
    if (v === null || v === undefined) missing.push(path);
    else sum += v;
  }
  return { value: missing.length ? null : sum, missing };
}

function originOf(o: Origin | undefined): Partial<Record<'page' | 'line' | 'paragraph', number>> {
  const out: Partial<Record<'page' | 'line' | 'paragraph', number>> = {};
  for (const k of ['page', 'line', 'paragraph'] as const) if (typeof o?.[k] === 'number') out[k] = o[k];
  return out;
}

/**
 * The narrative checks of a report: one per stated count (a quantity stated twice with the
 * same number gives one check, with the first sentence; with different numbers, one check per
 * number, same id). `tables` are the extracted values; nothing is changed.
 */
export function narrativeChecks(doc: Pick<Doc, 'format' | 'blocks'>, tables: TablesData, ctx: NarrativeContext): CheckResult[] {
  const prose = proseOf(doc, MAX_PROSE);
  // built on the first statement (most sentences state none)
  let scope: RegExp | undefined;
  const scopeOf = () => (scope ??= scopeRegex(ctx.agency));
  const out: CheckResult[] = [];
  const seen = new Set<string>();
  const text = prose.text.slice(0, MAX_PROSE);
  // every statement is a count of 件: sentences without one are walked over, not cut out
  let nextCount = text.indexOf('件');
  for (let s = 0; s <= text.length && nextCount >= 0; ) {
    const i = sentenceEnd(text, s);
    const start = s;
    s = i + 1;
    if (nextCount > i) continue;
    nextCount = text.indexOf('件', s);
    // the sentence with its end, but not a line break
    const sentence = text.slice(start, text.charCodeAt(i) === 10 ? i : Math.min(i + 1, text.length));
    for (const st of statementsOf(sentence, start, ctx, scopeOf)) {
      const id = `N.${st.phrase.quantity}`;
      if (seen.has(`${id}=${st.stated}`)) continue;
      seen.add(`${id}=${st.stated}`);
      const { value, missing } = tableValue(tables, st.terms);
      const base = { id, expected: st.stated, actual: value, text: shown(st.sentence, st.at - start).trim(), ...originOf(originAt(prose, st.at)) };
      if (value === null) out.push({ ...base, status: 'uncertain', missing });
      else if (value === st.stated) out.push({ ...base, status: 'pass' });
      else if (st.scopeNote !== null) out.push({ ...base, status: 'uncertain', note: `the clause names another subject or qualifier before the count (${st.scopeNote}): it may not be the report's own total` });
      else if (!st.sentence.includes('公开')) out.push({ ...base, status: 'uncertain', note: 'the sentence does not say it is about 政府信息公开 (办理行政复议案件120件 may be all the review cases an agency handled)' });
      else out.push({ ...base, status: 'fail' });
    }
  }
  return out;
}
