/**
 * Bytes → string for HTML and text inputs. Order: BOM, declared charset
 * (HTML <meta charset> / http-equiv, passed in by the caller), then UTF-8 if
 * the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312,
 * the usual encoding of Chinese government pages). Decoding goes through
 * iconv-lite, so any label it knows works.
 */
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  encoding: string;
  /** How the encoding was decided. */
  via: 'bom' | 'declared' | 'utf8-valid' | 'fallback';
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
    // a page that declares gb2312 but is valid UTF-8 with CJK is mislabeled more often than not
    if (enc && !(enc !== 'utf8' && enc !== 'utf-8' && isValidUtf8WithMultibyte(buf))) {
      return { text: iconv.decode(buf, enc), encoding: enc, via: 'declared' };
    }
  }
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8', via: 'utf8-valid' };
  return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030', via: 'fallback' };
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
