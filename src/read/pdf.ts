/**
 * PDF reader: text PDFs (Word / WPS / LibreOffice exports) → document model.
 *
 * Per page: text runs from `getTextContent`, ruling edges from
 * `getOperatorList` (CTM tracked), tables from the ruling grid (merged cells
 * from missing inner borders), a text-alignment fallback for borderless
 * tables, the remaining text as lines. Then tables continued on the next
 * page are joined into one table block.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { XxgkError } from '../errors.js';
import type { Doc, ReadWarning } from '../model.js';
import { MAX_PDF_NESTING, maxNesting } from './pdf/nesting.js';
import { containPdfjsRejections } from './pdf/rejections.js';
import type { ReadOptions, Reader } from './types.js';
import { layoutDocument } from './pdf/layout.js';
import { edgesFromOperatorList, mergeEdges, type OpCodes } from './pdf/lines.js';
import { completeVertical, verticalRuns, type TextOpCodes } from './pdf/vertical.js';
import { DEFAULT_SETTINGS, pdfSettings, type Edge, type PageData, type PdfSettings, type TextItem } from './pdf/types.js';

export type { PageData } from './pdf/types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | undefined;

/** Import pdf.js (legacy build) once, with its worker module in the main thread. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    let mod: PdfJs;
    try {
      mod = await import('pdfjs-dist/legacy/build/pdf.mjs');
      // Node uses a "fake worker" that import()s pdf.worker.mjs relative to
      // pdf.mjs; test runners and bundlers can break that path, so load the
      // worker module ourselves and hand it over through globalThis.
      const g = globalThis as { pdfjsWorker?: unknown };
      if (!g.pdfjsWorker) {
        const workerSpec = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
        g.pdfjsWorker = await import(workerSpec);
      }
    } catch (e) {
      pdfjsPromise = undefined;
      const msg = e instanceof Error ? e.message : String(e);
      if (/napi-rs|canvas|DOMMatrix|Path2D|ImageData/i.test(msg)) {
        throw new Error(
          `pdfjs-dist could not be loaded because its optional dependency @napi-rs/canvas is missing or broken (${msg}). Install it with \`npm install @napi-rs/canvas\` (a prebuilt binary exists for your platform) to read PDF files.`,
          { cause: e },
        );
      }
      throw new Error(`pdfjs-dist could not be loaded: ${msg}`, { cause: e });
    }
    return mod;
  })();
  return pdfjsPromise;
}

let assetDirs: { cMapUrl: string; standardFontDataUrl: string } | undefined;
function assets() {
  if (!assetDirs) {
    const req = createRequire(import.meta.url);
    const root = path.dirname(req.resolve('pdfjs-dist/package.json'));
    assetDirs = {
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
    };
  }
  return assetDirs;
}

interface RawTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  fontName?: string;
}

/** pdf.js text items → positioned runs; whitespace-only items (EOL markers, huge spacer items) dropped. */
export function toTextItems(raw: unknown[], page: number, fix?: (str: string, x: number, y: number, font: string) => string): TextItem[] {
  const out: TextItem[] = [];
  for (const r of raw as RawTextItem[]) {
    if (typeof r.str !== 'string' || !r.transform) continue;
    let str = r.str.replace(/\u0000/g, '');
    if (fix && str.trim()) str = fix(str, r.transform[4], r.transform[5], r.fontName ?? '');
    if (str.trim() === '') continue; // empty EOL markers and the huge-width spacer items
    const [a, b, c, d, e, f] = r.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || r.height || 10;
    const w = r.width ?? 0;
    // trim leading/trailing spaces, shifting the box proportionally
    const lead = str.length - str.trimStart().length;
    const trail = str.length - str.trimEnd().length;
    const cw = str.length ? w / str.length : 0;
    out.push({ str: str.trim(), x0: e + lead * cw, x1: e + w - trail * cw, y: f, size, page });
  }
  return out;
}

async function readPages(bytes: Uint8Array, settings: PdfSettings): Promise<{ pages: PageData[]; numPages: number }> {
  const pdfjs = await loadPdfJs();
  const { cMapUrl, standardFontDataUrl } = assets();
  const task = pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as { name?: string })?.name;
    const msg = e instanceof Error ? e.message : String(e);
    if (name === 'PasswordException') throw new XxgkError('encrypted', `the PDF is encrypted with a user password and cannot be opened (${msg})`, { cause: e });
    if (name === 'InvalidPDFException') throw new XxgkError('corrupt_file', `invalid or corrupted PDF: ${msg}`, { cause: e });
    throw new XxgkError('corrupt_file', `the PDF could not be parsed: ${msg}`, { cause: e });
  }
  const ops = pdfjs.OPS as unknown as OpCodes;
  const pages: PageData[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      try {
        const [vx0, vy0, vx1, vy1] = page.view;
        const tc = await page.getTextContent();
        const hasText = tc.items.some((it) => 'str' in it && it.str.trim() !== '');
        let edges: Edge[] = [];
        let items: TextItem[] = [];
        if (hasText) {
          // rulings only matter where there is text; skipping them spares image decoding on scanned pages
          const ol = await page.getOperatorList();
          edges = mergeEdges(edgesFromOperatorList(ol.fnArray, ol.argsArray, ops, settings), settings);
          const verticalFonts = new Set(Object.entries(tc.styles).filter(([, st]) => st.vertical).map(([k]) => k));
          const runs = verticalFonts.size ? verticalRuns(ol.fnArray, ol.argsArray, pdfjs.OPS as unknown as TextOpCodes) : [];
          items = toTextItems(tc.items, p, runs.length ? (str, x, y, font) => (verticalFonts.has(font) ? completeVertical(str, x, y, font, runs) : str) : undefined);
        }
        pages.push({ page: p, width: vx1 - vx0, height: vy1 - vy0, items, edges });
      } finally {
        page.cleanup();
      }
    }
    return { pages, numPages: doc.numPages };
  } catch (e) {
    if (e instanceof XxgkError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new XxgkError('corrupt_file', `the PDF could not be parsed: ${msg}`, { cause: e });
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

export async function readPdf(bytes: Uint8Array, opts: ReadOptions = {}, settings: PdfSettings = opts.pdf ? pdfSettings(opts.pdf) : DEFAULT_SETTINGS): Promise<Doc> {
  // pdf.js may take ownership of the buffer; never hand it the caller's (or a Node Buffer)
  const data = new Uint8Array(bytes.byteLength);
  data.set(bytes);
  const depth = maxNesting(data);
  if (depth > MAX_PDF_NESTING) {
    throw new XxgkError('corrupt_file', `the PDF nests arrays/dictionaries more than ${MAX_PDF_NESTING} levels deep: not a real document (refused before parsing)`);
  }
  const { pages, numPages } = await containPdfjsRejections(() => readPages(data, settings));
  if (!pages.some((p) => p.items.length > 0)) {
    throw new XxgkError(
      'no_text_layer',
      `the PDF has no text layer on any of its ${numPages} page(s): it is probably a scanned document and needs OCR (e.g. ocrmypdf) before extraction`,
    );
  }
  const warnings: ReadWarning[] = [];
  const empty = pages.filter((p) => p.items.length === 0).map((p) => p.page);
  if (empty.length) warnings.push({ code: 'page_without_text', message: `page(s) ${empty.join(', ')} have no text layer (images only?)`, origin: { page: empty[0] } });
  return { format: 'pdf', blocks: layoutDocument(pages, settings), pages: numPages, warnings };
}

export const pdfReader: Reader = {
  format: 'pdf',
  read: (bytes, opts) => readPdf(bytes, opts),
};
