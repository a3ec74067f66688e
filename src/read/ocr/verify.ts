/**
 * Identity-driven verification of OCR'd numbers (issue 11). Runs after
 * extraction, on the contract cells:
 *
 * - Every reading of a digits cell takes its sign from the ink (a minus seen by its shape),
 *   and a reading with fewer digits than the cell has full-height glyphs has lost some: it is
 *   neither a candidate nor a confirmation (blurred `11` reads `1` at every scale).
 * - Table 二 has no identity: each number is read again (word mode, a second scale, the other
 *   interpolation, glyph by glyph) and kept only when at least two readings agree with
 *   confidence ≥ MIN_CONFIDENCE and no confident reading disagrees (confirmedValue); a first
 *   reading they overrule is replaced (`ocr_reread`); otherwise `unreadable`.
 * - Tables 三/四: the cells of each failed identity, and digit cells whose
 *   first reading was not a number (or lost glyphs), are read again. When exactly one
 *   combination of readings makes no touching identity fail (and puts each
 *   formerly unread cell in one that passes), it is taken (`ocr_reread`,
 *   both readings in the message). Otherwise each cell of a failed identity
 *   is kept only if confirmed: a failed check over confirmed cells is the
 *   report's own. An unconfirmed one becomes null, kind `unreadable`, its
 *   first reading in `raw`, warning `ocr_unconfirmed`. A printed total is
 *   never repaired: only readings that were actually produced are tried.
 *   Blank and dash cells count as nothing in these sums (the output's checks still call such
 *   identities uncertain); a number that no identity can check is held to table 二's rule.
 */
import type { CellReading, ExtractWarning } from '../../extract/types.js';
import { parseValue } from '../../normalize.js';
import { parseOptionsOf, tablesOf, type TemplateVersion } from '../../template.js';
import { evaluateInstance, identityInstances, type IdentityInstance, type Layout } from '../../validate/identities.js';
import type { OcrCell } from './page.js';
import { digitText, losesGlyphs } from './page.js';
import type { OcrSession } from './session.js';

/** Readings below this tesseract confidence (0–1) do not confirm a number. */
export const MIN_CONFIDENCE = 0.6;
/**
 * A number kept although an identity it is in still fails (taken as the report's own failure)
 * needs its line readings at this confidence or more: at 150 dpi JPEG q40 a blurred "11" reads
 * "1" at both scales with 0.60–0.79 (city-2020 scan), where clean digits read at ≥ 0.92.
 */
export const KEEP_AGAINST_FAILURE_CONFIDENCE = 0.9;
/** Largest number of reading combinations searched for one group of failed identities. */
const MAX_COMBINATIONS = 20000;

interface Target {
  path: string;
  reading: CellReading;
  oc: OcrCell;
}

function parse(text: string, path: string, version: TemplateVersion): number | null {
  const [t, r, c] = path.split('.');
  const col = tablesOf(version).find((x) => x.id === t)?.rows.find((row) => row.key === r)?.columns.find((cc) => cc.key === c);
  const p = parseValue(text, col ? parseOptionsOf(col) : { signed: false, decimal: false });
  return p.kind === 'number' ? p.value : null;
}

/**
 * The value a cell's readings confirm, or null. Counted are the readings other than the
 * word-mode one (psm 8 drops a leading 1, "12" → "2", and reports ~0.5 confidence on clean
 * digits: it only offers candidates) that parse as a number of the cell's column, have no
 * fewer digits than the cell has glyphs (OcrCell.glyphs: blurred `11` reads `1`) and
 * confidence ≥ `min` (MIN_CONFIDENCE; KEEP_AGAINST_FAILURE_CONFIDENCE for a number kept in a
 * failed check). Confirmed: at least two of them, and all of them give the same number —
 * independent readings (another scale, another interpolation, glyph by glyph) agreeing.
 */
function confirmedValue(t: Target, version: TemplateVersion, min = MIN_CONFIDENCE): number | null {
  let value: number | null = null, n = 0;
  for (const r of t.oc.readings) {
    if (r.how.startsWith('word') || r.confidence < min || losesGlyphs(t.oc, r.text)) continue;
    const v = parse(r.text, t.path, version);
    if (v === null) continue;
    if (value !== null && v !== value) return null;
    value = v;
    n++;
  }
  return n >= 2 ? value : null;
}

/** The numbers a cell's readings offer (each reading that parses and keeps every glyph). */
function candidates(t: Target, version: TemplateVersion): number[] {
  const vals = new Set<number>();
  for (const r of t.oc.readings) {
    if (losesGlyphs(t.oc, r.text)) continue;
    const v = parse(r.text, t.path, version);
    if (v !== null) vals.add(v);
  }
  return [...vals];
}

/**
 * Verify the OCR'd cells of an extraction in place: `cells` (path → reading)
 * is updated and warnings appended. `layout` as for the identities.
 */
export async function verifyOcr(
  session: OcrSession,
  cells: Map<string, CellReading>,
  version: TemplateVersion,
  layout: Layout,
  warnings: ExtractWarning[],
): Promise<void> {
  const targets = new Map<string, Target>();
  for (const [path, reading] of cells) {
    const oc = session.at(reading.origin);
    if (oc && oc.ink === 'digits') targets.set(path, { path, reading, oc });
  }
  const unconfirmed = (t: Target, why: string) => {
    const raw = digitText(t.oc.readings[0] ?? { text: '', confidence: 0 });
    cells.set(t.path, { raw, kind: 'unreadable', value: null, origin: t.reading.origin });
    const seen = t.oc.readings.map((r) => `${r.how} "${digitText(r)}" (${r.confidence.toFixed(2)})`).join(', ');
    warnings.push({ code: 'ocr_unconfirmed', field: t.path, message: `OCR reading not confirmed (${why}): ${seen}`, origin: t.reading.origin });
  };

  // digits ink that did not read as a number (or read with fewer digits than it has glyphs): in
  // tables 三/四 its re-readings are candidates that an identity may confirm (below)
  const unknown = new Set<string>();
  for (const t of targets.values()) {
    if (parse(t.reading.raw ?? '', t.path, version) !== null && !losesGlyphs(t.oc, t.reading.raw ?? '')) continue;
    // table 二's cells are all held to two agreeing readings below
    if (!t.path.startsWith('active_disclosure.')) unknown.add(t.path);
  }
  // table 二: no identity, two agreeing confident readings
  for (const t of [...targets.values()].filter((x) => x.path.startsWith('active_disclosure.'))) {
    targets.delete(t.path);
    // the quick re-reading first: a clean cell is confirmed by it, the rest are read every way
    await session.reread(t.oc, true);
    let v = confirmedValue(t, version);
    if (v === null) {
      await session.reread(t.oc);
      v = confirmedValue(t, version);
    }
    if (v === null) unconfirmed(t, 'table 二 has no identity; the readings disagree or are not confident');
    else if (v !== t.reading.value) {
      cells.set(t.path, { raw: String(v), kind: 'number', value: v, origin: t.reading.origin });
      const seen = t.oc.readings.map((r) => `${r.how} "${r.text}" (${r.confidence.toFixed(2)})`).join(', ');
      warnings.push({ code: 'ocr_reread', field: t.path, message: `read "${t.reading.raw ?? ''}" first and ${v} on re-reading; table 二 has no identity, and every confident reading gives ${v}: ${seen}`, origin: t.reading.origin });
    }
  }

  // tables 三 and 四: failed identities, and cells with no number read
  const instances = identityInstances(layout).map((i) => ({ ...i, terms: [...i.lhs, ...i.rhs].map((k) => `${i.table}.${k}`) }));
  // a blank or dash cell counts as nothing in the sums here (county reports leave the columns
  // nobody applied under blank): the checks of the output still call those identities
  // uncertain, but a reading is only confirmed or refused against the numbers printed
  const printed = (p: string) => {
    const c = cells.get(p);
    return c?.kind === 'blank' || c?.kind === 'dash' ? 0 : (c?.value ?? null);
  };
  const value = (p: string) => (unknown.has(p) ? null : printed(p));
  const failed = instances.filter((i) => evaluateInstance(i, (k) => value(`${i.table}.${k}`)).status === 'fail');
  // group the OCR'd cells of failed identities and the unknown cells, joined where they share a cell
  const groups: { inst: typeof failed; cells: Set<string>; inFailed: Set<string> }[] = [];
  const seeds = [
    ...failed.map((f) => ({ inst: [f], cells: new Set(f.terms.filter((p) => targets.has(p))) })),
    ...[...unknown].map((p) => ({ inst: [] as typeof failed, cells: new Set([p]) })),
  ];
  for (const seed of seeds) {
    const joined = groups.filter((g) => [...seed.cells].some((p) => g.cells.has(p)));
    const g = {
      inst: [...seed.inst, ...joined.flatMap((x) => x.inst)],
      cells: new Set([...seed.cells, ...joined.flatMap((x) => [...x.cells])]),
      inFailed: new Set([...(seed.inst.length ? seed.cells : []), ...joined.flatMap((x) => [...x.inFailed])]),
    };
    for (const j of joined) groups.splice(groups.indexOf(j), 1);
    groups.push(g);
  }
  // groups are solved until none more can be: a cell read again and placed by one group is a
  // printed number for the next (three blurred 11s of one row each wait on another's column)
  let pending = groups;
  for (let progress = true; progress && pending.length; ) {
    progress = false;
    const left: typeof groups = [];
    for (const g of pending) {
      const ts = [...g.cells].map((p) => targets.get(p)!);
      for (const t of ts) await session.reread(t.oc);
      const touching = instances.filter((i) => i.terms.some((p) => g.cells.has(p)));
      const solution = uniqueSolution(ts, ts.map((t) => candidates(t, version)), touching, value, unknown);
      if (!solution) {
        left.push(g);
        continue;
      }
      progress = true;
      ts.forEach((t, k) => {
        const v = solution[k];
        const wasUnknown = unknown.delete(t.path);
        if (v === t.reading.value && !wasUnknown) return;
        const first = t.reading.raw ?? '';
        cells.set(t.path, { raw: String(v), kind: 'number', value: v, origin: t.reading.origin });
        const ids = touching.filter((i) => i.terms.includes(t.path) && evaluateInstance(i, (k) => printed(`${i.table}.${k}`)).status === 'pass').map((i) => i.id).join(', ');
        warnings.push({ code: 'ocr_reread', field: t.path, message: `read "${first}" first and ${v} on re-reading; ${v} is the only reading that makes no identity fail${ids ? `; it satisfies ${ids}` : ''}`, origin: t.reading.origin });
      });
    }
    pending = left;
  }
  for (const g of pending) {
    for (const t of [...g.cells].map((p) => targets.get(p)!)) {
      if (unknown.has(t.path)) unconfirmed(t, 'ink of digits, no number read, and no identity confirms a re-reading');
      else if (g.inFailed.has(t.path) && confirmedValue(t, version, KEEP_AGAINST_FAILURE_CONFIDENCE) !== t.reading.value) unconfirmed(t, `in failed check ${g.inst.map((i) => i.id).join(', ')}; no single reading satisfies it`);
    }
  }

  // a number no identity can check (each one it is in has a term unread or not printed in the
  // layout) is held to table 二's rule: two independent confident readings of it must agree
  const grouped = new Set(groups.flatMap((g) => [...g.cells]));
  for (const t of targets.values()) {
    if (grouped.has(t.path) || t.path.startsWith('active_disclosure.')) continue;
    const its = instances.filter((i) => i.terms.includes(t.path));
    if (its.some((i) => evaluateInstance(i, (k) => printed(`${i.table}.${k}`)).status !== 'uncertain')) continue;
    await session.reread(t.oc, true);
    if (confirmedValue(t, version) !== t.reading.value) await session.reread(t.oc);
    if (confirmedValue(t, version) !== t.reading.value) unconfirmed(t, 'no identity can check it (each has a term unread), and its readings disagree or are not confident');
  }
}

/**
 * The only assignment of readings under which no touching identity fails and every cell that
 * had no number sits in one that passes; null when none or several.
 */
function uniqueSolution(
  ts: Target[],
  options: number[][],
  touching: (IdentityInstance & { terms: string[] })[],
  value: (p: string) => number | null,
  unknown: Set<string>,
): number[] | null {
  if (ts.length === 0 || options.some((o) => o.length === 0)) return null;
  const total = options.reduce((n, o) => n * o.length, 1);
  if (total > MAX_COMBINATIONS) return null;
  const idx = new Map(ts.map((t, k) => [t.path, k]));
  const pick = new Array<number>(ts.length).fill(0);
  let found: number[] | null = null;
  for (let n = 0; n < total; n++) {
    let m = n;
    for (let k = 0; k < ts.length; k++) {
      pick[k] = options[k][m % options[k].length];
      m = Math.floor(m / options[k].length);
    }
    const get = (p: string) => (idx.has(p) ? pick[idx.get(p)!] : value(p));
    const status = new Map(touching.map((i) => [i, evaluateInstance(i, (k) => get(`${i.table}.${k}`)).status]));
    // no identity fails; a cell that had no number must be confirmed by one that passes
    const ok = [...status.values()].every((st) => st !== 'fail') &&
      ts.every((t) => !unknown.has(t.path) || touching.some((i) => i.terms.includes(t.path) && status.get(i) === 'pass'));
    if (!ok) continue;
    if (found) return null;
    found = [...pick];
  }
  return found;
}
