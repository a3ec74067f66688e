/**
 * The Open Packaging Conventions layer of a DOCX (ECMA-376 Part 2): the main document part
 * (`_rels/.rels`), a part's relationships (`<dir>/_rels/<name>.rels`), and content types
 * (`[Content_Types].xml`: an `Override` by part name, else a `Default` by extension).
 * Relationship and content-type parts are small; each is read with a 4 MiB cap.
 */
import { isXxgkError } from '../../errors.js';
import type { ZipArchive } from './zip.js';
import { decodeXml, parseXml } from './xml.js';

const OFFICE_DOCUMENT_REL = /\/officeDocument$/;
const SMALL_PART = 4 * 1024 * 1024;

/** One relationship of a part. `target` is a part name (no leading '/') unless `external`. */
export interface Relationship {
  id: string;
  /** The last segment of the relationship type URI (`styles`, `numbering`, `aFChunk`, …). */
  type: string;
  target: string;
  external: boolean;
}

const elements = (xml: Uint8Array) =>
  parseXml(decodeXml(xml), { textElements: new Set() }).root.children.filter((c) => typeof c !== 'string');

/** The main document part: the officeDocument relationship of _rels/.rels, else word/document.xml. */
export function mainDocumentPart(zip: ZipArchive): string | undefined {
  if (zip.has('_rels/.rels')) {
    try {
      for (const c of elements(zip.read('_rels/.rels', 1024 * 1024))) {
        if (typeof c === 'string' || c.name !== 'Relationship') continue;
        if (OFFICE_DOCUMENT_REL.test(c.attrs.Type ?? '') && c.attrs.TargetMode !== 'External') {
          const target = (c.attrs.Target ?? '').replace(/^\/+/, '');
          if (target && zip.has(target) && /\.xml$/i.test(target) && !/^(xl|ppt)\//.test(target)) return target;
        }
      }
    } catch (e) {
      if (isXxgkError(e) && e.code === 'too_large') throw e;
      // a damaged .rels: fall back to the conventional name
    }
  }
  return zip.has('word/document.xml') ? 'word/document.xml' : undefined;
}

/** The relationships of `partName`, in the order of its .rels part (none when it has no .rels part). */
export function partRelationships(zip: ZipArchive, partName: string): Relationship[] {
  const slash = partName.lastIndexOf('/');
  const dir = slash < 0 ? '' : partName.slice(0, slash + 1);
  const relsName = `${dir}_rels/${partName.slice(slash + 1)}.rels`;
  if (!zip.has(relsName)) return [];
  const out: Relationship[] = [];
  for (const c of elements(zip.read(relsName, SMALL_PART))) {
    if (typeof c === 'string' || c.name !== 'Relationship') continue;
    const external = c.attrs.TargetMode === 'External';
    const target = c.attrs.Target ?? '';
    out.push({
      id: c.attrs.Id ?? '',
      type: (c.attrs.Type ?? '').replace(/^.*\//, ''),
      target: external ? target : target.startsWith('/') ? normalizePath(target) : normalizePath(dir + target),
      external,
    });
  }
  return out;
}

/** Internal relationships by type (the first of each type). */
export function relatedParts(rels: Relationship[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rels) if (!r.external && !out.has(r.type)) out.set(r.type, r.target);
  return out;
}

/** A part name with `.`/`..` segments resolved (a `..` above the root is dropped); URI escapes decoded. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  let decoded = p;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    /* keep as written */
  }
  for (const seg of decoded.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

interface ContentTypes {
  overrides: Map<string, string>;
  defaults: Map<string, string>;
}
/** [Content_Types].xml read once per package. */
const contentTypes = new WeakMap<ZipArchive, ContentTypes>();

function readContentTypes(zip: ZipArchive): ContentTypes {
  let ct = contentTypes.get(zip);
  if (ct) return ct;
  ct = { overrides: new Map(), defaults: new Map() };
  contentTypes.set(zip, ct);
  if (!zip.has('[Content_Types].xml')) return ct;
  try {
    for (const c of elements(zip.read('[Content_Types].xml', SMALL_PART))) {
      if (typeof c === 'string') continue;
      const type = (c.attrs.ContentType ?? '').split(';')[0].trim().toLowerCase();
      if (c.name === 'Override') {
        const name = normalizePath(c.attrs.PartName ?? '').toLowerCase();
        if (!ct.overrides.has(name)) ct.overrides.set(name, type);
      } else if (c.name === 'Default') {
        const ext = (c.attrs.Extension ?? '').toLowerCase();
        if (!ct.defaults.has(ext)) ct.defaults.set(ext, type);
      }
    }
  } catch (e) {
    if (isXxgkError(e) && e.code === 'too_large') throw e;
    // a damaged [Content_Types].xml: no type known, the bytes decide
  }
  return ct;
}

/** The content type of a part from [Content_Types].xml (lower case, without parameters), or undefined. */
export function contentTypeOf(zip: ZipArchive, partName: string): string | undefined {
  const ct = readContentTypes(zip);
  const base = partName.slice(partName.lastIndexOf('/') + 1);
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  return ct.overrides.get(partName.toLowerCase()) ?? ct.defaults.get(ext);
}

/** What a zip without a Word document part is, for the `unsupported_format` message. */
export function describeNonDocx(zip: ZipArchive): string {

  const names = zip.names();
  const has = (n: string) => zip.has(n);
  if (has('xl/workbook.xml')) return 'an Excel workbook (.xlsx), not a Word document: xxgk reads .docx';
  if (has('ppt/presentation.xml')) return 'a PowerPoint presentation (.pptx), not a Word document: xxgk reads .docx';
  if (has('mimetype') || has('content.xml')) {
    let mime = '';
    try {
      mime = new TextDecoder().decode(zip.read('mimetype', 200)).trim();
    } catch {
      /* ignore */
    }
    if (/opendocument\.text/.test(mime) || (!mime && has('content.xml'))) {
      return 'an OpenDocument text (.odt), not a .docx: convert it first, e.g. `libreoffice --headless --convert-to docx FILE`';
    }
    if (mime.startsWith('application/epub')) return 'an EPUB book, not a Word document';
    return `an OpenDocument file (${mime || 'unknown type'}), not a Word document: xxgk reads .docx`;
  }
  if (has('[Content_Types].xml')) return 'an Office Open XML package without a Word document part (word/document.xml)';
  if (names.length === 0) return 'an empty zip archive (no word/document.xml): not a Word document';
  const sample = names.slice(0, 5).join(', ');
  return `a zip archive without word/document.xml (${names.length} entr${names.length === 1 ? 'y' : 'ies'}${sample ? `: ${sample}${names.length > 5 ? ', …' : ''}` : ''}); unpack it first`;
}
