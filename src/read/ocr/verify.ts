/**
 * Identity-driven verification of OCR'd numbers (issue 11). Runs after
 * extraction, on the contract cells:
 *
 * - Table 二 has no identity: each number is read twice more (word mode, a
 *   second scale) and kept only when the line readings at both scales agree
 *   with confidence ≥ MIN_CONFIDENCE; otherwise `unreadable`.
 * - Tables 三/四: the cells of each failed identity, and digit cells whose
 *   first reading was not a number, are read again. When exactly one
 *   combination of readings makes no touching identity fail (and puts each
 *   formerly unread cell in one that passes), it is taken (`ocr_reread`,
 *   both readings in the message). Otherwise each cell of a failed identity
 *   is kept only if confirmed: a failed check over confirmed cells is the
 *   report's own. An unconfirmed one becomes null, kind `unreadable`, its
 *   first reading in `raw`, warning `ocr_unconfirmed`. A printed total is
 *   never repaired: only readings that were actually produced are tried.
 */
import type { CellReading, ExtractWarning } from '../../extract/types.js';
import { parseValue } from '../../normalize.js';
import { parseOptionsOf, tablesOf, type TemplateVersion } from '../../template.js';
import { evaluateInstance, identityInstances, type IdentityInstance, type Layout } from '../../validate/identities.js';
import type { OcrCell } from './page.js';
import { digitText } from './page.js';
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
 * Confirmed: the line readings at two scales give the same text, each with confidence
 * ≥ `min` (MIN_CONFIDENCE; KEEP_AGAINST_FAILURE_CONFIDENCE for a number kept in a failed
 * check). The word-mode reading (psm 8) only offers candidates: it drops a leading 1 ("12" → "2")
 * and reports ~0.5 confidence on clean digits.
 */
function confirmed(oc: OcrCell, min = MIN_CONFIDENCE): boolean {
  const lines = oc.readings.filter((r) => r.how.startsWith('line'));
  const texts = lines.map((r) => digitText(r));
  return lines.length >= 2 && texts.every((t) => t === texts[0]) && lines.every((r) => r.confidence >= min);
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

  // digits ink that did not read as a number: in table 二 unreadable at once; in tables 三/四
  // its re-readings are candidates that an identity may confirm (below)
  const unknown = new Set<string>();
  for (const t of targets.values()) {
    if (parse(t.reading.raw ?? '', t.path, version) !== null) continue;
    await session.reread(t.oc);
    if (t.path.startsWith('active_disclosure.')) {
      unconfirmed(t, 'ink of digits, no number read');
      targets.delete(t.path);
    } else unknown.add(t.path);
  }
  // table 二: no identity, two agreeing confident readings
  for (const t of [...targets.values()].filter((x) => x.path.startsWith('active_disclosure.'))) {
    await session.reread(t.oc);
    if (!confirmed(t.oc)) unconfirmed(t, 'table 二 has no identity; the readings disagree or are not confident');
    targets.delete(t.path);
  }

  // tables 三 and 四: failed identities, and cells with no number read
  const instances = identityInstances(layout).map((i) => ({ ...i, terms: [...i.lhs, ...i.rhs].map((k) => `${i.table}.${k}`) }));
  const value = (p: string) => (unknown.has(p) ? null : (cells.get(p)?.value ?? null));
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
  for (const g of groups) {
    const ts = [...g.cells].map((p) => targets.get(p)!);
    for (const t of ts) await session.reread(t.oc);
    const options = ts.map((t) => {
      const vals = new Set<number>();
      for (const r of t.oc.readings) {
        const v = parse(digitText(r), t.path, version);
        if (v !== null) vals.add(v);
      }
      return [...vals];
    });
    const touching = instances.filter((i) => i.terms.some((p) => g.cells.has(p)));
    const solution = uniqueSolution(ts, options, touching, value, unknown);
    if (solution) {
      ts.forEach((t, k) => {
        const v = solution[k];
        if (v === t.reading.value && !unknown.has(t.path)) return;
        const first = t.reading.raw ?? '';
        cells.set(t.path, { raw: String(v), kind: 'number', value: v, origin: t.reading.origin });
        const ids = touching.filter((i) => i.terms.includes(t.path) && evaluateInstance(i, (k) => cells.get(`${i.table}.${k}`)?.value ?? null).status === 'pass').map((i) => i.id).join(', ');
        warnings.push({ code: 'ocr_reread', field: t.path, message: `read "${first}" first and ${v} on re-reading; ${v} is the only reading that makes no identity fail${ids ? `; it satisfies ${ids}` : ''}`, origin: t.reading.origin });
      });
      continue;
    }
    for (const t of ts) {
      if (unknown.has(t.path)) unconfirmed(t, 'ink of digits, no number read, and no identity confirms a re-reading');
      else if (g.inFailed.has(t.path) && !confirmed(t.oc, KEEP_AGAINST_FAILURE_CONFIDENCE)) unconfirmed(t, `in failed check ${g.inst.map((i) => i.id).join(', ')}; no single reading satisfies it`);
    }
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
