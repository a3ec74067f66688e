/**
 * Report metadata: title, agency, the year reported on, publication date.
 */
import type { Block } from '../model.js';
import { dropFormatChars, simplify } from '../normalize.js';

export interface Meta {
  title: string | null;
  agency: string | null;
  year: number | null;
  published: string | null;
}

/** The names of a disclosure report (政府信息公开工作年度报告, …): a title line holds one; evidence.ts looks for one in any text. */
export const REPORT_NAME_RE = /政府信息公开(?:工作)?年度报告|政务公开工作年度报告|信息公开年报/;
const TITLE_RE = REPORT_NAME_RE;
const CN_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 'Ｏ': '0', 'O': '0', '○': '0' };

function cnYear(s: string): string {
  return s.replace(/[〇零一二三四五六七八九○ＯO]/g, (c) => CN_DIGITS[c] ?? c);
}

function clean(s: string): string {
  return s.normalize('NFKC').replace(/^[#\s*]+/, '').replace(/\s+/g, '').replace(/^(?:标题|標題)[:：]/, '');
}

/** The last characters of a publishing body's name (人民政府, 教育局, 委员会, 办公室, 法院, 文化馆, …): a title's agency line, a signature line. */
const ORGAN_SUFFIX = '(?:政府|局|委员会|委|办公室|办|厅|院|部|中心|署|会|所|处|室|馆|站|队)';
const AGENCY_END = new RegExp(`${ORGAN_SUFFIX}$`);
/** A signature line's text before its date names a body or a place (…区, …县, …市, …省). */
const SIGNATURE_NAME = new RegExp(`${ORGAN_SUFFIX}|区|县|市|省`);

/**
 * A title line that starts with its year (`2024年政府信息公开工作年度报告`) under a line holding
 * only the agency (`淮安市人民政府`: a title set over two lines, seen on OCR'd scans where each
 * line is read apart): the two lines joined, when the line above is short, has no digit and ends
 * like a body's name; otherwise the title line alone.
 */
function withAgencyLine(title: string, above: string | null): string {
  if (!above || parseTitle(title).agency !== null) return title;
  if (above.length > 40 || /\d/.test(above) || !AGENCY_END.test(simplify(above))) return title;
  const joined = above + title;
  return parseTitle(joined).agency !== null ? joined : title;
}

export function findTitle(blocks: Block[]): string | null {
  const texts = blocks.filter((b) => b.kind === 'text').slice(0, 200) as { text: string }[];
  // a title line: short, names the report
  for (const [i, b] of texts.entries()) {
    const t = clean(b.text);
    if (t.length <= 80 && TITLE_RE.test(simplify(t)) && /\d{4}|[〇零一二三四五六七八九]{4}/.test(t)) return withAgencyLine(t, i > 0 ? clean(texts[i - 1].text) : null);
  }
  // a title wrapped over two or three lines (PDF conversions)
  for (let i = 0; i < Math.min(texts.length, 30); i++) {
    let t = clean(texts[i].text);
    if (!/\d{4}|[〇零一二三四五六七八九]{4}/.test(t) || t.length > 60) continue;
    for (let k = 1; k <= 2 && i + k < texts.length; k++) {
      t += clean(texts[i + k].text);
      if (t.length <= 80 && TITLE_RE.test(simplify(t)) && /\d{4}|[〇零一二三四五六七八九]{4}/.test(t)) return t;
    }
  }
  for (const b of texts) {
    const m = /([^。；;，,\s]{2,40}?(?:\d{4}|[〇零一二三四五六七八九]{4})年度?[^。；;，,\s]{0,10}?政府信息公开(?:工作)?年度报告)/.exec(simplify(clean(b.text)));
    if (m) return m[1];
  }
  return null;
}

export function parseTitle(title: string | null): { agency: string | null; year: number | null } {
  if (!title) return { agency: null, year: null };
  const t = cnYear(title);
  const st = simplify(t);
  const ym = /(\d{4})\s*年度?/.exec(t);
  const year = ym ? Number(ym[1]) : null;
  let agency: string | null = null;
  if (ym) {
    const before = t.slice(0, ym.index).replace(/[《》“”"]/g, '').trim();
    // cut at the report name, found in the Simplified form (same length for character conversion)
    const rest = t.slice(ym.index + ym[0].length);
    const cut = st.length === t.length ? st.slice(ym.index + ym[0].length).search(/政府信息公开|政务公开/) : -1;
    const after = (cut >= 0 ? rest.slice(0, cut) : rest.replace(/(?:政府信息公开|政务公开).*$/, '')).trim();
    agency = before || after || null;
  }
  if (agency) agency = agency.replace(/关于$|的$/, '') || null;
  return { agency, year: year && year >= 2000 && year <= 2100 ? year : null };
}

const DATE_RE = /(\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日/g;

function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const map: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (map[s[1]] ?? 0);
  if (s.includes('十')) return (map[s[0]] ?? 0) * 10 + (map[s[2]] ?? 0);
  return map[s] ?? NaN;
}

function isoDate(y: string, m: string, d: string): string | null {
  const year = Number(cnYear(y));
  const month = cnNumber(m);
  const day = cnNumber(d);
  if (!(year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The dated line at the end of the report (`2025年2月20日`), else a `发布时间` header. */
export function findPublished(blocks: Block[]): string | null {
  const texts = blocks.filter((b) => b.kind === 'text') as { text: string }[];
  // a short line that ends with a date: the signature line (agency + date) at the end of the report
  for (let i = texts.length - 1; i >= 0; i--) {
    const t = texts[i].text.normalize('NFKC').replace(/\s+/g, '');
    // (a date holds 日: lines without one are passed over before the regex search)
    if (t.length > 60 || !t.includes('日')) continue;
    const all = [...t.matchAll(DATE_RE)];
    const m = all[all.length - 1];
    if (m && t.endsWith(m[0].replace(/\s+/g, '')) && (t.length === m[0].length || SIGNATURE_NAME.test(t.slice(0, m.index)))) {
      const iso = isoDate(m[1], m[2], m[3]);
      if (iso) return iso;
    }
  }
  for (let i = texts.length - 1; i >= Math.max(0, texts.length - 12); i--) {
    const t = texts[i].text.normalize('NFKC');
    if (!t.includes('日')) continue;
    const all = [...t.slice(-200).matchAll(DATE_RE)];
    const m = all[all.length - 1];
    if (m && t.slice(-200).trim().endsWith(m[0].trim())) {
      const iso = isoDate(m[1], m[2], m[3]);
      if (iso) return iso;
    }
  }
  for (const b of texts.slice(0, 30)) {
    const m = /发布(?:时间|日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})/.exec(b.text);
    if (m) return isoDate(m[1], m[2], m[3]);
  }
  return null;
}

/** The statistical period stated in the preamble: 统计期限自2023年1月1日起至2023年12月31日止. */
export function periodYear(blocks: Block[]): number | null {
  for (const b of blocks.slice(0, 400)) {
    if (b.kind !== 'text') continue;
    const m = /(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日/.exec(b.text.normalize('NFKC'));
    if (m && (m[2] === undefined || m[1] === m[2])) return Number(m[1]);
  }
  return null;
}

export function readMeta(all: Block[]): Meta {
  // format characters (bidi marks, soft hyphens, zero-width spaces) are not printed: not part of the title or a date
  const blocks = all.map((b) => (b.kind === 'text' && /\p{Cf}/u.test(b.text) ? { ...b, text: dropFormatChars(b.text) } : b));
  const title = findTitle(blocks);
  const parsed = parseTitle(title);
  return { title, agency: parsed.agency, year: parsed.year ?? periodYear(blocks), published: findPublished(blocks) };
}
