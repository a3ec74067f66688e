/**
 * Stream step 3: the values of one record for a row's columns — read directly (tab cells,
 * separated numbers), handed to the glued-digit solver (glued.ts), or unreadable.
 */
import { parseValue } from '../../normalize.js';
import { parseOptionsOf, type ColumnDef, type TableDef } from '../../template.js';
import { enumerateSplits, runSegments, type ColumnSpec, type Segment } from '../glued.js';
import { collect, type CellReading, type ExtractWarning } from '../types.js';
import type { Placed } from './placement.js';
import type { Values } from './records.js';
import { DETACHED_MARK } from '../notes.js';
import { isMoneyUnit, readValue } from '../units.js';
import type { GluedRun } from './runs.js';

/** Cells read directly, glued runs left to the identities, and the warnings of reading them. */
export interface ValueReading {
  direct: Map<string, CellReading>;
  runs: GluedRun[];
  warnings: ExtractWarning[];
}

/** The glued solver's column spec and the value parser's options: both the template's parse options. */
export const specOf = (c: ColumnDef): ColumnSpec => parseOptionsOf(c);
export const parseOpts = parseOptionsOf;

/** How a record's values read for a row: directly, as glued digits, or not at all (why). */
export type RecValues =
  | { kind: 'direct'; raws: string[] }
  | { kind: 'glued'; segments: Segment[]; raw: string }
  | { kind: 'bad'; raw: string; why: string };

/** The values of a record for a row's columns. */
export function valuesOf(v: Values, cols: ColumnDef[]): RecValues {
  const n = cols.length;
  if (v.kind === 'cells') {
    const cells = [...v.cells];
    while (cells.length > n && cells[cells.length - 1] === '') cells.pop();
    while (cells.length > n && cells[0] === '') cells.shift();
    const raw = cells.join('\t');
    if (cells.length === n) return { kind: 'direct', raws: cells };
    if (cells.length > n) return { kind: 'bad', raw, why: `${cells.length} value cells for ${n} columns` };
    const segs: Segment[] = [];
    for (const c of cells) {
      if (c === '') {
        segs.push({ kind: 'cell', raw: '' });
        continue;
      }
      const s = runSegments(c);
      if (!s || s.length !== 1) return { kind: 'bad', raw, why: `${cells.length} value cells for ${n} columns` };
      segs.push(s[0]);
    }
    return { kind: 'glued', segments: segs, raw };
  }
  const run = v.run;
  const tokens = run.split(/[\s\u3000\u00a0]+/).filter(Boolean);
  if (
    tokens.length === n &&
    tokens.every((t, i) => {
      const p = parseValue(t, parseOpts(cols[i]));
      const digits = t.normalize('NFKC');
      return (p.kind === 'number' || p.kind === 'dash') && !/^-?0[0-9]/.test(digits);
    })
  ) {
    return { kind: 'direct', raws: tokens };
  }
  const segs = runSegments(run.replace(/\t/g, ' '));
  if (!segs) return { kind: 'bad', raw: run, why: 'the run holds more than digits' };
  return { kind: 'glued', segments: segs, raw: run };
}

/**
 * The values of the placed rows: each row's record read directly (`cell_note`, `cell_text` as
 * they occur), as a glued run, or unreadable (`cells_unreadable`; a row printed twice with
 * different values is unreadable too).
 */
export function readPlacedRows(def: TableDef, placed: readonly Placed[]): ValueReading {
  const out: ValueReading = { direct: new Map(), runs: [], warnings: [] };
  const warn = collect(out.warnings);
  for (const p of placed) {
    const row = def.rows[p.row];
    const rv: RecValues = p.conflict ? { kind: 'bad', raw: p.conflict, why: 'the row is printed more than once with different values' } : valuesOf(p.rec.values!, row.columns);
    const keys = row.columns.map((c) => `${row.key}.${c.key}`);
    if (rv.kind === 'direct') {
      rv.raws.forEach((raw, i) => {
        const col = row.columns[i];
        if (raw === DETACHED_MARK) {
          out.direct.set(keys[i], { raw: '', kind: 'unreadable', value: null, origin: p.rec.origin });
          warn('cell_unreadable', `cell ${col.label} of ${row.label}: printed empty, but a value printed on a line of its own after the row may belong here (value_detached)`, `${def.id}.${keys[i]}`, p.rec.origin);
          return;
        }
        const pv = readValue(raw, col);
        const cell: CellReading = { raw, kind: pv.kind, value: pv.value, origin: p.rec.origin };
        if (pv.decimal !== undefined && col.type === 'decimal') cell.decimal = pv.decimal;
        if (pv.converted) warn('unit_converted', `cell ${col.label} of ${row.label} printed in ${pv.converted.from}: "${raw}"; ${pv.converted.printed} ${pv.converted.from} = ${pv.decimal} ${pv.converted.to}, the column's unit`, `${def.id}.${keys[i]}`, p.rec.origin);
        else if (pv.note && pv.kind === 'number' && !isMoneyUnit(pv.note)) warn('cell_note', `cell ${col.label} of ${row.label} holds a note: "${raw}"; read the leading number`, `${def.id}.${keys[i]}`, p.rec.origin);
        if (pv.kind === 'text') warn('cell_text', `cell ${col.label} of ${row.label} holds text "${raw}", not a number`, `${def.id}.${keys[i]}`, p.rec.origin);
        out.direct.set(keys[i], cell);
      });
    } else if (rv.kind === 'bad') {
      for (const k of keys) {
        out.direct.set(k, { raw: rv.raw, kind: 'unreadable', value: null, origin: p.rec.origin });
        warn('cell_unreadable', `row ${row.label}: ${rv.why} ("${rv.raw}")`, `${def.id}.${k}`, p.rec.origin);
      }
    } else {
      const res = enumerateSplits(rv.segments, row.columns.map(specOf));
      out.runs.push({ keys, cols: row.columns, raw: rv.raw, origin: p.rec.origin, what: `row ${row.label}`, cands: res.candidates, enumerated: res.enumerated, truncated: res.truncated });
    }
  }
  return out;
}
