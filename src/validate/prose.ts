/**
 * The prose of a report for the narrative checks (narrative.ts): its text blocks joined into one
 * string, with the text block each part came from.
 */
import type { Block, Doc, Origin } from '../model.js';

/** The document's prose as one string (`text`), with the text block each part came from. */
export interface Prose {
  text: string;
  /** `[start, origin]` of each text block's part of `text`, in order (one entry per block, not per character: inputs may be large). */
  parts: [number, Origin][];
}

/** The origin of the text block that `text[at]` came from. */
export function originAt(prose: Prose, at: number): Origin | undefined {
  let lo = 0;
  let hi = prose.parts.length - 1;
  let found: Origin | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (prose.parts[mid][0] <= at) {
      found = prose.parts[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const HEADING = /^(?:#+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])/;
const ENDS_SENTENCE = /[。！？!?；;：:]$/;

/** A heading line: numbered, short, without final punctuation (it ends a sentence). */
const isHeadingLine = (s: string): boolean => HEADING.test(s) && s.length <= 30 && !ENDS_SENTENCE.test(s);

/** An ASCII digit's code (`\d`); false for NaN (the code of an empty string's character). */
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** What `foldProse` changes: whitespace, full-width digits, and NUL (its placeholder, turned into a space). */
const NEEDS_FOLDING = /[\s\u0000０-９]/;

/**
 * Full-width digits folded; whitespace dropped, except one space between two digits ("3 119"
 * stays two numbers). Most PDF lines hold nothing of that: returned as they are, without the
 * four replacements.
 */
function foldProse(t: string): string {
  if (!NEEDS_FOLDING.test(t)) return t;
  return t
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/(\d)\s+(?=\d)/g, '$1\u0000')
    .replace(/\s+/g, '')
    .replace(/\u0000/g, ' ');
}

/**
 * Join the document's text blocks into prose. PDF and OCR'd lines, and text lines that follow
 * each other, continue one another (a sentence wraps over lines and pages): joined with
 * nothing. HTML/DOCX paragraphs, text lines after a blank line, a table, or a heading line
 * (numbered, short, without final punctuation) end a sentence: joined with a line break.
 * Whitespace is removed except between two digits; full-width digits are folded.
 */
export function proseOf(doc: Pick<Doc, 'format' | 'blocks'>, limit = Infinity): Prose {
  const out: string[] = [];
  let length = 0;
  let last = '';
  const parts: [number, Origin][] = [];
  const push = (s: string) => {
    out.push(s);
    length += s.length;
    last = s;
  };
  let prev: Extract<Block, { kind: 'text' }> | null = null;
  const wraps = doc.format === 'pdf' || doc.format === 'image';
  for (const b of doc.blocks) {
    if (length >= limit) break;
    if (b.kind !== 'text') {
      prev = null;
      push('\n');
      continue;
    }
    const t = (b.text.length > limit ? b.text.slice(0, limit) : b.text).trim();
    const cont = prev !== null && !isHeadingLine(prev.text.trim()) &&
      (wraps || (doc.format === 'text' && b.origin.line !== undefined && prev.origin.line === b.origin.line - 1));
    if (!cont) push('\n');
    const folded = foldProse(t);
    if (folded) {
      // two numbers that meet across blocks stay two numbers
      const apart = isDigit(last.charCodeAt(last.length - 1)) && isDigit(folded.charCodeAt(0));
      parts.push([length + (apart ? 1 : 0), b.origin]);
      if (apart) push(' ');
      push(folded);
    }
    prev = b;
  }
  return { text: out.join(''), parts };
}
