/**
 * Imported content (`w:altChunk`, ECMA-376 Part 1 §17.17.2.1): a body element that points, by an
 * `aFChunk` relationship, to a part in another format that Word converts and shows in place.
 * Generators (html-docx-js, OpenXML-SDK based exporters) often put a whole report there.
 *
 * Each part is read with the matching reader, chosen by its content type ([Content_Types].xml),
 * or by its bytes when the type is missing or generic:
 * - `text/html`, `application/xhtml+xml` → the HTML reader;
 * - `message/rfc822`, `multipart/related` (MHT) → its page (mime.ts), decoded with the charset its
 *   MIME part declares (else the page's own), then the HTML reader;
 * - a WordprocessingML package (`…wordprocessingml.document`, `.docm`, templates) → this DOCX
 *   reader, recursively;
 * - `text/plain` → the text reader.
 * Anything else (RTF, Flat OPC XML, a part missing or external) is skipped with a
 * `docx_altchunk_ignored` warning that says why; a part that was read gets a `docx_altchunk_read`
 * note, and the warnings of its reader are kept, prefixed with the part name.
 *
 * Hostile input: every part goes through the same ZIP limits as the main part (declared and
 * actual size); a nested package gets its own ZIP checks with the remaining byte budget of the
 * whole document (`maxTotalBytes` in all, over all levels), so neither a deep nor a wide nesting
 * can inflate more than one document may; nesting stops at depth 3; at most 64 chunks are read in
 * all; a part imported twice is read once; a part that is being read (the main part, or a package
 * that contains itself) is never read again, so a self-referencing chunk cannot loop.
 */
import { XxgkError, isXxgkError } from '../../errors.js';
import type { Block, Doc, ReadWarning } from '../../model.js';
import { looksLikeMime, mhtPage } from './mime.js';
import { contentTypeOf, type Relationship } from './package.js';
import type { ZipArchive } from './zip.js';

/** Depth of nested packages read through altChunk (the main document is depth 0). */
export const MAX_CHUNK_DEPTH = 3;
/** Chunks read in one document, all levels together. */
export const MAX_CHUNKS = 64;

/** Shared by a document and every package nested in it. */
export interface ChunkBudget {
  /** Bytes that chunk parts and nested packages may still declare/inflate. */
  bytes: number;
  /** Chunks that may still be read. */
  chunks: number;
  /** Checksums (crc32:length) of the packages being read, outermost first: a package never reads itself. */
  chain: string[];
}

export interface ChunkEnv {
  zip: ZipArchive;
  /** The part whose body holds the altChunk elements (never read as a chunk of itself). */
  partName: string;
  rels: Relationship[];
  /** Depth of this package (0: the file given). */
  depth: number;
  budget: ChunkBudget;
  /** Read a nested WordprocessingML package one level deeper. */
  readDocx: (bytes: Uint8Array) => Promise<Doc>;
}

type Kind = 'html' | 'mht' | 'docx' | 'text';

const BY_TYPE: Record<string, Kind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'message/rfc822': 'mht',
  'multipart/related': 'mht',
  'application/x-mimearchive': 'mht',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template': 'docx',
  'application/vnd.ms-word.document.macroenabled.12': 'docx',
  'application/vnd.ms-word.template.macroenabled.12': 'docx',
  'text/plain': 'text',
};
/** Types that say nothing about the content: the bytes decide. */
const GENERIC = new Set(['', 'application/octet-stream', 'application/binary']);

/** What the bytes are, for a part without a telling content type. */
function sniff(bytes: Uint8Array): Kind | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx';
  if (looksLikeMime(bytes)) return 'mht';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(head)) return 'html';
  return undefined;
}

/**
 * Read the parts of the altChunk elements `ids` (relationship ids, in document order). Returns
 * the blocks of each part read; warnings (skips, notes, the chunk readers' own) go to `warnings`.
 * Throws only `too_large` (a chunk over the limits of the document).
 */
export async function readAltChunks(ids: string[], env: ChunkEnv, warnings: ReadWarning[]): Promise<Map<string, Block[]>> {
  const out = new Map<string, Block[]>();
  const byId = new Map(env.rels.map((r) => [r.id, r] as const));
  const skip = (why: string) => warnings.push({ code: 'docx_altchunk_ignored', message: `imported content (w:altChunk) not read: ${why}` });
  for (const id of ids) {
    if (out.has(id)) continue; // imported twice: placed once (body.ts)
    const rel = byId.get(id);
    if (!rel) {
      skip(`relationship ${id} is not declared`);
      continue;
    }
    if (rel.external) {
      skip(`it links to an external file (${rel.target})`);
      continue;
    }
    const part = rel.target;
    if (part === env.partName) {
      skip(`${part} is the document itself`);
      continue;
    }
    if (!env.zip.has(part)) {
      skip(`part ${part} is missing from the package`);
      continue;
    }
    if (env.budget.chunks <= 0) {
      skip(`${part}: more than ${MAX_CHUNKS} imported parts in the document`);
      continue;
    }
    env.budget.chunks--;
    const size = env.zip.entries.get(part)!.size;
    if (size > env.budget.bytes) {
      skip(`${part} (${size} bytes) exceeds what remains of the document's size limit`);
      continue;
    }
    const bytes = env.zip.read(part); // the ZIP limits of the main part (too_large propagates)
    env.budget.bytes -= bytes.length;
    const declared = contentTypeOf(env.zip, part) ?? '';
    const kind = GENERIC.has(declared) ? sniff(bytes) : BY_TYPE[declared];
    if (!kind) {
      skip(`${part} has the content type ${declared || '(none)'}, which xxgk does not read`);
      continue;
    }
    if (kind === 'docx' && env.depth + 1 > MAX_CHUNK_DEPTH) {
      skip(`${part} is a Word document nested more than ${MAX_CHUNK_DEPTH} levels deep`);
      continue;
    }
    try {
      const doc = await readChunk(kind, bytes, env);
      if (!doc) {
        skip(`${part} holds no HTML page`);
        continue;
      }
      out.set(id, doc.blocks);
      const tables = doc.blocks.filter((b) => b.kind === 'table').length;
      warnings.push({ code: 'docx_altchunk_read', message: `imported content (w:altChunk) ${part} read as ${KIND_NAMES[kind]}: ${doc.blocks.length - tables} text block(s), ${tables} table(s)` });
      for (const w of doc.warnings) warnings.push({ ...w, message: `${part}: ${w.message}` });
    } catch (e) {
      if (isXxgkError(e) && e.code === 'too_large') {
        throw new XxgkError('too_large', `the part ${part} imported by w:altChunk is over the document's limits: ${e.message}`, { cause: e });
      }
      skip(`${part} cannot be read as ${KIND_NAMES[kind]} (${(e as Error).message})`);
    }
  }
  return out;
}

const KIND_NAMES: Record<Kind, string> = { html: 'HTML', mht: 'MHT (web archive)', docx: 'a Word document', text: 'text' };

async function readChunk(kind: Kind, bytes: Uint8Array, env: ChunkEnv): Promise<Doc | undefined> {
  switch (kind) {
    case 'html':
      return readHtml(bytes);
    case 'mht': {
      const page = mhtPage(bytes);
      if (!page) return undefined;
      return readHtml(page.html, page.charset);
    }
    case 'text':
      return (await import('../text.js')).textReader.read(bytes);
    case 'docx':
      return env.readDocx(bytes);
  }
}

/**
 * The HTML reader on the page's bytes. A charset declared outside the page (the MIME part of an
 * MHT) is applied first: the page is decoded with it (decode.ts, as for any declared charset)
 * and handed over as UTF-8 with a byte-order mark, which the HTML reader honours before any `<meta>`.
 */
async function readHtml(bytes: Uint8Array, charset?: string): Promise<Doc> {
  const [{ htmlReader }, { decodeText, normalizeCharset }] = await Promise.all([import('../html.js'), import('../decode.js')]);
  let input = bytes;
  if (charset && normalizeCharset(charset)) {
    const text = decodeText(bytes, charset).text;
    input = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  }
  return htmlReader.read(input);
}
