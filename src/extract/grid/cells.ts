/**
 * Grid strategy helpers shared by the three table readers: distinct cells of a row, row-label
 * matching that respects the enumeration style, and reading one value cell (with its notes).
 */
import type { Cell } from '../../model.js';
import { enumerationOf, normLabel, parseValue, squash, type EnumerationKind } from '../../normalize.js';
import type { ColumnDef, MoneyUnit, RowDef } from '../../template.js';
import { DETACHED_TARGETS } from '../notes.js';
import { readValue } from '../units.js';
import { matchLabel } from '../labels.js';
import type { CellReading, ExtractWarning } from '../types.js';

export function distinct(row: Cell[]): Cell[] {
  const seen = new Set<number>();
  const out: Cell[] = [];
  for (const c of row) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

export function spansOneColumn(c: Cell): boolean {
  return !c.colSpan || c.colSpan <= 1;
}

/** The enumeration style a label starts with (`(1)` counts as none: no template label uses it). */
function enumKind(text: string): EnumerationKind | null {
  const kind = enumerationOf(normLabel(text))?.kind ?? null;
  return kind === 'paren_digit' ? null : kind;
}

/**
 * The definitions a label of enumeration style `k` may match (those of no style or of `k`), kept
 * per definition list and style: the template's lists are fixed, and this runs for every row
 * label of every document.
 */
const pools = new WeakMap<readonly RowDef[], Map<EnumerationKind, readonly RowDef[]>>();
function poolOf(defs: readonly RowDef[], k: EnumerationKind): readonly RowDef[] {
  let byKind = pools.get(defs);
  if (!byKind) pools.set(defs, (byKind = new Map()));
  let pool = byKind.get(k);
  if (!pool) {
    pool = defs.filter((d) => {
      const dk = enumKind(d.label);
      return dk === null || dk === k;
    });
    byKind.set(k, pool);
  }
  return pool;
}

/** Match a row label, refusing a match whose enumeration style contradicts the definition's. */
export function matchRow(text: string, defs: readonly RowDef[], allowFuzzy = true) {
  const k = enumKind(text);
  return matchLabel(text, k ? poolOf(defs, k) : defs, { allowFuzzy });
}

export function readCell(
  cell: Cell | undefined,
  col: ColumnDef,
  field: string,
  warnings: ExtractWarning[],
  rowLabel?: string,
  headerUnit?: MoneyUnit | null,
): CellReading {
  if (!cell) {
    warnings.push({ code: 'cell_missing', field, message: 'no grid cell under this column in the row' });
    return { raw: null, kind: 'unreadable', value: null };
  }
  if (DETACHED_TARGETS.has(cell)) {
    warnings.push({ code: 'cell_unreadable', field, message: 'printed empty, but a value printed on a line of its own after the row may belong here (value_detached)', origin: cell.origin });
    return { raw: cell.text, kind: 'unreadable', value: null, origin: cell.origin };
  }
  let raw = cell.text;
  let text = raw;
  if (rowLabel) {
    // OCR transcripts repeat the row label inside value cells ("行政处罚 545")
    const nl = normLabel(rowLabel);
    const nt = normLabel(text);
    if (nl && nt.startsWith(nl) && nt.length > nl.length) {
      text = nt.slice(nl.length);
      warnings.push({ code: 'label_in_value', field, message: `value cell repeats the row label: "${squash(raw)}"`, origin: cell.origin });
    }
  }
  const p = readValue(text, col, headerUnit);
  if (cell.incomplete && p.kind === 'number') {
    // a number cut by a page break whose other part was not found: never read it shorter
    warnings.push({ code: 'cell_unreadable', field, message: `"${squash(raw)}" may be only part of a number: ${cell.incomplete}`, origin: cell.origin });
    return { raw, kind: 'unreadable', value: null, origin: cell.origin };
  }
  if (p.converted) {
    const where = p.note ? 'printed in' : 'under a header in';
    warnings.push({ code: 'unit_converted', field, message: `cell ${where} ${p.converted.from}: "${squash(raw)}"; ${p.converted.printed} ${p.converted.from} = ${p.decimal} ${p.converted.to}, the column's unit`, origin: cell.origin });
  } else if (p.kind === 'number' && p.note) {
    warnings.push({ code: 'cell_note', field, message: `cell holds more than a number: "${squash(raw)}"; took ${p.decimal}`, origin: cell.origin });
  } else if (p.kind === 'text') {
    warnings.push({ code: 'cell_text', field, message: `cell holds text, not a number: "${squash(raw)}"`, origin: cell.origin });
  }
  return { raw, kind: p.kind, value: p.value, decimal: p.decimal, origin: cell.origin };
}

export const isNumberish = (t: string) => {
  const p = parseValue(t, { signed: true, decimal: true });
  return p.kind === 'number' || p.kind === 'dash';
};
