/**
 * A small non-validating XML parser for WordprocessingML parts.
 *
 * Why not a general parser: OOXML never uses DTDs, and a DOCX is untrusted input.
 * This parser never reads a DTD: a `<!DOCTYPE …>` declaration (with its internal
 * subset) is skipped and reported, and only the five predefined entities and
 * numeric character references are decoded. Any other `&name;` is left as the
 * literal text `&name;`, so neither external entities (files, URLs) nor
 * entity-expansion bombs can ever be resolved.
 *
 * Namespaces are resolved (prefix → URI) so that documents using other prefixes
 * or the Strict OOXML namespace are read the same way. To keep memory small,
 * character data is kept only inside elements whose local name is `t`
 * (w:t, m:t, a:t); attributes are keyed by their local name.
 */
import { XxgkError } from '../../errors.js';

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  /** Local name (without prefix). */
  name: string;
  /** Attribute values keyed by local name (first occurrence wins); parsed on first access. */
  readonly attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface ParseResult {
  root: XmlElement;
  doctypeSkipped: boolean;
  unknownEntities: string[];
}

export interface ParseOptions {
  /** Maximum element nesting depth (default 256). */
  maxDepth?: number;
  /** Keep character data only in elements with these local names (default: `t`). */
  textElements?: Set<string>;
  /**
   * Elements (namespace URI → local names) whose whole subtree is skipped without building
   * nodes: formatting properties the reader never looks at. Saves most of the parse time.
   */
  skip?: Map<string, Set<string>>;
}

/** The WordprocessingML main namespace, transitional and strict. */
export const W_NS = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode bytes of an XML part (UTF-8, or UTF-16 with a BOM). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes); // strips a UTF-8 BOM
}

type Decoder = (s: string) => string;

class El implements XmlElement {
  children: XmlNode[] = [];
  private parsed: Record<string, string> | undefined;
  constructor(
    public ns: string,
    public name: string,
    private raw: string,
    private decode: Decoder,
  ) {}
  get attrs(): Record<string, string> {
    if (!this.parsed) {
      const out: Record<string, string> = Object.create(null);
      for (const [an, av] of scanAttrs(this.raw)) {
        if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
        const ac = an.indexOf(':');
        const al = ac < 0 ? an : an.slice(ac + 1);
        if (!(al in out)) out[al] = this.decode(av);
      }
      this.parsed = out;
      this.raw = '';
    }
    return this.parsed;
  }
}

/** Raw (undecoded) attribute name/value pairs of a start tag's attribute text. */
function scanAttrs(raw: string): [string, string][] {
  const out: [string, string][] = [];
  const n = raw.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (i >= n) break;
    const eq = raw.indexOf('=', i);
    if (eq < 0) break;
    const name = raw.slice(i, eq).trim();
    let j = eq + 1;
    while (j < n && isSpace(raw.charCodeAt(j))) j++;
    const q = raw[j];
    if (q !== '"' && q !== "'") break;
    const e = raw.indexOf(q, j + 1);
    if (e < 0) break;
    out.push([name, raw.slice(j + 1, e)]);
    i = e + 1;
  }
  return out;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

export function parseXml(src: string, opts: ParseOptions = {}): ParseResult {
  const maxDepth = opts.maxDepth ?? 256;
  const textEls = opts.textElements ?? new Set(['t']);
  const skip = opts.skip;
  const unknown = new Set<string>();
  let doctypeSkipped = false;

  const decode: Decoder = (s) => {
    if (s.indexOf('&') < 0) return s;
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (m, ent: string) => {
      if (ent[0] === '#') {
        const cp = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(cp);
      }
      const v = PREDEFINED[ent];
      if (v !== undefined) return v;
      unknown.add(ent);
      return m;
    });
  };

  const fail = (msg: string, at: number): never => {
    throw new XxgkError('corrupt_file', `malformed XML in the Word document: ${msg} (at character ${at})`);
  };

  // stack of open elements, with the raw qualified name and the namespace scope in force
  interface Open {
    el: El;
    qname: string;
    scope: Map<string, string>;
    keepText: boolean;
  }
  const rootScope = new Map<string, string>([['xml', XML_NS]]);
  const stack: Open[] = [];
  let root: El | undefined;

  /** End of a start tag beginning at `i` ('<'): index of its '>' (quotes respected). */
  const tagEnd = (i: number): number => {
    let j = i + 1;
    for (;;) {
      const gt = src.indexOf('>', j);
      if (gt < 0) return fail('unterminated tag', i);
      // a quote between j and gt opens an attribute value that may contain '>'
      let k = j;
      let q = -1;
      for (; k < gt; k++) {
        const c = src.charCodeAt(k);
        if (c === 0x22 || c === 0x27) {
          q = k;
          break;
        }
      }
      if (q < 0) return gt;
      const qe = src.indexOf(src[q], q + 1);
      if (qe < 0) return fail('unterminated attribute value', q);
      j = qe + 1;
    }
  };

  /** Skip the subtree of an element named `qname` whose start tag ends at `from`. */
  const skipSubtree = (qname: string, from: number): number => {
    const open = '<' + qname;
    const close = '</' + qname;
    let depth = 1;
    let j = from;
    while (depth > 0) {
      const c = src.indexOf(close, j);
      if (c < 0) return fail(`unclosed element <${qname}>`, from);
      // nested same-name starts before this close
      let o = src.indexOf(open, j);
      while (o >= 0 && o < c) {
        const after = src.charCodeAt(o + open.length);
        if (isSpace(after) || after === 0x3e || after === 0x2f) {
          const e = tagEnd(o);
          if (src.charCodeAt(e - 1) !== 0x2f) depth++;
          o = src.indexOf(open, e);
        } else o = src.indexOf(open, o + open.length);
      }
      depth--;
      j = src.indexOf('>', c) + 1;
      if (j === 0) return fail('bad end tag', c);
    }
    return j;
  };

  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.keepText) top.el.children.push(decode(src.slice(i, textEnd)));
      } else if (src.slice(i, textEnd).trim() !== '') {
        fail('text outside the root element', i);
      }
    }
    if (lt < 0) break;
    i = lt;
    const c1 = src.charCodeAt(i + 1);
    if (c1 === 0x3f /* ? */) {
      const e = src.indexOf('?>', i + 2);
      if (e < 0) fail('unterminated processing instruction', i);
      i = e + 2;
      continue;
    }
    if (c1 === 0x21 /* ! */) {
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        if (e < 0) fail('unterminated comment', i);
        i = e + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i + 9);
        if (e < 0) fail('unterminated CDATA section', i);
        const top = stack[stack.length - 1];
        if (top?.keepText) top.el.children.push(src.slice(i + 9, e));
        i = e + 3;
        continue;
      }
      if (src.startsWith('<!DOCTYPE', i) || src.startsWith('<!doctype', i)) {
        if (stack.length > 0 || root) fail('DOCTYPE inside the document', i);
        i = skipDoctype(src, i, fail);
        doctypeSkipped = true;
        continue;
      }
      fail('unexpected markup declaration', i);
    }
    if (c1 === 0x2f /* / */) {
      const gt = src.indexOf('>', i);
      if (gt < 0) fail('bad end tag', i);
      const qname = src.slice(i + 2, gt).trimEnd();
      const top = stack.pop();
      if (!top || top.qname !== qname) fail(`end tag </${qname}> does not match <${top?.qname ?? '(none)'}>`, i);
      i = gt + 1;
      continue;
    }
    const gt = tagEnd(i);
    const selfClose = src.charCodeAt(gt - 1) === 0x2f;
    let nameEnd = i + 1;
    while (nameEnd < gt) {
      const c = src.charCodeAt(nameEnd);
      if (isSpace(c) || c === 0x2f || c === 0x3e) break;
      nameEnd++;
    }
    const qname = src.slice(i + 1, nameEnd);
    if (!qname) fail('bad start tag', i);
    const attrText = src.slice(nameEnd, selfClose ? gt - 1 : gt);
    if (root && stack.length === 0) fail('more than one root element', i);
    const parentScope = stack.length ? stack[stack.length - 1].scope : rootScope;
    let scope = parentScope;
    if (attrText.indexOf('xmlns') >= 0) {
      for (const [an, av] of scanAttrs(attrText)) {
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          if (scope === parentScope) scope = new Map(parentScope);
          scope.set(an === 'xmlns' ? '' : an.slice(6), decode(av));
        }
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const ns = scope.get(prefix) ?? '';
    if (skip?.get(ns)?.has(local)) {
      i = selfClose ? gt + 1 : skipSubtree(qname, gt + 1);
      continue;
    }
    i = gt + 1;
    const el = new El(ns, local, attrText, decode);
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else root = el;
    if (!selfClose) {
      if (stack.length >= maxDepth) throw new XxgkError('too_large', `Word document nests elements deeper than ${maxDepth} levels`);
      stack.push({ el, qname, scope, keepText: textEls.has(local) });
    }
  }
  if (stack.length) fail(`unclosed element <${stack[stack.length - 1].qname}>`, n);
  if (!root) fail('no root element', 0);
  return { root: root!, doctypeSkipped, unknownEntities: [...unknown] };
}

/** Skip `<!DOCTYPE name … [ internal subset ]>` without interpreting it. Returns the index after it. */
function skipDoctype(src: string, start: number, fail: (m: string, at: number) => never): number {
  let i = start + 9;
  let bracket = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      const e = src.indexOf(c, i + 1);
      if (e < 0) break;
      i = e + 1;
      continue;
    }
    if (c === '<' && src.startsWith('<!--', i)) {
      const e = src.indexOf('-->', i + 4);
      if (e < 0) break;
      i = e + 3;
      continue;
    }
    if (c === '[') bracket++;
    else if (c === ']') bracket--;
    else if (c === '>' && bracket <= 0) return i + 1;
    i++;
  }
  return fail('unterminated DOCTYPE', start);
}
