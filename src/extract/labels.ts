/**
 * Label matching against the template: exact after normalization first,
 * then known aliases, then a fuzzy score (character-bigram Dice) with a
 * margin over the runner-up. Every fuzzy match is reported by the caller.
 */
import { normLabel, stripEnum } from '../normalize.js';
import type { ColumnDef } from '../template.js';

export interface LabelMatch<T> {
  def: T;
  score: number;
  /** How the match was made. */
  how: 'exact' | 'alias' | 'fuzzy';
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  if (s.length === 1) out.push(s);
  return out;
}

/** Dice coefficient over character bigrams (multiset). */
export function dice(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const A = bigrams(a);
  const B = bigrams(b);
  const counts = new Map<string, number>();
  for (const x of A) counts.set(x, (counts.get(x) ?? 0) + 1);
  let inter = 0;
  for (const x of B) {
    const c = counts.get(x) ?? 0;
    if (c > 0) {
      inter++;
      counts.set(x, c - 1);
    }
  }
  return (2 * inter) / (A.length + B.length);
}

/** The forms of a label to compare against: full, without enumeration, without a bracketed note. */
export function labelForms(label: string): string[] {
  const n = normLabel(label);
  const s = stripEnum(n);
  const noNote = s.replace(/\(.*\)$/, '');
  return [...new Set([n, s, noNote].filter(Boolean))];
}

function defForms(d: { label: string; aliases?: string[] }): { forms: string[]; aliasForms: string[] } {
  return {
    forms: labelForms(d.label),
    aliasForms: (d.aliases ?? []).flatMap((a) => labelForms(a)),
  };
}

const formCache = new WeakMap<object, { forms: string[]; aliasForms: string[] }>();
function cachedForms(d: { label: string; aliases?: string[] }) {
  let f = formCache.get(d);
  if (!f) {
    f = defForms(d);
    formCache.set(d, f);
  }
  return f;
}

/**
 * Match a printed label against candidate definitions.
 * `minScore` is the fuzzy threshold, `margin` how far the best fuzzy score must
 * lead the runner-up.
 */
export function matchLabel<T extends { label: string; aliases?: string[] }>(
  text: string,
  defs: readonly T[],
  opts: { minScore?: number; margin?: number; allowFuzzy?: boolean } = {},
): LabelMatch<T> | null {
  const { minScore = 0.62, margin = 0.12, allowFuzzy = true } = opts;
  const forms = labelForms(text);
  if (forms.length === 0) return null;
  for (const d of defs) {
    const f = cachedForms(d);
    if (forms.some((x) => f.forms.includes(x))) return { def: d, score: 1, how: 'exact' };
  }
  for (const d of defs) {
    const f = cachedForms(d);
    if (forms.some((x) => f.aliasForms.includes(x))) return { def: d, score: 1, how: 'alias' };
  }
  if (!allowFuzzy) return null;
  const scored = defs
    .map((d) => {
      const f = cachedForms(d);
      let best = 0;
      for (const x of forms) for (const y of [...f.forms, ...f.aliasForms]) best = Math.max(best, dice(x, y));
      return { d, s: best };
    })
    .sort((a, b) => b.s - a.s);
  const [first, second] = scored;
  if (!first || first.s < minScore) return null;
  if (second && first.s - second.s < margin) return null;
  return { def: first.d, score: first.s, how: 'fuzzy' };
}

/** Exact (normalized) equality with a column label or one of its aliases. */
export function isColumnLabel(text: string, col: ColumnDef): boolean {
  const n = normLabel(text);
  if (!n) return false;
  const f = cachedForms(col);
  return f.forms.includes(n) || f.aliasForms.includes(n);
}

