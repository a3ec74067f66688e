/**
 * DOCX reader: reads word/document.xml directly (no mammoth).
 *
 * Measured against mammoth → HTML → grid on the fixtures (see the DOCX reader notes in the
 * final report / tests): mammoth ignores w:gridBefore/w:gridAfter and drops all rowspans of a
 * table when a row holds a non-cell element, and it is an order of magnitude slower. Reading
 * the XML gives the exact Word grid.
 *
 * Safety: the ZIP layer checks declared sizes against limits before inflating and caps the
 * actual inflated size (src/read/docx/zip.ts); the XML layer never processes a DTD, so no
 * external or internal entity is ever expanded (src/read/docx/xml.ts). A document.xml with a
 * DOCTYPE is read without it and a `docx_doctype_ignored` warning is raised; entity references
 * other than the five predefined ones stay literal (`&name;`).
 */
import { XxgkError, isXxgkError } from '../errors.js';
import type { Doc, ReadWarning } from '../model.js';
import type { ReadOptions, Reader } from './types.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, type ZipLimits } from './docx/zip.js';
import { decodeXml, parseXml } from './docx/xml.js';
import { W_NS, readBody } from './docx/body.js';
import { Numberer, readNumberingDefs } from './docx/numbering.js';
import type { XmlElement } from './docx/xml.js';

export type { ZipLimits } from './docx/zip.js';
export { DEFAULT_ZIP_LIMITS } from './docx/zip.js';

export interface DocxReaderOptions {
  limits?: Partial<ZipLimits>;
}

const OFFICE_DOCUMENT_REL = /\/officeDocument$/;

/** Formatting subtrees the body reader never looks at: not materialized (most of the XML). */
const SKIPPED_W = new Set([
  // run properties: only w:vanish (hidden text) matters, the rest is formatting
  'rFonts', 'sz', 'szCs', 'lang', 'color', 'kern', 'b', 'bCs', 'i', 'iCs', 'u', 'spacing', 'w', 'position', 'highlight',
  'vertAlign', 'eastAsianLayout', 'snapToGrid', 'rStyle', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss', 'imprint', 'effect', 'bdr', 'fitText', 'em', 'noProof', 'webHidden', 'specVanish', 'oMath', 'cs', 'rtl',
  // paragraph properties except numPr/pStyle
  'ind', 'jc', 'keepNext', 'keepLines', 'widowControl', 'suppressLineNumbers', 'suppressAutoHyphens', 'tabs', 'textAlignment', 'outlineLvl', 'adjustRightInd', 'autoSpaceDE', 'autoSpaceDN', 'topLinePunct', 'wordWrap', 'overflowPunct', 'kinsoku', 'pBdr', 'pageBreakBefore', 'framePr', 'cnfStyle', 'bidi', 'contextualSpacing', 'mirrorIndents', 'textboxTightWrap', 'divId',
  'tblPr', 'tblPrEx', 'sectPr', 'tcBorders', 'tcMar', 'shd', 'tcW', 'proofErr', 'bookmarkStart', 'bookmarkEnd']);
const SKIPPED_SUBTREES = new Map([...W_NS].map((ns) => [ns, SKIPPED_W] as const));
const SKIPPED_AUX = new Set(['rPr', 'tblPr', 'tcPr', 'trPr', 'rsid', 'latentStyles', 'docDefaults']);
const SKIPPED_SUBTREES_AUX = new Map([...W_NS].map((ns) => [ns, SKIPPED_AUX] as const));

export function createDocxReader(options: DocxReaderOptions = {}): Reader {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  return {
    format: 'docx',
    async read(bytes: Uint8Array, opts?: ReadOptions): Promise<Doc> {
      return readDocx(bytes, limits, opts);
    },
  };
}

export const docxReader: Reader = createDocxReader();

function readDocx(bytes: Uint8Array, limits: ZipLimits, opts?: ReadOptions): Doc {
  const label = opts?.name ? `${opts.name}: ` : '';
  try {
    const zip = new ZipArchive(bytes, limits);
    const partName = mainDocumentPart(zip);
    if (!partName) throw new XxgkError('unsupported_format', describeNonDocx(zip));
    const xml = decodeXml(zip.read(partName));
    const parsed = parseXml(xml, { skip: SKIPPED_SUBTREES });
    const warnings: ReadWarning[] = [];
    if (parsed.doctypeSkipped) {
      warnings.push({ code: 'docx_doctype_ignored', message: 'the Word document declares a DOCTYPE; it was ignored and no entity was expanded' });
    }
    if (parsed.unknownEntities.length) {
      warnings.push({
        code: 'docx_unknown_entity',
        message: `undeclared entity references left as text: ${parsed.unknownEntities.slice(0, 5).map((e) => `&${e};`).join(' ')}`,
      });
    }
    const root = parsed.root;
    if (!W_NS.has(root.ns) || root.name !== 'document') {
      throw new XxgkError('unsupported_format', `${partName} is not a WordprocessingML document (root element <${root.name}>)`);
    }
    const numberer = readNumbering(zip, partName, warnings);
    const body = readBody(root, numberer);
    return { format: 'docx', blocks: body.blocks, warnings: [...warnings, ...body.warnings] };
  } catch (e) {
    if (isXxgkError(e)) {
      if (label && !e.message.startsWith(label)) throw new XxgkError(e.code, label + e.message, { cause: e.cause });
      throw e;
    }
    throw new XxgkError('corrupt_file', `${label}cannot read the DOCX: ${(e as Error).message}`, { cause: e });
  }
}

/** The main document part: the officeDocument relationship of _rels/.rels, else word/document.xml. */
function mainDocumentPart(zip: ZipArchive): string | undefined {
  if (zip.has('_rels/.rels')) {
    try {
      const rels = parseXml(decodeXml(zip.read('_rels/.rels', 1024 * 1024)), { textElements: new Set() });
      for (const c of rels.root.children) {
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

/** Parts related to the main document by relationship type (word/_rels/document.xml.rels). */
function relatedParts(zip: ZipArchive, partName: string): Map<string, string> {
  const out = new Map<string, string>();
  const slash = partName.lastIndexOf('/');
  const dir = slash < 0 ? '' : partName.slice(0, slash + 1);
  const relsName = `${dir}_rels/${partName.slice(slash + 1)}.rels`;
  if (!zip.has(relsName)) return out;
  const rels = parseXml(decodeXml(zip.read(relsName, 4 * 1024 * 1024)), { textElements: new Set() });
  for (const c of rels.root.children) {
    if (typeof c === 'string' || c.name !== 'Relationship' || c.attrs.TargetMode === 'External') continue;
    const type = (c.attrs.Type ?? '').replace(/^.*\//, '');
    const target = c.attrs.Target ?? '';
    const resolved = target.startsWith('/') ? target.slice(1) : normalizePath(dir + target);
    if (!out.has(type)) out.set(type, resolved);
  }
  return out;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Numbering definitions (numbering.xml + styles.xml); problems there only cost the list labels. */
function readNumbering(zip: ZipArchive, partName: string, warnings: ReadWarning[]): Numberer | undefined {
  try {
    const rel = relatedParts(zip, partName);
    const numberingPart = rel.get('numbering') ?? (zip.has('word/numbering.xml') ? 'word/numbering.xml' : undefined);
    if (!numberingPart || !zip.has(numberingPart)) return undefined;
    const opts = { textElements: new Set<string>(), skip: SKIPPED_SUBTREES_AUX };
    const numbering = parseXml(decodeXml(zip.read(numberingPart)), opts).root;
    const stylesPart = rel.get('styles') ?? 'word/styles.xml';
    let styles: XmlElement | undefined;
    if (zip.has(stylesPart)) styles = parseXml(decodeXml(zip.read(stylesPart)), opts).root;
    return new Numberer(readNumberingDefs(numbering, styles));
  } catch (e) {
    if (isXxgkError(e) && e.code === 'too_large') throw e;
    warnings.push({ code: 'docx_numbering_unreadable', message: `automatic numbering not rendered: ${(e as Error).message}` });
    return undefined;
  }
}

function describeNonDocx(zip: ZipArchive): string {
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
