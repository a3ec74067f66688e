/**
 * Text normalization for label matching, and parsing of cell values.
 */
import * as OpenCC from 'opencc-js';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

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
 * Normalize a label for comparison: Traditional → Simplified, full/half width
 * folded, quotes and all whitespace removed, enumeration punctuation unified
 * (`1、` `1．` `1,` → `1.`).
 */
export function normLabel(s: string): string {
  const hit = labelCache.get(s);
  if (hit !== undefined) return hit;
  const out = fold(simplify(s))
    .replace(/\s+/g, '')
    .replace(/(^|[^0-9])([0-9]{1,2})[、,.:]/g, '$1$2.');
  if (s.length <= 200) {
    if (labelCache.size >= 50_000) labelCache.clear();
    labelCache.set(s, out);
  }
  return out;
}

/** Labels repeat across rows, tables and documents: normalizing is memoized (bounded). */
const labelCache = new Map<string, string>();

/** Strip the leading enumeration of a normalized label: `一、` `(一)` `1.` `(1)`. */
export function stripEnum(normalized: string): string {
  return normalized.replace(/^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十0-9]+\)|[0-9]{1,2}\.)/, '');
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

/** Remove whitespace of every kind, including U+3000 and NBSP. */
export function squash(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '');
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
