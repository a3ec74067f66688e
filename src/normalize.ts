/**
 * Text normalization for label matching, and parsing of cell values.
 */
import { createRequire } from 'node:module';
import { CONVERTIBLE } from './traditional-chars.js';

let converter: ((s: string) => string) | null = null;
/**
 * The OpenCC converter (`tw` → `cn`), loaded and built on first need: its import and dictionaries
 * cost ≈ 25 ms, once per process. The t2cn build of opencc-js: the same tw → cn dictionaries as
 * the full package, a tenth of its size to load (its CommonJS build, so that it loads synchronously).
 */
function openccConverter(): (s: string) => string {
  const OpenCC = createRequire(import.meta.url)('opencc-js/t2cn') as typeof import('opencc-js/t2cn');
  return OpenCC.Converter({ from: 'tw', to: 'cn' });
}
/**
 * OpenCC tw → cn. A string with none of the characters the conversion can change (`CONVERTIBLE`,
 * generated from its dictionaries by scripts/gen-traditional-chars.mjs) converts to itself, so it
 * is returned as it is: Simplified text never loads the converter.
 */
const toSimplified = (s: string): string => (CONVERTIBLE.test(s) ? (converter ??= openccConverter())(s) : s);

/** Traditional → Simplified characters only (OpenCC `tw` → `cn`, phrases included), without the vocabulary step of `simplify`. */
export function simplifyScript(s: string): string {
  return toSimplified(s);
}

/** Traditional-script vocabulary that character conversion leaves behind (Taiwan usage → mainland). */
const VOCABULARY: [RegExp, string][] = [
  [/档案/g, '文件'],
  [/资讯/g, '信息'],
];

/** Convert Traditional characters (and Taiwan vocabulary) to Simplified. */
export function simplify(s: string): string {
  let out = toSimplified(s);
  for (const [re, rep] of VOCABULARY) out = out.replace(re, rep);
  return out;
}

/** NFKC folds full-width ASCII (（ ） ０-９ ： ，) to half-width; also unify dashes and quotes. */
export function fold(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[“”„‟"'‘’「」『』〝〞]/g, '')
    .replace(/[‐‑‒–—―─━－]/g, '-');
}

/**
 * Normalized text with a source map: `norm[i]` came from `raw[map[i]]` (a character that
 * normalizes to several, e.g. `㈠` → `(一)`, maps each of them to the same place).
 */
export interface Normalized {
  norm: string;
  map: number[];
}

/**
 * Unicode format characters (general category Cf): bidi marks and embeddings (U+200E/F,
 * U+202A–202E, U+2066–2069), soft hyphen U+00AD, zero-width space, joiners and non-joiners
 * (U+200B–200D), word joiner U+2060, a BOM U+FEFF inside text, … Invisible when printed, so a
 * reader sees `1\u200B2` as 12: the normaliser drops them (labels, and numbers through `squash`
 * and `parseValue`); raw text keeps them.
 */
export const FORMAT_CHARS = /\p{Cf}/gu;

/** `s` without its format characters (category Cf, see `FORMAT_CHARS`). */
export function dropFormatChars(s: string): string {
  return s.replace(FORMAT_CHARS, '');
}

const WHITESPACE = /[\s\u3000\u00a0\p{Cf}]/gu;
const charCache = new Map<string, string>();
/** One (simplified) character through width folding, quotes, dashes and whitespace. */
function normChar(ch: string): string {
  const hit = charCache.get(ch);
  if (hit !== undefined) return hit;
  const r = fold(ch).replace(WHITESPACE, '');
  if (charCache.size < 100_000) charCache.set(ch, r);
  return r;
}

/** Enumeration punctuation after a one- or two-digit number (`1、` `1．` `1,` `1:`) becomes `1.`. */
const ENUM_PUNCT = /(^|[^0-9])([0-9]{1,2})[、,.:]/g;

/**
 * THE normalizer: every matcher of labels, headings and markers compares normalized text, and
 * text is normalized only here. Steps, each keeping the map back to `raw`:
 * 1. Traditional → Simplified (OpenCC tw → cn, phrases included);
 * 2. Taiwan vocabulary → mainland (`檔案` → `档案` → `文件`, `資訊` → `信息`);
 * 3. NFKC (full-width ASCII and digits to half-width), quotes removed, dashes unified,
 *    whitespace of every kind (incl. U+3000, NBSP) and format characters (category Cf: bidi
 *    marks, soft hyphen, zero-width space and joiners, word joiner, BOM) removed;
 * 4. enumeration punctuation unified (`1、` `1．` `1,` → `1.`).
 * Use `.norm` to compare and `.map` to cut the raw text at a match.
 */
export function normalize(raw: string): Normalized {
  // 1. script: phrase-aware conversion of the whole text (`反覆` → `反复`) when it keeps every
  //    position (it does for Traditional → Simplified), else character by character
  let simp = toSimplified(raw);
  let smap: number[] = [];
  if (simp.length === raw.length) {
    for (let i = 0; i < raw.length; i++) smap.push(i);
  } else {
    simp = '';
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      const ch = code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length ? raw.slice(i, i + 2) : raw[i];
      const out = ch.length === 1 && code < 0x80 ? ch : toSimplifiedChar(ch);
      simp += out;
      for (let k = 0; k < out.length; k++) smap.push(i);
      i += ch.length - 1;
    }
  }
  // 2. vocabulary (replacements of equal length keep the map; others map to the match's start)
  for (const [re, rep] of VOCABULARY) {
    if (!re.test(simp)) continue;
    re.lastIndex = 0;
    let next = '';
    const nmap: number[] = [];
    let last = 0;
    for (const m of simp.matchAll(re)) {
      const at = m.index!;
      next += simp.slice(last, at) + rep;
      nmap.push(...smap.slice(last, at));
      for (let k = 0; k < rep.length; k++) nmap.push(smap[at + Math.min(k, m[0].length - 1)]);
      last = at + m[0].length;
    }
    next += simp.slice(last);
    nmap.push(...smap.slice(last));
    simp = next;
    smap = nmap;
  }
  // 3. width, quotes, dashes, whitespace, per character
  const chars: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < simp.length; i++) {
    const code = simp.charCodeAt(i);
    const ch = code >= 0xd800 && code <= 0xdbff && i + 1 < simp.length ? simp.slice(i, i + 2) : simp[i];
    const out = code < 0x80 && !/[\s"']/.test(ch) ? ch : normChar(ch);
    for (const o of out) {
      chars.push(o);
      map.push(smap[i]);
    }
    i += ch.length - 1;
  }
  // 4. enumeration punctuation (same length: the map is unchanged)
  let norm = chars.join('');
  if (/[0-9][、,.:]/.test(norm)) {
    norm = norm.replace(ENUM_PUNCT, '$1$2.');
  }
  return { norm, map };
}

const simpCache = new Map<string, string>();
function toSimplifiedChar(ch: string): string {
  const hit = simpCache.get(ch);
  if (hit !== undefined) return hit;
  const r: string = toSimplified(ch);
  if (simpCache.size < 100_000) simpCache.set(ch, r);
  return r;
}

/** The normalized form of a label (`normalize(s).norm`), memoized: labels repeat across rows, tables and documents. */
export function normLabel(s: string): string {
  const hit = labelCache.get(s);
  if (hit !== undefined) return hit;
  const out = normalize(s).norm;
  if (s.length <= 200) {
    if (labelCache.size >= 50_000) labelCache.clear();
    labelCache.set(s, out);
  }
  return out;
}

/** Labels repeat across rows, tables and documents: normalizing is memoized (bounded). */
const labelCache = new Map<string, string>();

/** Chinese numerals of enumerations (一 … 十). */
export const CN_NUMERAL = '[一二三四五六七八九十]';

/**
 * The enumeration styles a template label starts with, on normalized text: `cn` 一、,
 * `paren` (一), `paren_digit` (1), `num` 1. — the one set of enumeration patterns.
 */
const ENUMERATIONS: [EnumerationKind, RegExp][] = [
  ['cn', new RegExp(`^${CN_NUMERAL}+[、.,]`)],
  ['paren', new RegExp(`^\\(${CN_NUMERAL}+\\)`)],
  ['paren_digit', /^\([0-9]+\)/],
  ['num', /^[0-9]{1,2}\./],
];
export type EnumerationKind = 'cn' | 'paren' | 'paren_digit' | 'num';

/** The leading enumeration of a normalized label (its style and text), or null. */
export function enumerationOf(normalized: string): { kind: EnumerationKind; text: string } | null {
  for (const [kind, re] of ENUMERATIONS) {
    const m = re.exec(normalized);
    if (m) return { kind, text: m[0] };
  }
  return null;
}

/** Strip the leading enumeration of a normalized label: `一、` `(一)` `(1)` `1.`. */
export function stripEnum(normalized: string): string {
  const e = enumerationOf(normalized);
  return e ? normalized.slice(e.text.length) : normalized;
}

// ----------------------------------------------------------------- values

export type CellKind = 'number' | 'blank' | 'dash' | 'text' | 'absent' | 'unreadable';

export interface ParsedValue {
  kind: CellKind;
  value: number | null;
  /** Decimal string as printed (for exact comparison of decimals). */
  decimal?: string;
  /** Set when the cell held more than a number (a note, a unit). */
  note?: string;
}

const DASHES = new Set(['/', '-', '--', '—', '——', '-', '／', '无', '不适用', '無', '\\', '×', 'x', 'X', '－', '―', '─']);

/** Remove whitespace of every kind, including U+3000 and NBSP, and format characters (category Cf: bidi marks, soft hyphen, zero-width characters). */
export function squash(s: string): string {
  return s.replace(/[\s\u3000\u00a0\p{Cf}]+/gu, '');
}

/**
 * Parse the raw text of a value cell.
 * - blank: empty or only whitespace (incl. U+3000, &nbsp;)
 * - dash: / - — -- ／ 无 不适用
 * - number: digits with optional sign, thousands separators, decimals, full-width digits;
 *   a trailing unit (元 万元 件 个 项 条) or a note in brackets gives the number plus `note`.
 * - text: anything else.
 */
export function parseValue(raw: string, opts: { signed?: boolean; decimal?: boolean } = {}): ParsedValue {
  const s = squash(raw.normalize('NFKC'));
  if (s === '') return { kind: 'blank', value: null };
  if (DASHES.has(s) || /^[-—/／\\]+$/.test(s)) return { kind: 'dash', value: null };
  const m = /^([+-]?)((?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?)(.*)$/.exec(s);
  if (!m) return { kind: 'text', value: null };
  const [, sign, numText, rest] = m;
  const plain = numText.replace(/[,，]/g, '');
  if (sign === '-' && !opts.signed) return { kind: 'text', value: null, note: s };
  if (plain.includes('.') && !opts.decimal) {
    // a decimal in an integer cell is not a count we can trust
    return { kind: 'text', value: null, note: s };
  }
  const value = Number((sign === '-' ? '-' : '') + plain);
  if (!Number.isFinite(value)) return { kind: 'text', value: null };
  const decimal = (sign === '-' ? '-' : '') + plain;
  if (rest === '') return { kind: 'number', value, decimal };
  if (/^(?:元|万元|件|个|项|条|次|人)$/.test(rest)) return { kind: 'number', value, decimal, note: rest };
  if (/^[(（\[【]/.test(rest)) return { kind: 'number', value, decimal, note: rest };
  return { kind: 'text', value: null, note: s };
}
