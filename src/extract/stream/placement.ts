/**
 * Stream step 2: placement. Records whose label names a row are that row (label, never position,
 * decides; a row printed twice with different values is a conflict, not read). Unlabeled records
 * (bare value rows) fill the gaps between labeled rows only where the number of bare rows equals
 * the number of rows missing in that gap (the identities confirm them later: positioned.ts).
 */
import { printsRow, layoutOf, type TableDef, type TemplateVersion } from '../../template.js';
import { dice } from '../labels.js';
import { collect, type ExtractWarning } from '../types.js';
import { rowForms } from './labels.js';
import { capacity, CJK, type Rec } from './records.js';
import { valuesOf } from './values.js';

/** A row and the record read for it. */
export interface Placed {
  row: number;
  rec: Rec;
  via: 'label' | 'position';
  /** The row is printed more than once with different values (their texts). */
  conflict?: string;
}

export interface Placement {
  rows: Placed[];
  /** Value records inside the table (between its first and last placed row) that belong to no row. */
  orphans: Rec[];
  warnings: ExtractWarning[];
}

/**
 * Place records on rows: labels first; then bare value rows fill the gaps between labeled rows,
 * in order, only where the number of bare rows equals the number of rows the layout misses there.
 * Returns the placed rows (in row order), the orphans inside the table (values of no row, in
 * record order), and the warnings (`row_repeated`, `rows_unplaced`). The records are not changed.
 */
export function placeRows(def: TableDef, version: TemplateVersion, input: readonly Rec[]): Placement {
  const warnings: ExtractWarning[] = [];
  const warn = collect(warnings);
  const rowCount = def.rows.length;
  // detached labels: a label whose run cannot hold the row keeps no values; the run becomes a bare record after it
  const recs = input.flatMap((r): Rec[] =>
    r.row !== null && r.values && capacity(r.values) < def.rows[r.row].columns.length
      ? [{ ...r, values: null }, { row: null, label: '', values: r.values, origin: r.origin }]
      : [r],
  );
  const valued = recs.filter((r) => r.values !== null);
  const byRow = new Map<number, Rec[]>();
  for (const r of valued) if (r.row !== null) byRow.set(r.row, [...(byRow.get(r.row) ?? []), r]);
  const assigned = new Map<number, Placed>();
  for (const [row, rs] of byRow) {
    const sig = (r: Rec) => (r.values!.kind === 'cells' ? r.values!.cells.filter(Boolean).join('|') : r.values!.run.replace(/\s+/g, ''));
    if (rs.every((r) => sig(r) === sig(rs[0]))) assigned.set(row, { row, rec: rs[0], via: 'label' });
    else {
      warn('row_repeated', `row ${def.rows[row].label} is printed ${rs.length} times with different values: not read`, `${def.id}.${def.rows[row].key}`, rs[0].origin);
      assigned.set(row, { row, rec: rs[0], via: 'label', conflict: rs.map(sig).join(' / ') });
    }
  }

  // which rows this layout prints
  const keyOf = (i: number) => def.rows[i].key;
  const layout = layoutOf(version, new Set([...assigned.keys()].map(keyOf)));
  const applicable = (i: number) => printsRow(def.rows[i], layout);

  // bare value rows fill the gaps between labeled rows, in order, when the counts agree
  const orphans: Rec[] = [];
  const seq = valued.filter((r) => r.row === null || (r.row >= 0 && assigned.get(r.row)?.rec === r));
  let prevRow = -1;
  let gap: Rec[] = [];
  const closeGap = (nextRow: number) => {
    if (gap.length === 0) return;
    const missing: number[] = [];
    if (prevRow < nextRow) for (let i = prevRow + 1; i < nextRow; i++) if (!assigned.has(i) && applicable(i)) missing.push(i);
    const clean = gap.filter((r) => {
      const v = r.values!;
      return v.kind === 'cells' ? v.cells.filter((c) => c !== '').length >= 2 : v.run.split(/\s+/).filter(Boolean).length >= 2;
    });
    let ok = missing.length > 0 && clean.length === missing.length;
    if (ok) {
      ok = clean.every((r, j) => {
        const row = def.rows[missing[j]];
        const rv = valuesOf(r.values!, row.columns);
        if (rv.kind !== 'direct') return false;
        const cjk = [...r.label].filter((c) => CJK.test(c)).length;
        if (cjk >= 2) {
          const best = Math.max(...rowForms(row, missing[j]).map((f) => dice(r.label, f.text)));
          if (best < 0.3) return false;
        }
        return true;
      });
    }
    if (ok) {
      clean.forEach((r, j) => assigned.set(missing[j], { row: missing[j], rec: r, via: 'position' }));
      for (const r of gap) if (!clean.includes(r)) orphans.push(r);
    } else {
      orphans.push(...gap);
      if (clean.length > 0) {
        const where = `${prevRow >= 0 ? def.rows[prevRow].label : 'the start'} and ${nextRow < rowCount ? def.rows[nextRow].label : 'the end'}`;
        warn(
          'rows_unplaced',
          `${clean.length} value row(s) without a recognisable label between ${where}, where ${missing.length} row(s) (${missing.map(keyOf).join(', ') || 'none'}) are missing: not placed`,
          def.id,
          clean[0].origin,
        );
      }
    }
    gap = [];
  };
  for (const r of seq) {
    if (r.row === null) {
      gap.push(r);
      continue;
    }
    closeGap(r.row);
    prevRow = r.row;
  }
  closeGap(rowCount);

  // orphans only matter inside the table (between its first and last row)
  const order = new Map(recs.map((r, i) => [r, i]));
  const placedIdx = [...assigned.values()].map((p) => order.get(p.rec) ?? -1).filter((i) => i >= 0);
  const lo = Math.min(...placedIdx);
  const hi = Math.max(...placedIdx);
  const inside = orphans.filter((r) => {
    const i = order.get(r) ?? -1;
    return i > lo && i < hi;
  });
  return { rows: [...assigned.values()].sort((a, b) => a.row - b.row), orphans: inside, warnings };
}

