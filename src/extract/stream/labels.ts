/**
 * Stream step 0: the template's row labels as forms to search for in normalized text.
 * A form is the full label, its core without the enumeration (when long enough) and the
 * aliases; captions (二 block captions, 三 group rows) are forms that only delimit.
 */
import { normalize, normLabel, stripEnum } from '../../normalize.js';
import type { RowDef, TableDef } from '../../template.js';

/** Normalized text with, for every normalized character, its index in the source (the one normalizer). */
export const makeView = normalize;
/** A label's normalized form. */
export const normOf = normLabel;

/** A text to search for: a row's label form, or a caption (row -1, a delimiter only). */
export interface Form {
  text: string;
  /** Row index in def.rows, or -1 for a group / block caption (a delimiter only). */
  row: number;
  /** The row's own enumeration (`2.`, `(一)`) when this form lacks it. */
  missingEnum: string;
}

/** The forms of a row label: full, core without its enumeration (when long enough), aliases. */
export function rowForms(row: RowDef, index: number): Form[] {
  const full = normOf(row.label);
  const core = stripEnum(full);
  const en = full.slice(0, full.length - core.length);
  const out = new Map<string, Form>();
  const add = (text: string, missingEnum: string) => {
    if (text.length >= 2 && !out.has(text)) out.set(text, { text, row: index, missingEnum });
  };
  add(full, '');
  if (core === full || core.length >= 3) add(core, en);
  for (const a of row.aliases ?? []) {
    const an = normOf(a);
    const ac = stripEnum(an);
    if (ac.length >= 3) add(ac, en);
    if (en) add(en + ac, '');
  }
  return [...out.values()];
}

/** The forms of every row of a table, and its captions as delimiters. */
export function tableForms(def: TableDef): Form[] {
  const forms = def.rows.flatMap((r, i) => rowForms(r, i));
  for (const g of def.captions) {
    const n = normOf(g);
    if (!forms.some((f) => f.text === n)) forms.push({ text: n, row: -1, missingEnum: '' });
  }
  return forms;
}

/** A label found in normalized text: [start, end) and the row it names (-1: a caption). */
export interface Match {
  start: number;
  end: number;
  row: number;
}

/** All non-overlapping label occurrences in a normalized string, longest first, then in text order. */
export function findLabels(norm: string, forms: Form[]): Match[] {
  const all: (Match & { len: number; form: Form })[] = [];
  for (const f of forms) {
    let at = norm.indexOf(f.text);
    while (at >= 0) {
      all.push({ start: at, end: at + f.text.length, row: f.row, len: f.text.length, form: f });
      at = norm.indexOf(f.text, at + 1);
    }
  }
  all.sort((a, b) => b.len - a.len || a.start - b.start);
  const used = new Uint8Array(norm.length);
  const picked: Match[] = [];
  for (const m of all) {
    let free = true;
    for (let i = m.start; i < m.end; i++) if (used[i]) { free = false; break; }
    if (!free) continue;
    let start = m.start;
    // the row's own enumeration printed just before a core-only match belongs to the label
    const en = m.form.missingEnum;
    if (en && norm.slice(start - en.length, start) === en) {
      let ok = true;
      for (let i = start - en.length; i < start; i++) if (used[i]) ok = false;
      if (ok) start -= en.length;
    }
    for (let i = start; i < m.end; i++) used[i] = 1;
    picked.push({ start, end: m.end, row: m.row });
  }
  return picked.sort((a, b) => a.start - b.start);
}

