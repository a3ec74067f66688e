/**
 * Hidden text through the style hierarchy (word/styles.xml).
 *
 * Word does not print text whose run property `w:vanish` (Hidden) is on. The property can be set
 * directly on a run or come from the styles that apply to it. The order of application is the
 * style hierarchy of ECMA-376 Part 1 §17.7.2: document defaults (`w:docDefaults/w:rPrDefault`) →
 * table style (`w:tblStyle` of the enclosing table) → paragraph style (`w:pStyle`, else the
 * default paragraph style) → character style (`w:rStyle`, else the default character style) →
 * direct formatting (the run's own `w:rPr`).
 *
 * `w:vanish` is a toggle property (§17.7.3), implemented as written there:
 * - set in direct formatting, its value is absolute (`<w:vanish/>` hides, `w:val="0"`/`false`/`off`
 *   shows, whatever the styles say);
 * - otherwise each level of the hierarchy (table, paragraph, character style) contributes the
 *   first value met while walking that style's `w:basedOn` chain (a derived style's
 *   `w:val="0"` therefore masks a based-on style's `<w:vanish/>`); a `true` at a level toggles
 *   the state reached so far, a `false` leaves it unchanged; the walk starts from the document
 *   defaults' value (false when unset). So a paragraph style and a character style that both set
 *   `<w:vanish/>` show the text again, as Word does.
 * A `w:basedOn` naming a style of another type, or no style, is ignored (§17.7.4.3); chains are
 * followed at most 32 deep and cycles are cut.
 *
 * `w:specVanish` (§17.3.2.36: the paragraph mark is always hidden, Word's "style separator") is
 * resolved the same way and only honoured on paragraph marks (the spec lets it be ignored on other
 * runs, and Word does). `w:webHidden` (hidden in Web Layout view only) is NOT hidden text: Word
 * prints it, so xxgk reads it.
 *
 * Checked against LibreOffice 7.4 (documents rendered to PDF): it agrees on character, paragraph
 * and default styles, basedOn chains and direct `w:val="0"`; it departs from the spec in three
 * places where this module follows the spec (and Word): it does not toggle (a hidden paragraph style
 * plus a hidden character style stays hidden), it ignores `w:vanish` in `w:rPrDefault`, and it keeps a
 * paragraph with a hidden mark on its own line.
 */
import type { XmlElement } from './xml.js';
import { W_NS } from './xml.js';

/** The two run properties resolved here. */
export type HiddenProp = 'vanish' | 'specVanish';

interface StyleDef {
  type: string;
  basedOn?: string;
  /** The style's own value of each property (undefined: not set in this style). */
  own: Partial<Record<HiddenProp, boolean>>;
}

const MAX_CHAIN = 32;

const wChild = (el: XmlElement | undefined, name: string): XmlElement | undefined => {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && W_NS.has(c.ns) && c.name === name) return c;
  return undefined;
};

/** ST_OnOff (§17.17.4): absent `w:val` means on; `0`/`false`/`off` mean off. */
export function onOff(el: XmlElement | undefined): boolean | undefined {
  return el ? onOffValue(el.attrs.val) : undefined;
}

function onOffValue(v: string | undefined): boolean {
  return !(v === '0' || v === 'false' || v === 'off');
}

function ownProps(rPr: XmlElement | undefined): Partial<Record<HiddenProp, boolean>> {
  const out: Partial<Record<HiddenProp, boolean>> = {};
  const v = onOff(wChild(rPr, 'vanish'));
  if (v !== undefined) out.vanish = v;
  const s = onOff(wChild(rPr, 'specVanish'));
  if (s !== undefined) out.specVanish = s;
  return out;
}

/** The run-level style sheet of a document: which runs and paragraph marks are hidden. */
export class StyleSheet {
  private readonly styles = new Map<string, StyleDef>();
  private readonly defaults: Partial<Record<HiddenProp, boolean>> = {};
  private defaultParagraph?: string;
  private defaultCharacter?: string;
  /** Level values, per property: style id → the first value along its basedOn chain (styles that set none are absent). */
  private readonly levels: Record<HiddenProp, Map<string, boolean>> = { vanish: new Map(), specVanish: new Map() };
  /** No style and no document default sets either property: only direct formatting can hide (most documents). */
  private readonly directOnly: boolean;

  /** `root`: the `w:styles` element of styles.xml (its `w:rPr` kept), or undefined when the package has none. */
  constructor(root?: XmlElement) {
    if (root) this.readStyles(root);
    for (const prop of ['vanish', 'specVanish'] as const) {
      for (const id of this.styles.keys()) {
        const v = this.chainValue(id, prop);
        if (v !== undefined) this.levels[prop].set(id, v);
      }
    }
    this.directOnly = this.defaults.vanish === undefined && this.defaults.specVanish === undefined && this.levels.vanish.size === 0 && this.levels.specVanish.size === 0;
  }

  private readStyles(root: XmlElement): void {
    const rPrDefault = wChild(wChild(root, 'docDefaults'), 'rPrDefault');
    Object.assign(this.defaults, ownProps(wChild(rPrDefault, 'rPr')));
    for (const s of root.children) {
      if (typeof s === 'string' || !W_NS.has(s.ns) || s.name !== 'style') continue;
      const id = s.attrs.styleId;
      const type = s.attrs.type ?? 'paragraph';
      if (id === undefined || this.styles.has(id)) continue;
      this.styles.set(id, { type, basedOn: wChild(s, 'basedOn')?.attrs.val, own: ownProps(wChild(s, 'rPr')) });
      if (s.attrs.default !== undefined && onOffValue(s.attrs.default)) {
        if (type === 'paragraph') this.defaultParagraph ??= id;
        else if (type === 'character') this.defaultCharacter ??= id;
      }
    }
  }

  /** The value a style contributes at its level: the first one met along its basedOn chain (same type only). */
  private chainValue(id: string, prop: HiddenProp): boolean | undefined {
    const type = this.styles.get(id)?.type;
    const seen = new Set<string>();
    let cur: string | undefined = id;
    while (cur !== undefined && !seen.has(cur) && seen.size < MAX_CHAIN) {
      seen.add(cur);
      const s = this.styles.get(cur);
      if (!s || s.type !== type) return undefined; // a basedOn to a missing style or another type is ignored
      if (s.own[prop] !== undefined) return s.own[prop];
      cur = s.basedOn;
    }
    return undefined;
  }

  /** The level value of style `id` used as a `type` style (a style of another type does not apply). */
  private level(id: string | undefined, type: string, prop: HiddenProp): boolean | undefined {
    if (id === undefined || this.styles.get(id)?.type !== type) return undefined;
    return this.levels[prop].get(id);
  }

  /**
   * The resolved value of `prop` for a run (or paragraph mark) with run properties `rPr`, inside a
   * paragraph of style `pStyle` (undefined: the default paragraph style) and a table of style `tblStyle`.
   */
  resolve(prop: HiddenProp, rPr: XmlElement | undefined, pStyle: string | undefined, tblStyle: string | undefined): boolean {
    const direct = onOff(wChild(rPr, prop));
    if (direct !== undefined || this.directOnly) return direct ?? false;
    let v = this.defaults[prop] ?? false;
    const rStyle = wChild(rPr, 'rStyle')?.attrs.val;
    const levels: [string | undefined, string][] = [
      [tblStyle, 'table'],
      [pStyle ?? this.defaultParagraph, 'paragraph'],
      [rStyle ?? this.defaultCharacter, 'character'],
    ];
    for (const [id, type] of levels) if (this.level(id, type, prop) === true) v = !v;
    return v;
  }

  /** Is the text of a run with these properties hidden (not printed)? */
  runHidden(rPr: XmlElement | undefined, pStyle: string | undefined, tblStyle: string | undefined): boolean {
    return this.resolve('vanish', rPr, pStyle, tblStyle);
  }

  /**
   * Is the paragraph mark hidden (`w:pPr/w:rPr`)? Then Word shows the paragraph run into the next
   * one, as one paragraph (hidden: `w:vanish`; always hidden: `w:specVanish`).
   */
  markHidden(markRPr: XmlElement | undefined, pStyle: string | undefined, tblStyle: string | undefined): boolean {
    return this.resolve('vanish', markRPr, pStyle, tblStyle) || this.resolve('specVanish', markRPr, pStyle, tblStyle);
  }
}

/** The style sheet used when styles.xml is absent: only direct formatting hides. */
export const NO_STYLES = new StyleSheet();
