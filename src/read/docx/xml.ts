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
  /** Attribute values keyed by local name (first occurrence wins). */
  attrs: Record<string, string>;
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
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode bytes of an XML part (UTF-8, or UTF-16 with a BOM). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes); // strips a UTF-8 BOM
}

export function parseXml(src: string, opts: ParseOptions = {}): ParseResult {
  const maxDepth = opts.maxDepth ?? 256;
  const textEls = opts.textElements ?? new Set(['t']);
  const unknown = new Set<string>();
  let doctypeSkipped = false;

  const decode = (s: string): string => {
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
    el: XmlElement;
    qname: string;
    scope: Map<string, string>;
    keepText: boolean;
  }
  const rootScope = new Map<string, string>([['xml', XML_NS]]);
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const tagRe = /<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  const attrRe = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const closeRe = /<\/([^\s>]+)\s*>/y;

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
      closeRe.lastIndex = i;
      const m = closeRe.exec(src);
      if (!m) fail('bad end tag', i);
      const top = stack.pop();
      if (!top || top.qname !== m![1]) fail(`end tag </${m![1]}> does not match <${top?.qname ?? '(none)'}>`, i);
      i = closeRe.lastIndex;
      continue;
    }
    tagRe.lastIndex = i;
    const m = tagRe.exec(src);
    if (!m) fail('bad start tag', i);
    const qname = m![1];
    const attrText = m![2];
    const selfClose = m![3] === '/';
    i = tagRe.lastIndex;
    if (root && stack.length === 0) fail('more than one root element', i);
    const parentScope = stack.length ? stack[stack.length - 1].scope : rootScope;
    let scope = parentScope;
    const rawAttrs: [string, string][] = [];
    if (attrText) {
      attrRe.lastIndex = 0;
      let a: RegExpExecArray | null;
      while ((a = attrRe.exec(attrText))) {
        const an = a[1];
        const av = decode(a[2] ?? a[3] ?? '');
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          if (scope === parentScope) scope = new Map(parentScope);
          scope.set(an === 'xmlns' ? '' : an.slice(6), av);
        } else rawAttrs.push([an, av]);
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const attrs: Record<string, string> = Object.create(null);
    for (const [an, av] of rawAttrs) {
      const ac = an.indexOf(':');
      const al = ac < 0 ? an : an.slice(ac + 1);
      if (!(al in attrs)) attrs[al] = av;
    }
    const el: XmlElement = { ns: scope.get(prefix) ?? '', name: local, attrs, children: [] };
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
