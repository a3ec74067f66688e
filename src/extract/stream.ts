/**
 * The stream strategy: read a table that arrives as flowing text.
 *
 * Inputs are the lines of one section (二, 三 or 四). A line is either
 * - a table row flattened by the extractor (cells joined by '\t'), or
 * - text: scraper dumps put a whole table on one line with the cells' digits
 *   glued (`一、本年新收政府信息公开申请数量640020470二、…`); PDF-to-markdown
 *   output scatters labels over several lines.
 *
 * Reading, in order:
 * 1. records: every tab line is one record (its label cells + its value
 *    cells); consecutive text lines are joined and searched for the row
 *    labels of the template (normalized, tolerant of enumeration style,
 *    spaces, quotes, known typos); the text between one label and the next
 *    holds that row's value run. A label whose run cannot hold the row (fewer
 *    digits than cells) is a detached label.
 * 2. rows: records whose label names a row are that row (label, never
 *    position, decides). Unlabeled records (bare value rows) fill the gaps
 *    between labeled rows only where the number of bare rows equals the
 *    number of missing rows in that gap, and are confirmed by the identities.
 * 3. values: cells separated by tabs or single spaces are read directly;
 *    glued digits go to the solver (glued.ts), and a split is accepted only
 *    when exactly one candidate satisfies the identities (A3 per row, then
 *    A1/A2 jointly across rows; B1 for table 四). Otherwise every cell of the
 *    run is null (`unreadable`) with a `glued_ambiguous` warning.
 * Every number is as printed or null with a warning: never a guess.
 */
import type { Origin } from '../model.js';
import { normalize, normLabel, parseValue, stripEnum } from '../normalize.js';
import { layoutOf, MONEY_UNITS, parseOptionsOf, printsRow, type ColumnDef, type RowDef, type TableDef, type TemplateVersion } from '../template.js';
import { enumerateSplits, runSegments, type Candidate, type ColumnSpec, type Segment } from './glued.js';
import type { CellReading, ExtractWarning, StreamStrategy, TableReading, TextLine } from './types.js';
import { evaluateInstance, identityInstances, type IdentityInstance } from '../validate/identities.js';
import { dice } from './labels.js';

// ------------------------------------------------------------ normalized view

/** Normalized text with, for every normalized character, its index in the source (the one normalizer). */
const makeView = normalize;
const normOf = normLabel;

// ------------------------------------------------------------ label forms

interface Form {
  text: string;
  /** Row index in def.rows, or -1 for a group / block caption (a delimiter only). */
  row: number;
  /** The row's own enumeration (`2.`, `(一)`) when this form lacks it. */
  missingEnum: string;
}

function rowForms(row: RowDef, index: number): Form[] {
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

function tableForms(def: TableDef): Form[] {
  const forms = def.rows.flatMap((r, i) => rowForms(r, i));
  for (const g of def.captions) {
    const n = normOf(g);
    if (!forms.some((f) => f.text === n)) forms.push({ text: n, row: -1, missingEnum: '' });
  }
  return forms;
}

interface Match {
  start: number;
  end: number;
  row: number;
}

/** All non-overlapping label occurrences in a normalized string, longest first, then in text order. */
function findLabels(norm: string, forms: Form[]): Match[] {
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

// ------------------------------------------------------------ records

/** Values of a record: tab cells (hard boundaries) or a flowing run. */
type Values = { kind: 'cells'; cells: string[] } | { kind: 'run'; run: string };

interface Rec {
  /** Row index when a label names the row. */
  row: number | null;
  /** Label text printed with the values (normalized), when any. */
  label: string;
  values: Values | null;
  origin: Origin;
  /** The label was found but the values beside it cannot be that row's. */
  detached?: boolean;
}

const DIGIT = '[0-9０-９]';
/** Money units, longest first, as a regex alternation. */
const UNITS = [...MONEY_UNITS].sort((a, b) => b.length - a.length).join('|');
const isMoneyUnit = (s: string | undefined) => (MONEY_UNITS as readonly string[]).includes(s ?? '');
const RUN_RE = new RegExp(
  `-?${DIGIT}(?:${DIGIT}|[.．](?=${DIGIT})|[,，](?=${DIGIT}{3}(?!${DIGIT}))|[ \\t\\u3000\\u00a0]+(?=-?${DIGIT})|-(?=${DIGIT}))*(?:${UNITS})?`,
  'g',
);

function isValueCell(c: string): boolean {
  if (c === '') return false;
  const p = parseValue(c, { signed: true, decimal: true });
  if (p.kind === 'number' && p.note === undefined) return true;
  if (p.kind === 'number' && isMoneyUnit(p.note)) return true;
  if (p.kind === 'dash') return true;
  return runSegments(c) !== null && /^[0-9０-９\s\u3000.．]+$/.test(c);
}

const CJK = /[\u3400-\u9fff]/;

function lineOrigin(o: Origin): Origin {
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
        recs.push({ row: owner.row, label: normOf(row.label), values: null, origin, detached: true });
      }
      first = false;
      recs.push({ row: null, label: '', values: { kind: 'run', run: run.trim() }, origin });
    }
    if (first && owner) recs.push({ row: owner.row, label: normOf(def.rows[owner.row].label), values: null, origin: originAt(seg.from), detached: true });
  }
  return recs;
}

function buildRecords(lines: TextLine[], def: TableDef, forms: Form[]): Rec[] {
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

// ------------------------------------------------------------ values of one record

const specOf = (c: ColumnDef): ColumnSpec => parseOptionsOf(c);
const parseOpts = parseOptionsOf;

type RecValues =
  | { kind: 'direct'; raws: string[] }
  | { kind: 'glued'; segments: Segment[]; raw: string }
  | { kind: 'bad'; raw: string; why: string };

function valuesOf(v: Values, cols: ColumnDef[]): RecValues {
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

/** How many cells a record could at most give (digits + blank cells). */
function capacity(v: Values): number {
  if (v.kind === 'cells') return v.cells.reduce((a, c) => a + (c === '' ? 1 : Math.max(1, c.replace(/[^0-9０-９]/g, '').length)), 0);
  return v.run.replace(/[^0-9０-９]/g, '').length;
}

// ------------------------------------------------------------ identities

type Instance = IdentityInstance;
type Get = (key: string) => number | null | undefined;
const instancesFor = (def: TableDef, variant: TemplateVersion | 'mixed'): Instance[] => identityInstances(variant, def.id);
const evaluate = (inst: Instance, get: Get): 'pass' | 'fail' | 'uncertain' => evaluateInstance(inst, get).status;

// ------------------------------------------------------------ the strategy

interface Placed {
  row: number;
  rec: Rec;
  via: 'label' | 'position';
  /** The row is printed more than once with different values (their texts). */
  conflict?: string;
}

interface GluedRun {
  keys: string[];
  cols: ColumnDef[];
  raw: string;
  origin: Origin;
  rows: string[];
  what: string;
  cands: Candidate[];
  enumerated: number;
  truncated: boolean;
}

const JOINT_LIMIT = 200_000;

export const streamTable: StreamStrategy = (def: TableDef, version: TemplateVersion, lines: TextLine[]): TableReading | null => {
  const reading: TableReading = { cells: new Map(), warnings: [], rowsFound: new Set() };
  const warn = (code: string, message: string, field?: string, origin?: Origin) =>
    reading.warnings.push({ code, message, ...(field ? { field } : {}), ...(origin ? { origin } : {}) } as ExtractWarning);
  const usable = lines.filter((l) => l.text.trim() !== '');
  if (usable.length === 0) return null;

  const runs: GluedRun[] = [];
  const direct = new Map<string, CellReading>();
  const placedRows = new Map<string, 'label' | 'position'>();
  const positionLabels = new Map<string, string>();
  let orphans: Rec[] = [];

  if (def.shape === 'row') {
    readBlocksRow(def, usable, runs, direct, warn);
    for (const r of def.rows) if ([...direct.keys(), ...runs.flatMap((g) => g.keys)].some((k) => k.startsWith(`${r.key}.`))) reading.rowsFound.add(r.key);
  } else {
    const forms = tableForms(def);
    const recs = buildRecords(usable, def, forms);
    const placed = placeRows(def, version, recs, warn);
    orphans = placed.orphans;
    for (const p of placed.rows) {
      const row = def.rows[p.row];
      reading.rowsFound.add(row.key);
      placedRows.set(row.key, p.via);
      if (p.via === 'position' && p.rec.label) positionLabels.set(row.key, p.rec.label);
      const v = p.rec.values!;
      const rv: RecValues = p.conflict ? { kind: 'bad', raw: p.conflict, why: 'the row is printed more than once with different values' } : valuesOf(v, row.columns);
      const keys = row.columns.map((c) => `${row.key}.${c.key}`);
      if (rv.kind === 'direct') {
        rv.raws.forEach((raw, i) => {
          const col = row.columns[i];
          const pv = parseValue(raw, parseOpts(col));
          const cell: CellReading = { raw, kind: pv.kind, value: pv.value, origin: p.rec.origin };
          if (pv.decimal !== undefined && col.type === 'decimal') cell.decimal = pv.decimal;
          if (pv.note && pv.kind === 'number' && !isMoneyUnit(pv.note)) warn('cell_note', `cell ${col.label} of ${row.label} holds a note: "${raw}"; read the leading number`, `${def.id}.${keys[i]}`, p.rec.origin);
          if (pv.kind === 'text') warn('cell_text', `cell ${col.label} of ${row.label} holds text "${raw}", not a number`, `${def.id}.${keys[i]}`, p.rec.origin);
          direct.set(keys[i], cell);
        });
      } else if (rv.kind === 'bad') {
        for (const k of keys) {
          direct.set(k, { raw: rv.raw, kind: 'unreadable', value: null, origin: p.rec.origin });
          warn('cells_unreadable', `row ${row.label}: ${rv.why} ("${rv.raw}")`, `${def.id}.${k}`, p.rec.origin);
        }
      } else {
        const res = enumerateSplits(rv.segments, row.columns.map(specOf));
        runs.push({ keys, cols: row.columns, raw: rv.raw, origin: p.rec.origin, rows: [row.key], what: `row ${row.label}`, cands: res.candidates, enumerated: res.enumerated, truncated: res.truncated });
      }
    }
  }

  // ---- identities decide glued runs
  const insts = instancesFor(def, layoutOf(version, reading.rowsFound));
  resolveRuns(def, runs, direct, insts, warn);

  for (const [k, c] of direct) reading.cells.set(k, c);

  // ---- rows placed by position must agree with the identities
  const positioned = [...placedRows].filter(([, via]) => via === 'position').map(([k]) => k);
  if (positioned.length) {
    const get: Get = (k) => reading.cells.get(k)?.value ?? undefined;
    const failing = insts.filter((i) => evaluate(i, get) === 'fail');
    for (const rk of positioned) {
      const row = def.rows.find((r) => r.key === rk)!;
      const bad = failing.filter((i) => [...i.lhs, ...i.rhs].some((t) => t.startsWith(`${rk}.`)));
      if (bad.length) {
        for (const c of row.columns) {
          const k = `${rk}.${c.key}`;
          const old = reading.cells.get(k);
          reading.cells.set(k, { raw: old?.raw ?? null, kind: 'unreadable', value: null, origin: old?.origin });
          warn('row_position_rejected', `an unlabeled value row was placed at ${row.label} by its position, but ${bad.map((b) => b.id).join(', ')} then fail: not read`, `${def.id}.${k}`, old?.origin);
        }
      } else {
        const printed = positionLabels.get(rk);
        warn(
          'label_by_position',
          `row ${row.label} was read from a value row ${printed ? `labeled "${printed}" (not recognisable)` : 'without a label'}, placed by its position between labeled rows and confirmed by the identities`,
          `${def.id}.${rk}`,
          reading.cells.get(`${rk}.${row.columns[0].key}`)?.origin,
        );
      }
    }
  }

  placeOrphan(def, reading, orphans, insts, warn);
  return reading;
};

// ------------------------------------------------------------ rows: labels first, then bare rows by position

function placeRows(
  def: TableDef,
  version: TemplateVersion,
  recs: Rec[],
  warn: (code: string, message: string, field?: string, origin?: Origin) => void,
): { rows: Placed[]; orphans: Rec[] } {
  const rowCount = def.rows.length;
  // detached labels: a run that cannot hold the row
  for (const r of recs) {
    if (r.row !== null && r.values && capacity(r.values) < def.rows[r.row].columns.length) {
      recs.splice(recs.indexOf(r) + 1, 0, { row: null, label: '', values: r.values, origin: r.origin });
      r.values = null;
      r.detached = true;
    }
  }
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
  for (const r of inside) {
    const raw = r.values!.kind === 'cells' ? r.values!.cells.join(' ') : r.values!.run;
    warn('values_unplaced', `numbers "${raw}" inside table ${def.id} belong to no recognisable row: ignored`, def.id, r.origin);
  }
  return { rows: [...assigned.values()].sort((a, b) => a.row - b.row), orphans: inside };
}

// ------------------------------------------------------------ table 四: one row of 15 numbers

function readBlocksRow(
  def: TableDef,
  lines: TextLine[],
  runs: GluedRun[],
  direct: Map<string, CellReading>,
  warn: (code: string, message: string, field?: string, origin?: Origin) => void,
): void {
  const keys: string[] = [];
  const cols: ColumnDef[] = [];
  for (const r of def.rows) for (const c of r.columns) {
    keys.push(`${r.key}.${c.key}`);
    cols.push(c);
  }
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
  if (recs.length === 0) return;
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
    acc.forEach((raw, j) => {
      const pv = parseValue(raw, parseOpts(cols[j]));
      direct.set(keys[j], { raw, kind: pv.kind, value: pv.value, origin: recs[Math.min(i - 1, recs.length - 1)].origin });
    });
    return;
  }
  // one glued run
  const first = recs[0].values;
  const raw = first.kind === 'cells' ? first.cells.join('\t') : first.run;
  const segs = first.kind === 'run' ? runSegments(first.run) : null;
  if (segs && capacity(first) >= n) {
    const res = enumerateSplits(segs, cols.map(specOf));
    runs.push({ keys, cols, raw, origin, rows: def.rows.map((r) => r.key), what: 'the number row of the table', cands: res.candidates, enumerated: res.enumerated, truncated: res.truncated });
    return;
  }
  for (const k of keys) {
    direct.set(k, { raw, kind: 'unreadable', value: null, origin });
    warn('cells_unreadable', `expected ${n} numbers under the header, found "${raw}"`, `${def.id}.${k}`, origin);
  }
}

// ------------------------------------------------------------ joint resolution of glued runs

function resolveRuns(
  def: TableDef,
  runs: GluedRun[],
  direct: Map<string, CellReading>,
  insts: Instance[],
  warn: (code: string, message: string, field?: string, origin?: Origin) => void,
): void {
  if (runs.length === 0) return;
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

  let splitCount = 0;
  for (const g of runs) {
    if (g.cands.length === 1 && !g.truncated) {
      splitCount++;
      const c = g.cands[0];
      g.keys.forEach((k, j) => {
        const col = g.cols[j];
        const raw = c.parts[j];
        const pv = parseValue(raw, parseOpts(col));
        const cell: CellReading = { raw, kind: pv.kind, value: pv.kind === 'number' ? pv.value : null, origin: g.origin };
        if (pv.decimal !== undefined && col.type === 'decimal') cell.decimal = pv.decimal;
        direct.set(k, cell);
      });
      continue;
    }
    const ids = [...(used.get(g) ?? [])];
    const idText = ids.length ? `the identities (${ids.join(', ')})` : 'no identity';
    const shown = g.cands.slice(0, 4).map((c) => c.parts.join('|')).join('; ');
    let why: string;
    if (g.truncated) why = `the digits split in more than ${g.enumerated} ways; not enumerated`;
    else if (g.cands.length === 0 && g.enumerated === 0) why = `the digits cannot be split into ${g.keys.length} numbers`;
    else if (g.cands.length === 0) why = `none of its ${g.enumerated} splits into ${g.keys.length} numbers satisfies ${idText}${jointNote ? ` (${jointNote})` : ''}`;
    else why = `${g.cands.length} of its ${g.enumerated} splits into ${g.keys.length} numbers remain after ${idText} (${shown}${g.cands.length > 4 ? '; …' : ''})${jointNote ? `; ${jointNote}` : ''}`;
    for (const k of g.keys) {
      direct.set(k, { raw: g.raw, kind: 'unreadable', value: null, origin: g.origin });
      warn('glued_ambiguous', `digits "${g.raw}" of ${g.what} are glued without separators: ${why}; not read`, `${def.id}.${k}`, g.origin);
    }
  }
  if (splitCount > 0) {
    warn('glued_digits', `${splitCount} run(s) of glued digits in table ${def.id} split into cells: each split is the only one the identities admit (or the only split at all)`);
  }
}

// ------------------------------------------------------------ one orphan number for one blank cell

function placeOrphan(
  def: TableDef,
  reading: TableReading,
  orphans: Rec[],
  insts: Instance[],
  warn: (code: string, message: string, field?: string, origin?: Origin) => void,
): void {
  const blanks = [...reading.cells].filter(([, c]) => c.kind === 'blank');
  const singles = orphans.filter((r) => {
    const v = r.values!;
    const toks = v.kind === 'cells' ? v.cells.filter(Boolean) : v.run.split(/\s+/).filter(Boolean);
    return toks.length === 1 && parseValue(toks[0]).kind === 'number';
  });
  if (blanks.length !== 1 || orphans.length !== 1 || singles.length !== 1) return;
  const [key, cell] = blanks[0];
  const o = singles[0];
  const raw = o.values!.kind === 'cells' ? o.values!.cells.filter(Boolean)[0] : o.values!.run.trim();
  const value = parseValue(raw).value!;
  const get: Get = (k) => (k === key ? value : reading.cells.get(k)?.value ?? undefined);
  const touching = insts.filter((i) => [...i.lhs, ...i.rhs].includes(key));
  const results = touching.map((i) => evaluate(i, get));
  if (results.length === 0 || results.some((r) => r !== 'pass')) return;
  reading.cells.set(key, { raw, kind: 'number', value, origin: o.origin });
  reading.warnings = reading.warnings.filter((w) => !(w.code === 'values_unplaced' && w.origin === o.origin));
  warn(
    'orphan_placed',
    `cell printed blank, and the only number of the table without a row ("${raw}", line ${o.origin.line ?? '?'}) fills it: ${touching.map((i) => i.id).join(', ')} all hold with it`,
    `${def.id}.${key}`,
    cell.origin,
  );
}
