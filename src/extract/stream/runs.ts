/**
 * Stream step 4: glued runs. Digits of neighbouring cells printed without separators
 * (`640020470`) are split by glued.ts into every candidate; a split is accepted only when
 * exactly one candidate satisfies the identities (A3 per row, then A1/A2 jointly across rows;
 * B1 for table 四), or, when none does, exactly one satisfies all but one identity family (the
 * report breaks that one). Otherwise the cells all remaining candidates agree on are read and
 * the others are null (`unreadable`).
 */
import type { Origin } from '../../model.js';
import { readValue } from '../units.js';
import { type ColumnDef, type Layout, type TableDef } from '../../template.js';
import { evaluateInstance, identityInstances, type IdentityInstance } from '../../validate/identities.js';
import type { Candidate } from '../glued.js';
import { collect, type CellReading, type ExtractWarning } from '../types.js';


export type Instance = IdentityInstance;
export type Get = (key: string) => number | null | undefined;
export const instancesFor = (def: TableDef, layout: Layout): Instance[] => identityInstances(layout, def.id);
export const evaluate = (inst: Instance, get: Get): 'pass' | 'fail' | 'uncertain' => evaluateInstance(inst, get).status;

/** A run of glued digits and its candidate splits, for the cells `keys` (`<row>.<column>`). */
export interface GluedRun {
  keys: string[];
  cols: ColumnDef[];
  raw: string;
  origin: Origin;
  /** What the run is, for messages: `row 行政许可`, `the number row of the table`. */
  what: string;
  cands: Candidate[];
  enumerated: number;
  truncated: boolean;
}

/** Above this many combinations of candidate splits, runs are not checked jointly. */
const JOINT_LIMIT = 200_000;

/**
 * Decide the glued runs of a table by the identities: each run alone (repeated while runs become
 * unique), then the remaining ambiguous runs jointly, then a run no split of which satisfies them
 * all by the others (the report breaking one family itself: `glued_identity_broken`). Returns the
 * cells of every run (the split when exactly one survives; when several survive, the cells they
 * all agree on, the others `unreadable` with `glued_ambiguous`) and the warnings; `direct` (the
 * cells read directly) is only read.
 */
export function resolveRuns(def: TableDef, input: readonly GluedRun[], direct: ReadonlyMap<string, CellReading>, insts: Instance[]): { cells: Map<string, CellReading>; warnings: ExtractWarning[] } {
  const cells = new Map<string, CellReading>();
  const warnings: ExtractWarning[] = [];
  const warn = collect(warnings);
  if (input.length === 0) return { cells, warnings };
  const runs = input.map((g) => ({ ...g }));
  // every well-formed split of each run, before the identities filter them (step 3 goes back to them)
  const wellFormed = new Map(runs.map((g) => [g, g.cands] as const));
  const fixed = new Map<string, number | null>();
  for (const [k, c] of direct) fixed.set(k, c.value);
  const runOf = new Map<string, GluedRun>();
  for (const g of runs) for (const k of g.keys) runOf.set(k, g);
  const touching = (g: GluedRun) => insts.filter((i) => [...i.lhs, ...i.rhs].some((t) => runOf.get(t) === g));
  const used = new Map<GluedRun, Set<string>>();
  const note = (g: GluedRun, ids: string[]) => {
    const s = used.get(g) ?? new Set<string>();
    ids.forEach((x) => s.add(x));
    used.set(g, s);
  };

  const getWith = (extra: Map<string, number | null>): Get => (k) => (extra.has(k) ? extra.get(k) : fixed.get(k));
  const candMap = (g: GluedRun, c: Candidate) => new Map(g.keys.map((k, j) => [k, c.values[j]] as [string, number | null]));

  // 1. each run alone, repeated while runs become unique
  const open = new Set(runs.filter((g) => !g.truncated));
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of [...open]) {
      const ti = touching(g);
      const before = g.cands.length;
      g.cands = g.cands.filter((c) => {
        const get = getWith(candMap(g, c));
        return ti.every((i) => {
          const r = evaluate(i, get);
          if (r !== 'uncertain') note(g, [i.id.split('.')[0]]);
          return r !== 'fail';
        });
      });
      if (g.cands.length !== before) changed = true;
      if (g.cands.length === 1) {
        g.keys.forEach((k, j) => fixed.set(k, g.cands[0].values[j]));
        open.delete(g);
        changed = true;
      } else if (g.cands.length === 0) open.delete(g);
    }
  }

  // 2. the remaining ambiguous runs jointly (A1/A2 across rows)
  const multi = [...open].filter((g) => g.cands.length > 1);
  let combos = 1;
  for (const g of multi) combos *= g.cands.length;
  const jointInsts = insts.filter((i) => [...i.lhs, ...i.rhs].some((t) => multi.includes(runOf.get(t)!)));
  let jointNote = '';
  if (multi.length > 0 && jointInsts.length > 0 && combos <= JOINT_LIMIT) {
    const survivors = multi.map(() => new Set<number>());
    let any = false;
    const pick: number[] = new Array(multi.length).fill(0);
    const extra = new Map<string, number | null>();
    const rec = (d: number) => {
      if (d === multi.length) {
        const get = getWith(extra);
        if (jointInsts.every((i) => evaluate(i, get) !== 'fail')) {
          any = true;
          pick.forEach((p, j) => survivors[j].add(p));
        }
        return;
      }
      const g = multi[d];
      g.cands.forEach((c, ci) => {
        pick[d] = ci;
        g.keys.forEach((k, j) => extra.set(k, c.values[j]));
        rec(d + 1);
      });
      for (const k of g.keys) extra.delete(k);
    };
    rec(0);
    const ids = [...new Set(jointInsts.map((i) => i.id.split('.')[0]))];
    multi.forEach((g, j) => {
      note(g, ids);
      g.cands = g.cands.filter((_, ci) => survivors[j].has(ci));
      if (g.cands.length === 1) {
        g.keys.forEach((k, x) => fixed.set(k, g.cands[0].values[x]));
        open.delete(g);
      }
    });
    if (!any) jointNote = 'no combination of the candidate splits satisfies the identities across rows';
  } else if (multi.length > 0 && combos > JOINT_LIMIT) {
    jointNote = `too many combinations (${combos}) to check the identities across rows`;
  }

  // 3. a run no split of which satisfies the identities: the report may break one itself (a 总计
  //    row printed 20/21 over result rows summing to 26/27). When the identities other than one
  //    family (A1, A2, A3 or B1) leave exactly one split, it is taken; the checks report the broken
  //    identity as failed, with both sides
  const broken = new Map<GluedRun, string[]>();
  const relaxed = new Set<GluedRun>();
  for (const g of runs) {
    const all = wellFormed.get(g) ?? [];
    if (g.cands.length > 0 || g.truncated || all.length === 0) continue;
    const ti = touching(g);
    const families = [...new Set(ti.map((i) => i.id.split('.')[0]))];
    const admitted = new Set<Candidate>();
    for (const f of families) {
      const rest = ti.filter((i) => i.id.split('.')[0] !== f);
      for (const c of all) {
        const get = getWith(candMap(g, c));
        if (rest.every((i) => evaluate(i, get) !== 'fail')) admitted.add(c);
      }
    }
    if (admitted.size > 1) {
      // several: the cells they all agree on are still read below
      g.cands = [...admitted];
      relaxed.add(g);
    }
    if (admitted.size !== 1) continue;
    const [c] = admitted;
    const get = getWith(candMap(g, c));
    broken.set(g, ti.filter((i) => evaluate(i, get) === 'fail').map((i) => i.id));
    g.cands = [c];
    g.keys.forEach((k, j) => fixed.set(k, c.values[j]));
  }

  let splitCount = 0;
  let partCount = 0;
  for (const g of runs) {
    const agreed = g.cands.length > 1 && !g.truncated ? agreedCells(g.cands) : [];
    if (g.cands.length === 1 && !g.truncated) {
      const ids = broken.get(g);
      if (ids) {
        warn(
          'glued_identity_broken',
          `digits "${g.raw}" of ${g.what}: no split satisfies every identity; ${g.cands[0].parts.join('|')} is the only split the other identities admit, and it breaks ${ids.join(', ')} as the printed table does (see checks)`,
          `${def.id}.${g.keys[0].split('.')[0]}`,
          g.origin,
        );
      }
      splitCount++;
      const c = g.cands[0];
      g.keys.forEach((k, j) => cells.set(k, cellOf(c.parts[j], g.cols[j], g.origin, `${def.id}.${k}`, warn)));
      continue;
    }
    const ids = [...(used.get(g) ?? [])];
    const idText = ids.length ? `the identities (${ids.join(', ')})` : 'no identity';
    const shown = g.cands.slice(0, 4).map((c) => c.parts.join('|')).join('; ');
    let why: string;
    if (g.truncated) why = `the digits split in more than ${g.enumerated} ways; not enumerated`;
    else if (g.cands.length === 0 && g.enumerated === 0) why = `the digits cannot be split into ${g.keys.length} numbers`;
    else if (g.cands.length === 0) why = `none of its ${g.enumerated} splits into ${g.keys.length} numbers satisfies ${idText}${jointNote ? ` (${jointNote})` : ''}`;
    else if (relaxed.has(g)) why = `none of its ${g.enumerated} splits into ${g.keys.length} numbers satisfies ${idText}, and ${g.cands.length} satisfy all but one identity (${shown}${g.cands.length > 4 ? '; …' : ''})`;
    else why = `${g.cands.length} of its ${g.enumerated} splits into ${g.keys.length} numbers remain after ${idText} (${shown}${g.cands.length > 4 ? '; …' : ''})${jointNote ? `; ${jointNote}` : ''}`;
    if (agreed.length > 0) partCount++;
    g.keys.forEach((k, j) => {
      if (agreed.includes(j)) {
        cells.set(k, cellOf(g.cands[0].parts[j], g.cols[j], g.origin, `${def.id}.${k}`, warn));
        return;
      }
      cells.set(k, { raw: g.raw, kind: 'unreadable', value: null, origin: g.origin });
      const kept = agreed.length ? `; the cells every remaining split agrees on are read (${agreed.map((x) => g.keys[x]).join(', ')})` : '';
      warn('glued_ambiguous', `digits "${g.raw}" of ${g.what} are glued without separators: ${why}${kept}; not read`, `${def.id}.${k}`, g.origin);
    });
  }
  if (splitCount > 0 || partCount > 0) {
    const part = partCount > 0 ? `; ${partCount} ambiguous run(s) read only in the cells every remaining split agrees on` : '';
    warn('glued_digits', `${splitCount} run(s) of glued digits in table ${def.id} split into cells: each split is the only one the identities admit (or the only split at all)${part}`);
  }
  return { cells, warnings };
}

/** A cell of a split: its part parsed by the column's rules (a money unit converted: `unit_converted`). */
function cellOf(raw: string, col: ColumnDef, origin: Origin, field: string, warn: ReturnType<typeof collect>): CellReading {
  const pv = readValue(raw, col);
  const cell: CellReading = { raw, kind: pv.kind, value: pv.kind === 'number' ? pv.value : null, origin };
  if (pv.decimal !== undefined && col.type === 'decimal') cell.decimal = pv.decimal;
  if (pv.converted) warn('unit_converted', `split cell "${raw}" printed in ${pv.converted.from}: ${pv.converted.printed} ${pv.converted.from} = ${pv.decimal} ${pv.converted.to}, the column's unit`, field, origin);
  return cell;
}

/**
 * The cell positions every candidate split agrees on (`8801` as 88|0|1 or 8|80|1: the last cell
 * is 1 either way), in column order.
 */
export function agreedCells(cands: readonly Candidate[]): number[] {
  const out: number[] = [];
  const n = cands[0]?.parts.length ?? 0;
  for (let j = 0; j < n; j++) if (cands.every((c) => c.parts[j] === cands[0].parts[j])) out.push(j);
  return out;
}
