/**
 * A byte-level guard run before pdf.js sees a file: the deepest nesting of
 * arrays and dictionaries outside streams, strings and comments. pdf.js
 * parses nested objects recursively, so a hostile file nested tens of
 * thousands deep overflows its stack inside promises it never handles;
 * real reports nest a dozen levels at most.
 */
export const MAX_PDF_NESTING = 512;

const LT = 0x3c, GT = 0x3e, LB = 0x5b, RB = 0x5d, LP = 0x28, RP = 0x29, BS = 0x5c, PCT = 0x25, CR = 0x0d, LF = 0x0a;
const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');

/** Maximum nesting depth of `[`/`<<` in the object syntax of a PDF (streams skipped). Stops early past `limit`. */
export function maxNesting(bytes: Uint8Array, limit = MAX_PDF_NESTING): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 0;
  let max = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const c = buf[i];
    if (c === LB || (c === LT && buf[i + 1] === LT)) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
      i += c === LB ? 1 : 2;
    } else if (c === RB || (c === GT && buf[i + 1] === GT)) {
      if (depth > 0) depth--;
      i += c === RB ? 1 : 2;
    } else if (c === LT) {
      // hex string
      const end = buf.indexOf(GT, i + 1);
      i = end < 0 ? n : end + 1;
    } else if (c === LP) {
      // literal string: balanced parentheses, backslash escapes
      let level = 1;
      i++;
      while (i < n && level > 0) {
        const d = buf[i];
        if (d === BS) i += 2;
        else {
          if (d === LP) level++;
          else if (d === RP) level--;
          i++;
        }
      }
    } else if (c === PCT) {
      while (i < n && buf[i] !== CR && buf[i] !== LF) i++;
    } else if (c === 0x73 /* s */ && i + STREAM.length < n && buf.compare(STREAM, 0, STREAM.length, i, i + STREAM.length) === 0 && (buf[i + 6] === CR || buf[i + 6] === LF) && (i === 0 || buf[i - 1] !== 0x64 /* d of endstream */)) {
      const end = buf.indexOf(ENDSTREAM, i + 6);
      i = end < 0 ? n : end + ENDSTREAM.length;
    } else {
      i++;
    }
  }
  return max;
}
