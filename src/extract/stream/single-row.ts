/**
 * Stream step for tables printed as a single row of numbers (shape `row`: table 四, 3 blocks ×
 * 5 outcome columns). Value records in order: all-value tab lines and the digit runs of text
 * lines; separated numbers are taken in template order when there are exactly as many as cells,
 * else the first record is one glued run for the identities (B1) to decide (a tab row's cells
 * are hard boundaries inside it).
 */
import type { Origin } from '../../model.js';
import { readValue } from '../units.js';
import type { TableDef } from '../../template.js';
import { readRowInOrder, singleRowCells } from '../single-row.js';
import { enumerateSplits, runSegments } from '../glued.js';
import { collect, type CellReading, type TextLine } from '../types.js';
import { capacity, isValueCell, lineOrigin, RUN_RE, type Values } from './records.js';
import { specOf, type ValueReading } from './values.js';

/**
 * Read a table printed as one row of numbers (table 四: every column of every block, in template
 * order). Returns the cells read directly, the glued run to decide, and the warnings.
 */
export function readSingleRow(def: TableDef, lines: TextLine[]): ValueReading {
  const out: ValueReading = { direct: new Map(), runs: [], warnings: [] };
  const { direct, runs } = out;
  const warn = collect(out.warnings);
  const order = singleRowCells(def);
  const keys = order.map((c) => c.key);
  const cols = order.map((c) => c.col);
  const n = keys.length;
  // value records in order: all-value tab lines, and digit runs of text lines
  const recs: { values: Values; origin: Origin }[] = [];
  for (const l of lines) {
    if (l.text.includes('\t')) {
      const cells = l.text.split('\t').map((c) => c.trim());
      if (cells.some((c) => c !== '') && cells.every((c) => c === '' || isValueCell(c))) recs.push({ values: { kind: 'cells', cells }, origin: lineOrigin(l.origin) });
      continue;
    }
    for (const m of l.text.matchAll(RUN_RE)) {
      const after = l.text.slice(m.index! + m[0].length);
      if (/^\s*[年月日号%％]/.test(after)) continue; // dates and percentages in notes
      recs.push({ values: { kind: 'run', run: m[0].trim() }, origin: lineOrigin(l.origin) });
    }
  }
  if (recs.length === 0) return out;
  const tokensOf = (v: Values) => (v.kind === 'cells' ? v.cells.filter((c) => c !== '') : v.run.split(/[\s\u3000\u00a0]+/).filter(Boolean));
  const cleanTokens = (v: Values) => tokensOf(v).every((t) => isValueCell(t) && !/^0[0-9]/.test(t.normalize('NFKC')));
  // separated numbers: accumulate records until n
  const acc: string[] = [];
  let i = 0;
  while (i < recs.length && acc.length < n && cleanTokens(recs[i].values)) {
    const v = recs[i].values;
    if (v.kind === 'cells') {
      const cells = [...v.cells];
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      while (cells.length && cells[0] === '') cells.shift();
      acc.push(...cells);
    } else acc.push(...tokensOf(v));
    i++;
  }
  const origin = recs[0].origin;
  if (acc.length === n) {
    const last = recs[Math.min(i - 1, recs.length - 1)].origin;
    const read = readRowInOrder(def, acc, (raw, c): CellReading => {
      const pv = readValue(raw, c.col);
      return { raw, kind: pv.kind, value: pv.value, origin: last };
    });
    for (const [k, c] of read.cells) direct.set(k, c);
    return out;
  }
  // one glued run
  const first = recs[0].values;
  const raw = first.kind === 'cells' ? first.cells.join('\t') : first.run;
  // a tab row whose cells merge several values (`10\t1\t0\t0\t0\t00000\t50000`): the tabs are hard boundaries
  const segs = first.kind === 'run' ? runSegments(first.run) : runSegments(trimEmpty(first.cells).join('\t'));
  if (segs && capacity(first) >= n) {
    const res = enumerateSplits(segs, cols.map(specOf));
    runs.push({ keys, cols, raw, origin, what: 'the number row of the table', cands: res.candidates, enumerated: res.enumerated, truncated: res.truncated });
    return out;
  }
  for (const k of keys) {
    direct.set(k, { raw, kind: 'unreadable', value: null, origin });
    warn('cell_unreadable', `expected ${n} numbers under the header, found "${raw}"`, `${def.id}.${k}`, origin);
  }
  return out;
}

/** Cells without the empty ones at either end (a row's edges, not blank cells). */
function trimEmpty(cells: readonly string[]): string[] {
  let a = 0;
  let b = cells.length;
  while (a < b && cells[a] === '') a++;
  while (b > a && cells[b - 1] === '') b--;
  return cells.slice(a, b);
}
