/**
 * Identity-driven verification of OCR'd numbers (issue 11). Runs after
 * extraction, on the contract cells:
 *
 * - A digits cell whose reading is not a number becomes `unreadable`.
 * - Table 二 has no identity: each number is read twice more and kept only
 *   when every reading agrees with confidence ≥ MIN_CONFIDENCE.
 * - Table 三/四: the cells of each failed identity are read again (word mode,
 *   2× line). When exactly one combination of readings satisfies every
 *   identity those cells touch, it is taken (`ocr_reread`, both readings in
 *   the message). Otherwise each such cell is kept only if confirmed (all
 *   readings agree, confident): a failed check over confirmed cells is the
 *   report's own. An unconfirmed one becomes null, kind `unreadable`, its
 *   reading in `raw`, warning `ocr_unconfirmed`. A printed total is never
 *   repaired: only readings that were actually produced are considered.
 */
import type { CellReading, ExtractWarning } from '../../extract/types.js';
import { parseValue } from '../../normalize.js';
import { columnType, type TemplateVersion } from '../../template.js';
import { evaluateInstance, identityInstances, type IdentityInstance, type Layout } from '../../validate/identities.js';
import type { OcrCell } from './page.js';
import { digitText } from './page.js';
import type { OcrSession } from './session.js';

/** Readings below this tesseract confidence (0–1) do not confirm a number. */
export const MIN_CONFIDENCE = 0.6;
/** Largest number of reading combinations searched for one group of failed identities. */
const MAX_COMBINATIONS = 20000;

interface Target {
  path: string;
  reading: CellReading;
  oc: OcrCell;
}

function parse(text: string, path: string, version: TemplateVersion): number | null {
  const [t, r, c] = path.split('.');
  const type = columnType(t as never, version, r, c);
  const p = parseValue(text, { signed: type === 'signed_int', decimal: type === 'decimal' });
  return p.kind === 'number' ? p.value : null;
}

/**
 * Confirmed: the line readings at two scales (1×, 2×) give the same text, each with confidence
 * ≥ MIN_CONFIDENCE. The word-mode reading (psm 8) only offers candidates: it drops a leading 1
 * ("12" → "2") and reports ~0.5 confidence on clean digits.
 */
function confirmed(oc: OcrCell): boolean {
  const lines = oc.readings.filter((r) => r.how === 'line' || r.how === 'line@2x');
  const texts = lines.map((r) => digitText(r));
  return lines.length >= 2 && texts.every((t) => t === texts[0]) && lines.every((r) => r.confidence >= MIN_CONFIDENCE);
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

  // digits ink that did not read as a number
  for (const t of targets.values()) {
    if (parse(t.reading.raw ?? '', t.path, version) === null) {
      await session.reread(t.oc);
      unconfirmed(t, 'ink of digits, no number read');
      targets.delete(t.path);
    }
  }
  // table 二: no identity, two agreeing confident readings
  for (const t of [...targets.values()].filter((x) => x.path.startsWith('active_disclosure.'))) {
    await session.reread(t.oc);
    if (!confirmed(t.oc)) unconfirmed(t, 'table 二 has no identity; the readings disagree or are not confident');
    targets.delete(t.path);
  }

  // tables 三 and 四: failed identities
  const instances = identityInstances(layout).map((i) => ({ ...i, terms: [...i.lhs, ...i.rhs].map((k) => `${i.table}.${k}`) }));
  const value = (p: string) => cells.get(p)?.value ?? null;
  const failed = instances.filter((i) => evaluateInstance(i, (k) => value(`${i.table}.${k}`)).status === 'fail');
  if (failed.length === 0) return;
  // group failed identities that share OCR'd cells
  const groups: { inst: typeof failed; cells: Set<string> }[] = [];
  for (const f of failed) {
    const mine = new Set(f.terms.filter((p) => targets.has(p)));
    const joined = groups.filter((g) => [...mine].some((p) => g.cells.has(p)));
    const g = { inst: [f, ...joined.flatMap((x) => x.inst)], cells: new Set([...mine, ...joined.flatMap((x) => [...x.cells])]) };
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
    const solution = uniqueSolution(ts, options, touching, value);
    if (solution) {
      ts.forEach((t, k) => {
        const v = solution[k];
        if (v === t.reading.value) return;
        const first = t.reading.raw ?? '';
        cells.set(t.path, { raw: String(v), kind: 'number', value: v, origin: t.reading.origin });
        const ids = touching.filter((i) => i.terms.includes(t.path)).map((i) => i.id).join(', ');
        warnings.push({ code: 'ocr_reread', field: t.path, message: `read "${first}" first and ${v} on re-reading; only ${v} satisfies ${ids}`, origin: t.reading.origin });
      });
      continue;
    }
    for (const t of ts) if (!confirmed(t.oc)) unconfirmed(t, `in failed check ${g.inst.map((i) => i.id).join(', ')}; no single reading satisfies it`);
  }
}

/** The only assignment of readings that makes every touching identity pass (terms all known), or null. */
function uniqueSolution(
  ts: Target[],
  options: number[][],
  touching: (IdentityInstance & { terms: string[] })[],
  value: (p: string) => number | null,
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
    const ok = touching.every((i) => evaluateInstance(i, (k) => get(`${i.table}.${k}`)).status !== 'fail');
    if (!ok) continue;
    if (found) return null;
    found = [...pick];
  }
  return found;
}
