/**
 * WordprocessingML helpers shared by the body and table readers: element tests, attribute
 * access, and the unfolding of wrappers (sdt, customXml, tracked insertions, AlternateContent).
 */
import { W_NS, type XmlElement, type XmlNode } from './xml.js';

export const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

export const isW = (n: XmlNode, name?: string): n is XmlElement => typeof n !== 'string' && W_NS.has(n.ns) && (name === undefined || n.name === name);
export const isMc = (n: XmlNode, name: string): n is XmlElement => typeof n !== 'string' && n.ns === MC_NS && n.name === name;

/** The first WordprocessingML child element named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isW(c, name)) return c;
  return undefined;
}

/** An integer attribute (default `w:val`), undefined when absent or not a number. */
export function intAttr(el: XmlElement | undefined, name = 'val'): number | undefined {
  if (!el) return undefined;
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** Wrapper elements whose content counts as if it stood in their place. */
const TRANSPARENT = new Set(['customXml', 'smartTag', 'ins', 'moveTo', 'hyperlink', 'fldSimple', 'dir', 'bdo']);
/** Elements whose content is dropped (tracked deletions). */
const DROPPED = new Set(['del', 'moveFrom']);

/**
 * The children of `el` with wrappers unfolded: sdt → sdtContent, customXml/ins/… → their
 * content, mc:AlternateContent → its first Choice (or Fallback), deletions dropped.
 */
export function unwrap(nodes: XmlNode[], out: XmlElement[] = []): XmlElement[] {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    if (W_NS.has(n.ns)) {
      if (n.name === 'sdt') {
        const content = child(n, 'sdtContent');
        if (content) unwrap(content.children, out);
        continue;
      }
      if (TRANSPARENT.has(n.name)) {
        unwrap(n.children, out);
        continue;
      }
      if (DROPPED.has(n.name)) continue;
      out.push(n);
    } else if (n.ns === MC_NS && n.name === 'AlternateContent') {
      const branch = altBranch(n);
      if (branch) unwrap(branch.children, out);
    } else {
      out.push(n);
    }
  }
  return out;
}

export function altBranch(alt: XmlElement): XmlElement | undefined {
  let fallback: XmlElement | undefined;
  for (const c of alt.children) {
    if (isMc(c, 'Choice')) return c;
    if (isMc(c, 'Fallback')) fallback ??= c;
  }
  return fallback;
}
