/**
 * A small MIME reader for MHT (MHTML, RFC 2557: a web page and its resources in one
 * `multipart/related` message), the format Word imports through `w:altChunk` with the content
 * type `message/rfc822` (Word's "Single File Web Page").
 *
 * Only what is needed to find the page is read: headers (RFC 5322 folding; first occurrence of a
 * field wins), `Content-Type` parameters (quoted or not), multipart bodies split on their
 * boundary (RFC 2046 §5.1.1), and the `base64` / `quoted-printable` transfer encodings
 * (RFC 2045 §6.7–6.8). The root of a `multipart/related` is the part named by its `start`
 * parameter, else its first part (RFC 2387 §3.2); the page is the first `text/html` part found
 * from the root (through a nested `multipart/alternative`). Nesting is followed at most 8 levels
 * deep. Bytes are handled as Latin-1 strings (one char per byte), so no byte is altered before the
 * page's own charset decodes it.
 */

const MAX_NESTING = 8;
/** Parts per multipart body that are looked at (an MHT holds a page and its images). */
const MAX_PARTS = 10_000;

interface Entity {
  headers: Map<string, string>;
  type: string;
  params: Record<string, string>;
  /** The raw (still transfer-encoded) body, one char per byte. */
  body: string;
}

/** The page of an MHT: its bytes (transfer encoding removed) and the charset its part declares. */
export interface MhtPage {
  html: Uint8Array;
  charset?: string;
}

/** Does this look like a MIME message (an MHT)? Headers first, and a Content-Type or MIME-Version among them. */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 4096));
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  return /^[!-9;-~]+:/.test(block) && /^(mime-version|content-type)\s*:/im.test(block);
}

/** The HTML page of an MHT, or undefined when it holds none. */
export function mhtPage(bytes: Uint8Array): MhtPage | undefined {
  const page = findHtml(parseEntity(latin1(bytes)), 0);
  if (!page) return undefined;
  return { html: fromLatin1(decodeBody(page)), charset: page.params.charset };
}

function findHtml(e: Entity, depth: number): Entity | undefined {
  if (e.type === 'text/html') return e;
  if (!e.type.startsWith('multipart/') || depth >= MAX_NESTING || !e.params.boundary) return undefined;
  const parts = splitMultipart(e.body, e.params.boundary).map(parseEntity);
  if (e.type === 'multipart/related' && e.params.start) {
    const start = e.params.start.replace(/^<|>$/g, '');
    const root = parts.find((p) => (p.headers.get('content-id') ?? '').replace(/^\s*<|>\s*$/g, '') === start);
    const page = root && findHtml(root, depth + 1);
    if (page) return page;
  }
  for (const p of parts) {
    const page = findHtml(p, depth + 1);
    if (page) return page;
  }
  return undefined;
}

function parseEntity(s: string): Entity {
  const m = /\r?\n\r?\n/.exec(s);
  const headerText = m ? s.slice(0, m.index) : s;
  const body = m ? s.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  let name = '';
  let keep = false; // the first occurrence of a field wins; a repeated field and its folds are ignored
  for (const line of headerText.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (keep) headers.set(name, `${headers.get(name)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      keep = false;
      continue;
    }
    name = line.slice(0, colon).trim().toLowerCase();
    keep = !headers.has(name);
    if (keep) headers.set(name, line.slice(colon + 1).trim());
  }
  const { type, params } = parseContentType(headers.get('content-type') ?? 'text/plain');
  return { headers, type, params, body };
}

/** `text/html; charset="gb2312"` → type and parameters (names lower-cased, quotes removed). */
export function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = Object.create(null);
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  let m: RegExpExecArray | null;
  const rest = semi < 0 ? '' : value.slice(semi);
  while ((m = re.exec(rest))) {
    const key = m[1].toLowerCase();
    if (!(key in params)) params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { type, params };
}

/**
 * The parts of a multipart body: the text between delimiter lines `--boundary` (at the start of
 * the body or of a line), up to `--boundary--`; without a closing delimiter the rest is the last
 * part. Works on slices of `body` (no copy of the whole body per nesting level).
 */
function splitMultipart(body: string, boundary: string): string[] {
  const delim = `--${boundary}`;
  const parts: string[] = [];
  let start = -1;
  let i = 0;
  while (parts.length < MAX_PARTS) {
    const at = body.indexOf(delim, i);
    if (at < 0) break;
    i = at + delim.length;
    if (at > 0 && body[at - 1] !== '\n') continue; // not at the start of a line
    const lineEnd = body.indexOf('\n', i);
    const tail = body.slice(i, lineEnd < 0 ? body.length : lineEnd);
    if (!/^(--)?[ \t\r]*$/.test(tail)) continue; // a line that only starts with the delimiter
    if (start >= 0) {
      let end = at > 0 ? at - 1 : 0; // the line break before the delimiter belongs to it
      if (end > start && body[end - 1] === '\r') end--;
      parts.push(body.slice(start, Math.max(start, end)));
    }
    if (tail.startsWith('--') || lineEnd < 0) {
      start = -1;
      break;
    }
    start = lineEnd + 1;
    i = start;
  }
  if (start >= 0 && parts.length < MAX_PARTS) parts.push(body.slice(start)); // no closing delimiter: take the rest
  return parts;
}

function decodeBody(e: Entity): string {
  const cte = (e.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (cte === 'base64') return Buffer.from(e.body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(e.body);
  return e.body; // 7bit, 8bit, binary
}

/** Quoted-printable: `=XX` is a byte, `=` at the end of a line is a soft line break; a stray `=` stays. */
export function decodeQuotedPrintable(s: string): string {
  return s.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=(?:\r?\n|([0-9A-Fa-f]{2}))/g, (_m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ''));
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function fromLatin1(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
