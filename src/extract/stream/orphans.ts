/**
 * Stream step 5: what the identities decide after the values are read — rows placed by
 * position confirmed or rejected, and a lone orphan number placed into the one blank cell.
 */
import { parseValue } from '../../normalize.js';
import type { TableDef } from '../../template.js';
import { collect, type CellReading, type ExtractWarning } from '../types.js';
import type { Placed } from './placement.js';
import type { Rec } from './records.js';
import { evaluate, type Get, type Instance } from './runs.js';

/**
 * One orphan number for one blank cell: when the table has exactly one orphan record, holding a
 * single number, and exactly one blank cell, and every identity touching that cell holds with
 * the number, the cell takes it (`orphan_placed`). Returns the key and cell placed, or null.
 */
export function placeOrphan(def: TableDef, cells: ReadonlyMap<string, CellReading>, orphans: readonly Rec[], insts: Instance[]): { key: string; cell: CellReading; warning: ExtractWarning } | null {
  const blanks = [...cells].filter(([, c]) => c.kind === 'blank');
  const singles = orphans.filter((r) => {
    const v = r.values!;
    const toks = v.kind === 'cells' ? v.cells.filter(Boolean) : v.run.split(/\s+/).filter(Boolean);
    return toks.length === 1 && parseValue(toks[0]).kind === 'number';
  });
  if (blanks.length !== 1 || orphans.length !== 1 || singles.length !== 1) return null;
  const [key, cell] = blanks[0];
  const o = singles[0];
  const raw = o.values!.kind === 'cells' ? o.values!.cells.filter(Boolean)[0] : o.values!.run.trim();
  const value = parseValue(raw).value!;
  const get: Get = (k) => (k === key ? value : cells.get(k)?.value ?? undefined);
  const touching = insts.filter((i) => [...i.lhs, ...i.rhs].includes(key));
  const results = touching.map((i) => evaluate(i, get));
  if (results.length === 0 || results.some((r) => r !== 'pass')) return null;
  const warnings: ExtractWarning[] = [];
  collect(warnings)(
    'orphan_placed',
    `cell printed blank, and the only number of the table without a row ("${raw}", line ${o.origin.line ?? '?'}) fills it: ${touching.map((i) => i.id).join(', ')} all hold with it`,
    `${def.id}.${key}`,
    cell.origin,
  );
  return { key, cell: { raw, kind: 'number', value, origin: o.origin }, warning: warnings[0] };
}

/** The `values_unplaced` warnings of the orphans that stay unused. */
export function unplacedWarnings(def: TableDef, orphans: readonly Rec[]): ExtractWarning[] {
  const warnings: ExtractWarning[] = [];
  const warn = collect(warnings);
  for (const r of orphans) {
    const raw = r.values!.kind === 'cells' ? r.values!.cells.join(' ') : r.values!.run;
    warn('values_unplaced', `numbers "${raw}" inside table ${def.id} belong to no recognisable row: ignored`, def.id, r.origin);
  }
  return warnings;
}

/**
 * Rows placed by position must agree with the identities: a positioned row touched by a failing
 * identity is nulled again (`row_position_rejected`), the others are confirmed (`label_by_position`).
 * Returns the cells to replace and the warnings.
 */
export function confirmPositioned(def: TableDef, placed: readonly Placed[], cells: ReadonlyMap<string, CellReading>, insts: Instance[]): { cells: Map<string, CellReading>; warnings: ExtractWarning[] } {
  const out = new Map<string, CellReading>();
  const warnings: ExtractWarning[] = [];
  const warn = collect(warnings);
  const positioned = placed.filter((p) => p.via === 'position');
  if (positioned.length === 0) return { cells: out, warnings };
  const get: Get = (k) => cells.get(k)?.value ?? undefined;
  const failing = insts.filter((i) => evaluate(i, get) === 'fail');
  for (const p of positioned) {
    const row = def.rows[p.row];
    const rk = row.key;
    const bad = failing.filter((i) => [...i.lhs, ...i.rhs].some((t) => t.startsWith(`${rk}.`)));
    if (bad.length) {
      for (const c of row.columns) {
        const k = `${rk}.${c.key}`;
        const old = cells.get(k);
        out.set(k, { raw: old?.raw ?? null, kind: 'unreadable', value: null, origin: old?.origin });
        warn('row_position_rejected', `an unlabeled value row was placed at ${row.label} by its position, but ${bad.map((b) => b.id).join(', ')} then fail: not read`, `${def.id}.${k}`, old?.origin);
      }
    } else {
      const printed = p.rec.label;
      warn(
        'label_by_position',
        `row ${row.label} was read from a value row ${printed ? `labeled "${printed}" (not recognisable)` : 'without a label'}, placed by its position between labeled rows and confirmed by the identities`,
        `${def.id}.${rk}`,
        cells.get(`${rk}.${row.columns[0].key}`)?.origin,
      );
    }
  }
  return { cells: out, warnings };
}
