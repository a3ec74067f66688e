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
 * other than the five predefined ones stay literal (`&name;`). Content imported by `w:altChunk`
 * (HTML, MHT, nested DOCX) is read in place under the same limits (src/read/docx/altchunk.ts).
 */
import { XxgkError, isXxgkError } from '../errors.js';
import type { Doc, ReadWarning } from '../model.js';
import type { ReadOptions, Reader } from './types.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, crc32, type ZipLimits } from './docx/zip.js';
import { decodeXml, parseXml } from './docx/xml.js';
import { W_NS, altChunkIds, readBody } from './docx/body.js';
import { Numberer, readNumberingDefs } from './docx/numbering.js';
import { StyleSheet } from './docx/styles.js';
import { MAX_CHUNKS, readAltChunks, type ChunkBudget } from './docx/altchunk.js';
import { describeNonDocx, mainDocumentPart, partRelationships, relatedParts, type Relationship } from './docx/package.js';
import type { XmlElement } from './docx/xml.js';

export type { ZipLimits } from './docx/zip.js';
export { DEFAULT_ZIP_LIMITS } from './docx/zip.js';

export interface DocxReaderOptions {
  limits?: Partial<ZipLimits>;
}

/** Formatting subtrees the body reader never looks at: not materialized (most of the XML). */
const SKIPPED_W = new Set([
  // run properties: only w:vanish / w:specVanish (hidden text) and w:rStyle matter, the rest is formatting
  'rFonts', 'sz', 'szCs', 'lang', 'color', 'kern', 'b', 'bCs', 'i', 'iCs', 'u', 'spacing', 'w', 'position', 'highlight',
  'vertAlign', 'eastAsianLayout', 'snapToGrid', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss', 'imprint', 'effect', 'bdr', 'fitText', 'em', 'noProof', 'webHidden', 'oMath', 'cs', 'rtl',
  // paragraph properties except numPr/pStyle/rPr
  'ind', 'jc', 'keepNext', 'keepLines', 'widowControl', 'suppressLineNumbers', 'suppressAutoHyphens', 'tabs', 'textAlignment', 'outlineLvl', 'adjustRightInd', 'autoSpaceDE', 'autoSpaceDN', 'topLinePunct', 'wordWrap', 'overflowPunct', 'kinsoku', 'pBdr', 'pageBreakBefore', 'framePr', 'cnfStyle', 'bidi', 'contextualSpacing', 'mirrorIndents', 'textboxTightWrap', 'divId',
  // table properties except tblStyle
  'tblBorders', 'tblW', 'tblLayout', 'tblCellMar', 'tblLook', 'tblInd', 'tblCellSpacing', 'tblpPr', 'tblOverlap', 'tblCaption', 'tblDescription', 'tblStyleRowBandSize', 'tblStyleColBandSize',
  'tblPrEx', 'sectPr', 'tcBorders', 'tcMar', 'shd', 'tcW', 'proofErr', 'bookmarkStart', 'bookmarkEnd']);
const SKIPPED_SUBTREES = new Map([...W_NS].map((ns) => [ns, SKIPPED_W] as const));
/** styles.xml: the same formatting skipped, plus what styles hold beyond run and numbering properties. */
const SKIPPED_STYLES_W = new Set([...SKIPPED_W, 'tcPr', 'trPr', 'rsid', 'latentStyles', 'tblStylePr', 'pPrDefault']);
const SKIPPED_STYLES = new Map([...W_NS].map((ns) => [ns, SKIPPED_STYLES_W] as const));

export function createDocxReader(options: DocxReaderOptions = {}): Reader {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  return {
    format: 'docx',
    async read(bytes: Uint8Array, opts?: ReadOptions): Promise<Doc> {
      const label = opts?.name ? `${opts.name}: ` : '';
      try {
        const budget: ChunkBudget = { bytes: limits.maxTotalBytes, chunks: MAX_CHUNKS, chain: [] };
        return await readDocx(bytes, limits, 0, budget);
      } catch (e) {
        if (isXxgkError(e)) {
          if (label && !e.message.startsWith(label)) throw new XxgkError(e.code, label + e.message, { cause: e.cause });
          throw e;
        }
        throw new XxgkError('corrupt_file', `${label}cannot read the DOCX: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}

export const docxReader: Reader = createDocxReader();

/**
 * Read one WordprocessingML package. `depth` 0 is the file given; packages imported by
 * `w:altChunk` are read at depth + 1 under the same `budget` (see docx/altchunk.ts).
 */
async function readDocx(bytes: Uint8Array, limits: ZipLimits, depth: number, budget: ChunkBudget): Promise<Doc> {
  // identity of a package for the self-import check: computed only where chunks are involved
  let id: string | undefined;
  const key = () => (id ??= `${crc32(bytes)}:${bytes.length}`);
  if (depth > 0 && budget.chain.includes(key())) throw new XxgkError('corrupt_file', 'the Word document imports itself');
  const zip = new ZipArchive(bytes, depth === 0 ? limits : { ...limits, maxTotalBytes: Math.max(0, budget.bytes), maxEntryBytes: Math.min(limits.maxEntryBytes, Math.max(0, budget.bytes)) });
  if (depth > 0) budget.bytes -= zip.declaredTotal;
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
  const rels = relationships(zip, partName);
  const related = relatedParts(rels);
  const styles = readStyles(zip, related, warnings);
  const numberer = readNumbering(zip, related, styles, warnings);
  const ids = xml.includes('altChunk') ? altChunkIds(root) : [];
  let chunks;
  if (ids.length) {
    budget.chain.push(key());
    try {
      const env = { zip, partName, rels, depth, budget, readDocx: (b: Uint8Array) => readDocx(b, limits, depth + 1, budget) };
      chunks = await readAltChunks(ids, env, warnings);
    } finally {
      budget.chain.pop();
    }
  }
  const body = readBody(root, { numberer, styles: new StyleSheet(styles), chunks });
  return { format: 'docx', blocks: body.blocks, warnings: [...warnings, ...body.warnings] };
}

/** The main part's relationships; a damaged .rels part only costs what it points to. */
function relationships(zip: ZipArchive, partName: string): Relationship[] {
  try {
    return partRelationships(zip, partName);
  } catch (e) {
    if (isXxgkError(e) && e.code === 'too_large') throw e;
    return [];
  }
}

/**
 * styles.xml (run properties kept: hidden text through styles; paragraph numbering via styles).
 * Unreadable: a `docx_styles_unreadable` warning, and only direct formatting hides text.
 */
function readStyles(zip: ZipArchive, related: Map<string, string>, warnings: ReadWarning[]): XmlElement | undefined {
  const part = related.get('styles') ?? 'word/styles.xml';
  if (!zip.has(part)) return undefined;
  try {
    return parseXml(decodeXml(zip.read(part)), { textElements: new Set<string>(), skip: SKIPPED_STYLES }).root;
  } catch (e) {
    if (isXxgkError(e) && e.code === 'too_large') throw e;
    warnings.push({ code: 'docx_styles_unreadable', message: `the styles part ${part} cannot be read (${(e as Error).message}): text hidden through a style may be read, numbering through a style is not rendered` });
    return undefined;
  }
}

/** Numbering definitions (numbering.xml + styles); problems there only cost the list labels. */
function readNumbering(zip: ZipArchive, related: Map<string, string>, styles: XmlElement | undefined, warnings: ReadWarning[]): Numberer | undefined {
  try {
    const numberingPart = related.get('numbering') ?? (zip.has('word/numbering.xml') ? 'word/numbering.xml' : undefined);
    if (!numberingPart || !zip.has(numberingPart)) return undefined;
    // run properties kept (a level's w:vanish hides its labels), their formatting skipped as in styles.xml
    const numbering = parseXml(decodeXml(zip.read(numberingPart)), { textElements: new Set<string>(), skip: SKIPPED_STYLES }).root;
    return new Numberer(readNumberingDefs(numbering, styles));
  } catch (e) {
    if (isXxgkError(e) && e.code === 'too_large') throw e;
    warnings.push({ code: 'docx_numbering_unreadable', message: `automatic numbering not rendered: ${(e as Error).message}` });
    return undefined;
  }
}
