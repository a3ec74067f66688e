/**
 * Automatic paragraph numbering (word/numbering.xml, numbering via paragraph styles).
 *
 * Word does not store generated list labels in the text: a heading typed as an auto-numbered
 * list reads `总体情况` in the XML but `一、总体情况` on the page. The reader renders the label
 * (`w:lvlText` with `%1`…`%9` replaced by the level counters in their `w:numFmt`) in front of
 * the paragraph text, so headings and row labels read as printed. Bullets render as nothing.
 *
 * Simplifications: counters are kept per abstract numbering definition (lists sharing a
 * definition continue each other unless a `w:startOverride` restarts them), `w:lvlRestart`
 * is ignored (deeper levels restart when a shallower level advances), `w:isLgl` is ignored.
 */
import type { XmlElement } from './xml.js';
import { onOff } from './styles.js';

interface Level {
  start: number;
  fmt: string;
  text: string;
  /** `w:lvl/w:rPr/w:vanish`: the level's label hidden (true) or shown (false) whatever the paragraph mark says. */
  vanish?: boolean;
  suff: string;
}

interface NumInstance {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: Level }>;
}

interface StyleNum {
  numId?: string;
  ilvl?: number;
  basedOn?: string;
}

export interface NumberingDefs {
  abstracts: Map<string, Map<number, Level>>;
  nums: Map<string, NumInstance>;
  styles: Map<string, StyleNum>;
}

const childEls = (el: XmlElement, name: string) => el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
const firstEl = (el: XmlElement | undefined, name: string) => (el ? childEls(el, name)[0] : undefined);
const intOf = (el: XmlElement | undefined, attr = 'val') => {
  const v = el?.attrs[attr];
  const n = v === undefined ? NaN : parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
};

function readLevel(lvl: XmlElement): Level {
  return {
    start: intOf(firstEl(lvl, 'start')) ?? 1,
    fmt: firstEl(lvl, 'numFmt')?.attrs.val ?? 'decimal',
    text: firstEl(lvl, 'lvlText')?.attrs.val ?? '',
    vanish: onOff(firstEl(firstEl(lvl, 'rPr'), 'vanish')),
    suff: firstEl(lvl, 'suff')?.attrs.val ?? 'tab',
  };
}

export function readNumberingDefs(numbering: XmlElement | undefined, styles: XmlElement | undefined): NumberingDefs {
  const defs: NumberingDefs = { abstracts: new Map(), nums: new Map(), styles: new Map() };
  if (numbering) {
    for (const a of childEls(numbering, 'abstractNum')) {
      const id = a.attrs.abstractNumId;
      if (id === undefined) continue;
      const levels = new Map<number, Level>();
      for (const lvl of childEls(a, 'lvl')) levels.set(intOf(lvl, 'ilvl') ?? 0, readLevel(lvl));
      defs.abstracts.set(id, levels);
    }
    for (const n of childEls(numbering, 'num')) {
      const id = n.attrs.numId;
      const abstractId = firstEl(n, 'abstractNumId')?.attrs.val;
      if (id === undefined || abstractId === undefined) continue;
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of childEls(n, 'lvlOverride')) {
        const lvl = firstEl(o, 'lvl');
        overrides.set(intOf(o, 'ilvl') ?? 0, { start: intOf(firstEl(o, 'startOverride')), level: lvl ? readLevel(lvl) : undefined });
      }
      defs.nums.set(id, { abstractId, overrides });
    }
  }
  if (styles) {
    for (const s of childEls(styles, 'style')) {
      const id = s.attrs.styleId;
      if (id === undefined || (s.attrs.type && s.attrs.type !== 'paragraph')) continue;
      const numPr = firstEl(firstEl(s, 'pPr'), 'numPr');
      defs.styles.set(id, {
        numId: firstEl(numPr, 'numId')?.attrs.val,
        ilvl: intOf(firstEl(numPr, 'ilvl')),
        basedOn: firstEl(s, 'basedOn')?.attrs.val,
      });
    }
  }
  return defs;
}

export class Numberer {
  private counters = new Map<string, (number | undefined)[]>();
  private started = new Set<string>();
  constructor(private readonly defs: NumberingDefs) {}

  /**
   * The generated label of a paragraph (its w:pPr), or '' when it is not numbered or the label is
   * hidden: the label is formatted like the paragraph mark (`markHidden`), overridden by the
   * level's own run properties (§17.9.24). A hidden label still advances the counters.
   */
  label(pPr: XmlElement | undefined, markHidden = false): string {
    if (!this.defs.nums.size) return '';
    let numId: string | undefined;
    let ilvl: number | undefined;
    const numPr = firstEl(pPr, 'numPr');
    if (numPr) {
      numId = firstEl(numPr, 'numId')?.attrs.val;
      ilvl = intOf(firstEl(numPr, 'ilvl'));
    }
    // numbering inherited from the paragraph style (and the styles it is based on)
    let styleId = firstEl(pPr, 'pStyle')?.attrs.val;
    for (let guard = 0; styleId !== undefined && guard < 20 && (numId === undefined || ilvl === undefined); guard++) {
      const st = this.defs.styles.get(styleId);
      if (!st) break;
      numId ??= st.numId;
      if (ilvl === undefined && st.ilvl !== undefined) ilvl = st.ilvl;
      styleId = st.basedOn;
    }
    if (numId === undefined || numId === '0') return '';
    const inst = this.defs.nums.get(numId);
    if (!inst) return '';
    const abs = this.defs.abstracts.get(inst.abstractId);
    if (!abs) return '';
    const lvlIdx = Math.max(0, Math.min(8, ilvl ?? 0));
    const levelOf = (i: number): Level | undefined => inst.overrides.get(i)?.level ?? abs.get(i);
    const lvl = levelOf(lvlIdx);
    if (!lvl) return '';

    let counters = this.counters.get(inst.abstractId);
    if (!counters) this.counters.set(inst.abstractId, (counters = []));
    if (!this.started.has(numId)) {
      this.started.add(numId);
      // a w:startOverride restarts the shared list at this instance's first use
      for (const [i, o] of inst.overrides) if (o.start !== undefined) counters[i] = undefined;
    }
    const startOf = (i: number) => inst.overrides.get(i)?.start ?? levelOf(i)?.start ?? 1;
    const cur = counters[lvlIdx];
    counters[lvlIdx] = cur === undefined ? startOf(lvlIdx) : cur + 1;
    for (let i = lvlIdx + 1; i < 9; i++) counters[i] = undefined;

    if (lvl.fmt === 'bullet' || lvl.fmt === 'none' || (lvl.vanish ?? markHidden)) return '';
    const text = lvl.text.replace(/%([1-9])/g, (_, d: string) => {
      const i = Number(d) - 1;
      const v = counters![i] ?? startOf(i);
      return formatNumber(v, i === lvlIdx ? lvl.fmt : levelOf(i)?.fmt ?? 'decimal');
    });
    if (!text) return '';
    return text + (lvl.suff === 'nothing' ? '' : lvl.suff === 'space' ? ' ' : '\t');
  }
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';

function chineseCounting(n: number, digits = CN_DIGITS, units = ['', '十', '百', '千']): string {
  if (n <= 0 || n >= 10000) return String(n);
  if (n < 10) return digits[n];
  const parts: string[] = [];
  const s = String(n);
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    const u = units[s.length - 1 - i];
    if (d === 0) {
      zero = true;
      continue;
    }
    if (zero && parts.length) parts.push(digits[0]);
    zero = false;
    // 10–19 read 十, 十一 … (not 一十)
    if (!(d === 1 && u === units[1] && s.length === 2)) parts.push(digits[d]);
    parts.push(u);
  }
  return parts.join('');
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(65 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
      return chineseCounting(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).replace(/[0-9]/g, (d) => CN_DIGITS[Number(d)]);
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1] : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1] : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2488 + n - 1) : `${n}.`;
    case 'ordinal':
    case 'cardinalText':
    case 'ordinalText':
    default:
      return String(n);
  }
}
