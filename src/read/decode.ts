/**
 * Bytes → string for HTML and text inputs. Order: BOM, declared charset
 * (HTML <meta charset> / http-equiv, passed in by the caller), then UTF-8 if
 * the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312,
 * the usual encoding of Chinese government pages). Decoding goes through
 * iconv-lite, so any label it knows works.
 *
 * A declaration is not trusted against the bytes: a page declaring a GB charset whose bytes are
 * valid UTF-8 with multi-byte characters is read as UTF-8, and a page declaring UTF-8 whose bytes
 * are not valid UTF-8 but are GB18030 (a CMS that re-encodes pages and keeps the template's
 * `<meta charset="utf-8">`) is read as GB18030. Every decision other than a BOM, an honoured
 * declaration or valid UTF-8 is a guess: `encodingWarning` says so (`encoding_guessed`).
 */
import iconv from 'iconv-lite';
import type { ReadWarning } from '../model.js';

export interface Decoded {
  text: string;
  encoding: string;
  /**
   * How the encoding was decided: `bom`; `declared` (the declaration was honoured); `utf8-valid`
   * (nothing declared, the bytes are valid UTF-8); `fallback` (nothing declared, not UTF-8: GB18030);
   * `overridden` (the bytes contradict the declaration: `declared` holds what it said).
   */
  via: 'bom' | 'declared' | 'utf8-valid' | 'fallback' | 'overridden';
  /** The declared charset, as written, when `via` is `overridden`. */
  declared?: string;
  /** `overridden` to GB18030: bytes GB18030 could not decode either (0 when the bytes are valid GB18030). */
  invalid?: number;
}

/**
 * The `encoding_guessed` read warning for a decision the bytes did not make certain (`fallback`,
 * `overridden`), or null. `what` names the input in the message (`page`, `text`).
 */
export function encodingWarning(d: Decoded, what: string): ReadWarning | null {
  if (d.via === 'fallback') return { code: 'encoding_guessed', message: `the ${what} is not valid UTF-8 and declares no charset: decoded as ${d.encoding}` };
  if (d.via !== 'overridden') return null;
  const bad = d.invalid ? `; ${d.invalid} byte sequence(s) are not valid ${d.encoding} either and read as U+FFFD` : '';
  return {
    code: 'encoding_guessed',
    message: `the ${what} declares charset ${d.declared}, but its bytes are not ${d.declared}: decoded as ${d.encoding}${bad}`,
  };
}

const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'windows-936': 'gb18030',
  gb_2312: 'gb18030',
  'gb_2312-80': 'gb18030',
};

export function normalizeCharset(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : null;
}

/**
 * Lone UTF-16 surrogates become U+FFFD. iconv-lite's GB18030 decoder can emit them for
 * malformed 4-byte sequences, and parse5 then computes an invalid code point from two low
 * surrogates and throws (fuzz: a GBK page with random bytes inserted).
 */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function decodeText(bytes: Uint8Array, declared?: string | null): Decoded {
  const d = decodeRaw(bytes, declared);
  return { ...d, text: wellFormed(d.text) };
}

function decodeRaw(bytes: Uint8Array, declared?: string | null): Decoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8', via: 'bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le', via: 'bom' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be', via: 'bom' };
  if (declared) {
    const enc = normalizeCharset(declared);
    if (enc === 'utf8' || enc === 'utf-8') {
      // declared UTF-8: the bytes decide between it and GB18030 when they are not valid UTF-8
      if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8', via: 'declared' };
      const gb = gb18030Instead(buf);
      if (gb) return { ...gb, via: 'overridden', declared };
      return { text: buf.toString('utf8'), encoding: 'utf-8', via: 'declared' };
    }
    // a page that declares gb2312 but is valid UTF-8 with CJK is mislabeled more often than not
    if (enc && isValidUtf8WithMultibyte(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8', via: 'overridden', declared };
    if (enc) return { text: iconv.decode(buf, enc), encoding: enc, via: 'declared' };
  }
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8', via: 'utf8-valid' };
  return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030', via: 'fallback' };
}

/**
 * Bytes that are not valid UTF-8, read as GB18030 when that fits them far better: valid GB18030,
 * or at most a tenth as many undecodable sequences as UTF-8 finds (a GBK page with a stray
 * corrupted byte). UTF-8 text with a bad byte is not taken: its odd-length runs of CJK bytes break
 * GB18030's byte pairs again and again. Null when UTF-8 fits as well.
 */
function gb18030Instead(buf: Buffer): { text: string; encoding: string; invalid: number } | null {
  const text = iconv.decode(buf, 'gb18030');
  const gbBad = countReplacements(text);
  if (gbBad === 0) return { text, encoding: 'gb18030', invalid: 0 };
  const utfBad = countReplacements(buf.toString('utf8'));
  return gbBad * 10 <= utfBad ? { text, encoding: 'gb18030', invalid: gbBad } : null;
}

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

function isValidUtf8WithMultibyte(buf: Buffer): boolean {
  let hasHigh = false;
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) { hasHigh = true; break; }
  return hasHigh && isValidUtf8(buf);
}
