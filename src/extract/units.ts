/**
 * Units written inside value cells, for every strategy (grid and stream):
 * - a count with its unit (`2笔`, `16件`): the number, the unit a note (`cell_note`);
 * - an amount in the other money unit than its column's contract unit (`47.9659万元` in 2019
 *   `procurement.amount`, whose unit is 元 → 479659; `251000元` in the 万元 fee column → 25.1):
 *   converted by moving the decimal point (exact decimal arithmetic on the printed digits, never a
 *   binary floating-point product), `unit_converted`, raw kept. Source: report-format.md A.4
 *   ("a value printed with a unit other than its column's contract unit is converted").
 */
import { normLabel, parseValue, squash, type ParsedValue } from '../normalize.js';
import { COUNT_UNITS, MONEY_UNIT_EXPONENT, MONEY_UNITS, parseOptionsOf, type ColumnDef, type MoneyUnit } from '../template.js';

/** A parsed cell value; `converted` when the printed money unit differed from the column's. */
export interface CellValue extends ParsedValue {
  converted?: { from: MoneyUnit; to: MoneyUnit; printed: string };
}

const COUNT_UNIT_RE = new RegExp(`^(.+?)(${COUNT_UNITS.join('|')})$`);

/** Is this note a money unit (元, 万元)? */
export const isMoneyUnit = (s: string | undefined): s is MoneyUnit => (MONEY_UNITS as readonly string[]).includes(s ?? '');

/** The money unit a header cell names (`本年收费金额（单位：元）` → 元, `采购总金额（万元）` → 万元), or null. */
export function headerMoneyUnit(headerText: string): MoneyUnit | null {
  // normalized: Traditional script too (單位：萬元 → 单位:万元)
  const m = /\([^()]*?(万元|元)\)/.exec(normLabel(headerText));
  return m ? (m[1] as MoneyUnit) : null;
}

/** Is this note a count unit (笔, 件, …)? */
export const isCountUnit = (s: string | undefined): boolean => (COUNT_UNITS as readonly string[]).includes(s ?? '');

/** A count written with its unit (`2笔` → `2`, `笔`); null when the text does not end in a count unit. */
export function splitCountUnit(raw: string): { number: string; unit: string } | null {
  const m = COUNT_UNIT_RE.exec(squash(raw.normalize('NFKC')));
  return m ? { number: m[1], unit: m[2] } : null;
}

/**
 * Parse a value cell for its column: the value parser (normalize.ts), then a count unit it does not
 * know (`2笔` → 2, note `笔`), then the conversion of a money unit to the column's contract unit —
 * the unit printed in the cell, else `headerUnit`, the one its header cell names.
 */
export function readValue(raw: string, col: ColumnDef, headerUnit?: MoneyUnit | null): CellValue {
  const opts = parseOptionsOf(col);
  let p: CellValue = parseValue(raw, opts);
  if (p.kind === 'text') {
    const m = splitCountUnit(raw);
    if (m) {
      const q = parseValue(m.number, opts);
      if (q.kind === 'number' && q.note === undefined) p = { ...q, note: m.unit };
    }
  }
  // the unit printed in the cell, else the one its header cell names (`采购总金额（万元）`)
  const printed = isMoneyUnit(p.note) ? p.note : p.note === undefined ? headerUnit ?? undefined : undefined;
  if (p.kind === 'number' && col.unit && printed && printed !== col.unit && p.decimal !== undefined) {
    const decimal = shiftDecimal(p.decimal, MONEY_UNIT_EXPONENT[printed] - MONEY_UNIT_EXPONENT[col.unit]);
    return { ...p, value: Number(decimal), decimal, converted: { from: printed, to: col.unit, printed: p.decimal } };
  }
  return p;
}

/**
 * Multiply a decimal string by 10^places, exactly, by moving its decimal point
 * (`shiftDecimal('47.9659', 4)` → `'479659'`, `shiftDecimal('251000', -4)` → `'25.1'`).
 * The result has no leading zeros (but `0.`), no trailing fraction zeros and no trailing point.
 * Throws on a string that is not `-?digits(.digits)?`.
 */
export function shiftDecimal(dec: string, places: number): string {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(dec);
  if (!m) throw new Error(`shiftDecimal: not a decimal: ${dec}`);
  const [, sign, int, frac = ''] = m;
  let digits = int + frac;
  let point = int.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const i = digits.slice(0, point).replace(/^0+(?=[0-9])/, '') || '0';
  const f = digits.slice(point).replace(/0+$/, '');
  const out = f ? `${i}.${f}` : i;
  return sign && out !== '0' ? `-${out}` : out;
}
