/**
 * Stream step 1: records. Every tab line is one record (its label cells + its value cells);
 * consecutive text lines are joined and searched for the row labels of the template; the text
 * between one label and the next holds that row's value run. A label whose run cannot hold the
 * row is recorded without values (a detached label).
 */
import type { Origin } from '../../model.js';
import { parseValue } from '../../normalize.js';
import { MONEY_UNITS, type TableDef } from '../../template.js';
import { runSegments } from '../glued.js';
import { DETACHED_MARK } from '../notes.js';
import { splitCountUnit } from '../units.js';
import type { TextLine } from '../types.js';
import { findLabels, makeView, normOf, type Form, type Match } from './labels.js';

/** Values of a record: tab cells (hard boundaries) or a flowing run. */
export type Values = { kind: 'cells'; cells: string[] } | { kind: 'run'; run: string };

/** A record: a row label (when one names the row) and the values printed with it (null: a detached label). */
export interface Rec {
  /** Row index when a label names the row. */
  row: number | null;
  /** Label text printed with the values (normalized), when any. */
  label: string;
  values: Values | null;
  origin: Origin;
}

const DIGIT = '[0-9０-９]';
/** Money units, longest first, as a regex alternation. */
const UNITS = [...MONEY_UNITS].sort((a, b) => b.length - a.length).join('|');
/** Is this cell note a money unit (元, 万元: dropped from the value, kept in raw)? */
export const isMoneyUnit = (s: string | undefined) => (MONEY_UNITS as readonly string[]).includes(s ?? '');
/** A run of digits as printed: digits, decimal point, thousands commas, single spaces between numbers, a trailing money unit. */
export const RUN_RE = new RegExp(
  `-?${DIGIT}(?:${DIGIT}|[.．](?=${DIGIT})|[,，](?=${DIGIT}{3}(?!${DIGIT}))|[ \\t\\u3000\\u00a0]+(?=-?${DIGIT})|-(?=${DIGIT}))*(?:${UNITS})?`,
  'g',
);

/** Can this tab cell be a value (a number, possibly with a money unit; a dash; a run of digits)? */
export function isValueCell(c: string): boolean {
  if (c === '') return false;
  if (c === DETACHED_MARK) return true; // an empty cell a detached value may belong to
  const p = parseValue(c, { signed: true, decimal: true });
  if (p.kind === 'number' && p.note === undefined) return true;
  if (p.kind === 'number' && isMoneyUnit(p.note)) return true;
  if (p.kind === 'number' && /^[(（[【]/.test(p.note ?? '')) return true; // `22（其中修订16件）`
  if (p.kind === 'dash') return true;
  const count = p.kind === 'text' ? splitCountUnit(c) : null;
  if (count && /^[0-9]+$/.test(count.number)) return true; // `2笔`
  return runSegments(c) !== null && /^[0-9０-９\s\u3000.．]+$/.test(c);
}

/** A CJK character (labels have them, values do not). */
export const CJK = /[\u3400-\u9fff]/;

/** A line's origin without a column (a record spans the line). */
export function lineOrigin(o: Origin): Origin {
  const { col: _col, ...rest } = o;
  return rest;
}

function tabRecord(line: TextLine, forms: Form[]): Rec | null {
  const cells = line.text.split('\t').map((c) => c.trim());
  const labelParts: string[] = [];
  let values: string[] = [];
  for (const c of cells) {
    if (c === '' || isValueCell(c)) {
      values.push(c);
      continue;
    }
    // a label cell (possibly with its number after a space: '行政处罚 545')
    const m = new RegExp(`^(.*\\S)\\s+(-?[0-9０-９][0-9０-９.．,，]*(?:${UNITS})?)$`).exec(c);
    if (m && CJK.test(m[1]) && isValueCell(m[2])) {
      labelParts.push(m[1]);
      values = [m[2]];
    } else {
      labelParts.push(c);
      values = [];
    }
  }
  if (!values.some((v) => v !== '')) return null;
  const label = normOf(labelParts.join(''));
  const rowMatches = findLabels(label, forms).filter((m) => m.row >= 0);
  let row: number | null = null;
  if (rowMatches.length > 0) row = rowMatches.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a)).row;
  return { row, label, values: { kind: 'cells', cells: values }, origin: lineOrigin(line.origin) };
}

/** Records from consecutive text lines (flowing text). */
function textRecords(lines: TextLine[], forms: Form[], def: TableDef): Rec[] {
  const starts: number[] = [];
  let text = '';
  for (const l of lines) {
    starts.push(text.length);
    text += l.text + '\n';
  }
  const originAt = (pos: number): Origin => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= pos) i++;
    return lineOrigin(lines[i].origin);
  };
  const v = makeView(text);
  const matches = findLabels(v.norm, forms);
  const rawStart = (ni: number) => (ni >= v.norm.length ? text.length : v.map[ni]);
  const rawEnd = (ni: number) => (ni <= 0 ? 0 : v.map[ni - 1] + 1);
  const recs: Rec[] = [];
  const segments: { owner: Match | null; from: number; to: number }[] = [];
  segments.push({ owner: null, from: 0, to: matches.length ? rawStart(matches[0].start) : text.length });
  matches.forEach((m, i) => segments.push({ owner: m, from: rawEnd(m.end), to: i + 1 < matches.length ? rawStart(matches[i + 1].start) : text.length }));
  for (const seg of segments) {
    const s = text.slice(seg.from, seg.to);
    const runs = [...s.matchAll(RUN_RE)];
    const owner = seg.owner && seg.owner.row >= 0 ? seg.owner : null;
    let first = true;
    for (const m of runs) {
      let run = m[0];
      const after = s.slice(m.index! + run.length);
      // '…00000002.其他' with the label not recognised: the last digit is the next label's number
      if (/^[.．、]\D/.test(after) && /[0-9０-９]$/.test(run)) run = run.slice(0, -1).trimEnd();
      if (!/[0-9０-９]/.test(run)) continue;
      const lead = s.slice(0, m.index!);
      const origin = originAt(seg.from + m.index!);
      if (first && owner) {
        first = false;
        const row = def.rows[owner.row];
        const leadNorm = normOf(lead).replace(/[()（）,，.、:：;；]/g, '');
        const fullNorm = normOf(row.label);
        const leadOk = leadNorm === '' || fullNorm.includes(leadNorm) || (row.aliases ?? []).some((a) => normOf(a).includes(leadNorm));
        if (leadOk) {
          recs.push({ row: owner.row, label: normOf(row.label), values: { kind: 'run', run: run.trim() }, origin });
          continue;
        }
        recs.push({ row: owner.row, label: normOf(row.label), values: null, origin });
      }
      first = false;
      recs.push({ row: null, label: '', values: { kind: 'run', run: run.trim() }, origin });
    }
    if (first && owner) recs.push({ row: owner.row, label: normOf(def.rows[owner.row].label), values: null, origin: originAt(seg.from) });
  }
  return recs;
}

/** The records of a section: each tab line one record; runs of text lines searched for the table's row labels. */
export function buildRecords(lines: TextLine[], def: TableDef, forms: Form[]): Rec[] {
  const recs: Rec[] = [];
  let chunk: TextLine[] = [];
  const flush = () => {
    if (chunk.length) recs.push(...textRecords(chunk, forms, def));
    chunk = [];
  };
  for (const l of lines) {
    if (l.text.includes('\t')) {
      flush();
      const r = tabRecord(l, forms);
      if (r) recs.push(r);
    } else chunk.push(l);
  }
  flush();
  return recs;
}

/** How many cells a record could at most give (digits + blank cells). */
export function capacity(v: Values): number {
  if (v.kind === 'cells') return v.cells.reduce((a, c) => a + (c === '' ? 1 : Math.max(1, c.replace(/[^0-9０-９]/g, '').length)), 0);
  return v.run.replace(/[^0-9０-９]/g, '').length;
}
