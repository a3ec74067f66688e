/**
 * The glued-digit solver: a run of digits printed without cell separators
 * (`640020470` for seven cells) → every way to split it into the cells.
 *
 * Pure and table-agnostic: the caller supplies the column count (with each
 * column's number type) and an optional predicate (the identities that must
 * hold); the solver returns every admissible split. It never chooses between
 * candidates: a run is read only when exactly one candidate survives.
 *
 * Rules for one part (cell):
 * - a non-negative integer without leading zeros (`0` alone is fine);
 * - a decimal `123.45` only in a decimal column (the `.` and its fraction stay
 *   in that cell); a leading `-` only in a signed column;
 * - a unit written after the last digits of a segment (`元`, `万元`) stays on
 *   the last part of that segment's raw text.
 *
 * Boundaries: a tab (or an explicit segment) is a hard cell boundary; spaces
 * are ignored, i.e. a space may or may not be a boundary (scraper dumps put
 * stray spaces inside rows, and also glue neighbouring cells).
 */
import { MONEY_UNITS } from '../template.js';

export interface ColumnSpec {
  decimal?: boolean;
  signed?: boolean;
}

/** One hard segment of a run: digits to be split into ≥ 1 cells, or one fixed cell (e.g. an empty tab cell). */
export type Segment = { kind: 'digits'; text: string; unit?: string } | { kind: 'cell'; raw: string };

export interface SplitOptions {
  /** Keep a candidate only if this holds for its numeric values (null for fixed non-numeric cells). */
  accept?: (values: (number | null)[], parts: string[]) => boolean;
  /** Stop enumerating after this many raw splits (the result is then `truncated`). Default 200 000. */
  limit?: number;
}

export interface Candidate {
  /** Raw text of each cell, in column order. */
  parts: string[];
  /** Numeric value of each cell (null for a fixed non-numeric cell). */
  values: (number | null)[];
}

export interface SplitResult {
  candidates: Candidate[];
  /** Number of splits enumerated before the predicate (all well-formed splits). */
  enumerated: number;
  truncated: boolean;
}

/** A money unit printed after the last number of a run (template MONEY_UNITS, longest first). */
const UNIT_RE = new RegExp(`(${[...MONEY_UNITS].sort((a, b) => b.length - a.length).join('|')})$`);
/**
 * Longest cell a split may produce (digits, sign and decimal point included). The largest
 * printed values are 7-digit counts and amounts like 75394432.52 (元); a cell longer than
 * this is not a table value, and the bound keeps the enumeration polynomial on hostile
 * runs (a 300-digit run into 7 cells has ~10^12 unbounded splits).
 */
export const MAX_PART_CHARS = 16;
const PART_RE = /^(-?)(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * Cut a run into hard segments: tabs separate segments; spaces (incl. U+3000,
 * NBSP) are dropped. Returns null if the run holds anything but digits, a
 * decimal point, a minus sign, spaces/tabs and a trailing unit per segment.
 */
export function runSegments(run: string): Segment[] | null {
  const folded = run.normalize('NFKC');
  const out: Segment[] = [];
  const pieces = folded.split('\t');
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i].replace(/[\s\u3000\u00a0]+/g, '');
    if (p === '') {
      // an empty cell between tabs is a real (blank) cell; empty edges of the run are not
      if (pieces.length > 1 && i > 0 && i < pieces.length - 1) out.push({ kind: 'cell', raw: '' });
      continue;
    }
    const m = UNIT_RE.exec(p);
    const body = m ? p.slice(0, -m[1].length) : p;
    if (!/^[0-9.\-]+$/.test(body) || !/[0-9]/.test(body)) return null;
    out.push(m ? { kind: 'digits', text: body, unit: m[1] } : { kind: 'digits', text: body });
  }
  return out;
}

function partValue(part: string, col: ColumnSpec): number | null | undefined {
  const m = PART_RE.exec(part);
  if (!m) return undefined;
  if (m[1] === '-' && !col.signed) return undefined;
  if (m[1] === '-' && m[2] === '0' && !m[3]) return undefined; // "-0" is not a printed number
  if (m[3] && !col.decimal) return undefined;
  return Number(part);
}

/**
 * Every split of the segments into `columns.length` cells that obeys the part
 * rules (and `accept`, when given).
 */
export function enumerateSplits(segments: Segment[], columns: ColumnSpec[], opts: SplitOptions = {}): SplitResult {
  const limit = opts.limit ?? 200_000;
  const n = columns.length;
  const candidates: Candidate[] = [];
  let enumerated = 0;
  let truncated = false;
  const parts: string[] = [];
  const values: (number | null)[] = [];

  // minimum number of cells the segments from index s on need
  const minCells = (s: number) => segments.length - s;
  // maximum number of cells the segments from index s on can give
  const maxFrom: number[] = new Array(segments.length + 1).fill(0);
  for (let s = segments.length - 1; s >= 0; s--) {
    const seg = segments[s];
    maxFrom[s] = maxFrom[s + 1] + (seg.kind === 'cell' ? 1 : seg.text.replace(/[.\-]/g, '').length);
  }

  const emit = () => {
    enumerated++;
    if (!opts.accept || opts.accept(values, parts)) candidates.push({ parts: [...parts], values: [...values] });
    if (enumerated >= limit) truncated = true;
  };

  // walk segment s from character offset pos, filling column c
  const walk = (s: number, pos: number, c: number): void => {
    if (truncated) return;
    if (s === segments.length) {
      if (c === n) emit();
      return;
    }
    const remainingCols = n - c;
    if (remainingCols < minCells(s)) return;
    const seg = segments[s];
    if (seg.kind === 'cell') {
      parts.push(seg.raw);
      values.push(null);
      walk(s + 1, 0, c + 1);
      parts.pop();
      values.pop();
      return;
    }
    const text = seg.text;
    // cells still needed after this segment are at least (segments left after s)
    if (remainingCols > maxFrom[s + 1] + text.length - pos) return;
    // and the cells left can hold at most MAX_PART_CHARS characters each
    if (text.length - pos > remainingCols * MAX_PART_CHARS) return;
    for (let end = pos + 1; end <= Math.min(text.length, pos + MAX_PART_CHARS); end++) {
      const last = end === text.length;
      // the rest of this segment cannot start with '.'
      if (!last && text[end] === '.') continue;
      const piece = text.slice(pos, end);
      const v = partValue(piece, columns[c]);
      if (v === undefined) {
        // a longer piece may still be valid only if this one failed for lack of fraction digits
        if (/^-?(0|[1-9][0-9]*)(\.[0-9]*)?$/.test(piece) || piece === '-') continue;
        break;
      }
      parts.push(last && seg.unit ? piece + seg.unit : piece);
      values.push(v);
      if (last) walk(s + 1, 0, c + 1);
      else walk(s, end, c + 1);
      parts.pop();
      values.pop();
      if (truncated) return;
    }
  };
  walk(0, 0, 0);
  return { candidates, enumerated, truncated };
}

/** Convenience: split a raw run (tabs = hard boundaries, spaces ignored). Null if the run is not a digit run. */
export function splitRun(run: string, columns: ColumnSpec[] | number, opts: SplitOptions = {}): SplitResult | null {
  const segs = runSegments(run);
  if (!segs || segs.length === 0) return null;
  const cols = typeof columns === 'number' ? Array.from({ length: columns }, () => ({})) : columns;
  return enumerateSplits(segs, cols, opts);
}

/** Predicate: values[total] = sum of values[parts] (false when any term is null). */
export function sumIs(total: number, parts: number[]): (values: (number | null)[]) => boolean {
  return (values) => {
    const t = values[total];
    if (t === null || t === undefined) return false;
    let s = 0;
    for (const p of parts) {
      const v = values[p];
      if (v === null || v === undefined) return false;
      s += v;
    }
    return s === t;
  };
}
