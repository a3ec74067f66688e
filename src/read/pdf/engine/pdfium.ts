/**
 * PDFium (WebAssembly, `@embedpdf/pdfium`) as the PDF engine: module loading,
 * document open/close with typed errors, and a thin typed view of the raw
 * wasm exports the reader calls per glyph and per path segment.
 *
 * PDFium is the PDF engine of Chromium (BSD-3-Clause); `@embedpdf/pdfium` is
 * its MIT-licensed Emscripten build. The raw `wasmExports` functions are used
 * instead of the package's `cwrap` wrappers: the reader makes tens of
 * thousands of calls per document and the wrappers convert every argument.
 *
 * A WebAssembly trap (out of memory, stack exhaustion, an abort inside
 * PDFium) leaves the module in an unknown state: the module is then dropped
 * and the next document loads a fresh one.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { XxgkError } from '../../../errors.js';

/** The raw exports used by the reader (C signatures of PDFium's public API; pointers are wasm heap offsets). */
export interface PdfiumExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  FPDF_LoadMemDocument(buf: number, size: number, password: number): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDFPage_GetRotation(page: number): number;
  FPDF_GetPageWidthF(page: number): number;
  FPDF_GetPageHeightF(page: number): number;
  FPDFPage_GetMediaBox(page: number, l: number, b: number, r: number, t: number): number;
  FPDFPage_GetCropBox(page: number, l: number, b: number, r: number, t: number): number;
  FPDFPage_CountObjects(page: number): number;
  FPDFPage_GetObject(page: number, i: number): number;
  FPDFPageObj_GetType(obj: number): number;
  FPDFPageObj_GetMatrix(obj: number, m: number): number;
  FPDFFormObj_CountObjects(obj: number): number;
  FPDFFormObj_GetObject(obj: number, i: number): number;
  FPDFPath_CountSegments(obj: number): number;
  FPDFPath_GetPathSegment(obj: number, i: number): number;
  FPDFPath_GetDrawMode(obj: number, fillmode: number, stroke: number): number;
  FPDFPathSegment_GetPoint(seg: number, x: number, y: number): number;
  FPDFPathSegment_GetType(seg: number): number;
  FPDFPathSegment_GetClose(seg: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(tp: number): void;
  FPDFText_CountChars(tp: number): number;
  FPDFText_GetUnicode(tp: number, i: number): number;
  FPDFText_HasUnicodeMapError(tp: number, i: number): number;
  FPDFText_IsGenerated(tp: number, i: number): number;
  /** 1 when the character has no Unicode value (no ToUnicode entry, no standard encoding): PDFium then reports the char code. */
  FPDFText_HasUnicodeMapError(tp: number, i: number): number;
  /** Text rendering mode (`Tr`): 3 is invisible (a scanner's OCR layer). */
  FPDFTextObj_GetTextRenderMode(obj: number): number;
  FPDFText_GetTextObject(tp: number, i: number): number;
  FPDFText_GetFontSize(tp: number, i: number): number;
  FPDFText_GetCharOrigin(tp: number, i: number, x: number, y: number): number;
  FPDFText_GetLooseCharBox(tp: number, i: number, rect: number): number;
  FPDFText_GetCharBox(tp: number, i: number, l: number, r: number, b: number, t: number): number;
  FPDFText_GetMatrix(tp: number, i: number, m: number): number;
  FPDFTextObj_GetFont(obj: number): number;
  FPDFFont_GetBaseFontName(font: number, buf: number, len: number): number;
  FPDFBitmap_CreateEx(w: number, h: number, format: number, first: number, stride: number): number;
  FPDFBitmap_FillRect(bmp: number, l: number, t: number, w: number, h: number, color: number): number;
  FPDFBitmap_GetBuffer(bmp: number): number;
  FPDFBitmap_GetStride(bmp: number): number;
  FPDFBitmap_Destroy(bmp: number): void;
  FPDF_RenderPageBitmap(bmp: number, page: number, x: number, y: number, w: number, h: number, rotate: number, flags: number): void;
}

/** A loaded PDFium module with a scratch area for out-parameters. */
export interface Pdfium {
  x: PdfiumExports;
  /** 128 bytes of wasm heap for out-parameters (doubles, floats, rects, matrices). */
  scratch: number;
  f32(): Float32Array;
  f64(): Float64Array;
  u8(): Uint8Array;
}

let loading: Promise<Pdfium> | undefined;

let wasmLimit = Infinity;
let limitHit = false;

/**
 * Cap the WebAssembly memory of the PDF engine in this thread (bytes; 0 or
 * less: no cap). The memory lies outside the V8 heap, so worker
 * `resourceLimits` do not see it: growth past the cap is refused, PDFium's
 * allocation fails and the read ends with `too_large`.
 */
export function setWasmMemoryLimit(bytes: number): void {
  wasmLimit = bytes > 0 ? bytes : Infinity;
}

/** Whether the memory cap was hit since the last call (the read that failed is `too_large`). */
export function takeWasmLimitHit(): boolean {
  const hit = limitHit;
  limitHit = false;
  return hit;
}

/** Refuse `memory.grow` past the cap (Emscripten's heap resize then reports failure to malloc). */
function capGrowth(memory: WebAssembly.Memory): void {
  const grow = memory.grow.bind(memory);
  memory.grow = (delta: number) => {
    if (memory.buffer.byteLength + delta * 65536 > wasmLimit) {
      limitHit = true;
      throw new RangeError('the PDF engine reached its memory limit');
    }
    return grow(delta);
  };
}

/** Current size of the engine's WebAssembly memory in bytes (0 before it is loaded). */
export async function wasmMemoryBytes(): Promise<number> {
  return loading ? (await loading).x.memory.buffer.byteLength : 0;
}

/** Load PDFium once per thread (about 4.6 MB of wasm; ~50 ms). */
export function loadPdfium(): Promise<Pdfium> {
  loading ??= (async () => {
    try {
      const { init } = await import('@embedpdf/pdfium');
      const req = createRequire(import.meta.url);
      const wasmBinary = await readFile(req.resolve('@embedpdf/pdfium/pdfium.wasm'));
      const quiet = () => {};
      // print/printErr: PDFium and the Emscripten runtime must not write to our stdout/stderr
      const mod = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer, print: quiet, printErr: quiet } as Parameters<typeof init>[0]);
      mod.PDFiumExt_Init();
      const x = mod.pdfium.wasmExports as unknown as PdfiumExports;
      capGrowth(x.memory);
      const scratch = x.malloc(128);
      let f32 = new Float32Array(x.memory.buffer);
      let f64 = new Float64Array(x.memory.buffer);
      let u8 = new Uint8Array(x.memory.buffer);
      // growing the memory detaches its old buffer, and views of a detached buffer have length 0: the views are
      // made again then. (A length test, several times per glyph, instead of comparing `memory.buffer`, an API
      // getter far slower than the read it guards.)
      const views = () => {
        if (u8.length === 0) {
          const buf = x.memory.buffer;
          f32 = new Float32Array(buf);
          f64 = new Float64Array(buf);
          u8 = new Uint8Array(buf);
        }
      };
      return {
        x,
        scratch,
        f32: () => (views(), f32),
        f64: () => (views(), f64),
        u8: () => (views(), u8),
      };
    } catch (e) {
      loading = undefined;
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`PDFium (@embedpdf/pdfium) could not be loaded: ${msg}`, { cause: e });
    }
  })();
  return loading;
}

/** Drop the module after a WebAssembly trap: the next read instantiates a fresh one. */
export function discardPdfium(): void {
  loading = undefined;
}

/** PDFium's FPDF_GetLastError codes. */
const ERR_PASSWORD = 4;
const ERR_SECURITY = 5;
const ERR_FORMAT = 3;

/** An open document; `close()` frees it and its copy of the bytes. */
export interface PdfDoc {
  pdf: Pdfium;
  handle: number;
  pageCount: number;
  close(): void;
}

/**
 * Open a document from bytes (copied into the wasm heap; PDFium reads them in
 * place while the document is open). Errors: `encrypted` for a user password
 * (or an unsupported security handler), `corrupt_file` for anything PDFium
 * cannot parse. An owner-password-only file opens (permissions are not enforced
 * on reading). `password`: the user password (UTF-8; PDFium also tries its Latin-1
 * form for the older security handlers); a wrong one is `encrypted` as no password is.
 */
export function openDocument(pdf: Pdfium, bytes: Uint8Array, password?: string): PdfDoc {
  const { x } = pdf;
  if (bytes.byteLength === 0) throw new XxgkError('corrupt_file', 'invalid or corrupted PDF: the file is empty');
  const buf = x.malloc(bytes.byteLength);
  if (!buf) throw new XxgkError('too_large', `the PDF (${bytes.byteLength} bytes) does not fit in the PDF engine's memory`);
  pdf.u8().set(bytes, buf);
  // the password as a NUL-terminated string in the wasm heap, freed once the document is loaded
  const pw = password ? new TextEncoder().encode(`${password}\0`) : null;
  const pwPtr = pw ? x.malloc(pw.byteLength) : 0;
  if (pw && !pwPtr) {
    x.free(buf);
    throw new XxgkError('too_large', `the PDF (${bytes.byteLength} bytes) does not fit in the PDF engine's memory`);
  }
  if (pw) pdf.u8().set(pw, pwPtr);
  const handle = x.FPDF_LoadMemDocument(buf, bytes.byteLength, pwPtr);
  if (pwPtr) x.free(pwPtr);
  if (!handle) {
    const err = x.FPDF_GetLastError();
    x.free(buf);
    if (err === ERR_PASSWORD && password) throw new XxgkError('encrypted', 'the PDF is encrypted and the password given does not open it');
    if (err === ERR_PASSWORD) throw new XxgkError('encrypted', 'the PDF is encrypted with a user password and cannot be opened');
    if (err === ERR_SECURITY) throw new XxgkError('encrypted', 'the PDF uses an unsupported security handler and cannot be opened');
    const why = err === ERR_FORMAT ? 'not a PDF or its structure is broken' : `PDFium error ${err}`;
    throw new XxgkError('corrupt_file', `invalid or corrupted PDF: ${why}`);
  }
  const pageCount = x.FPDF_GetPageCount(handle);
  let open = true;
  return {
    pdf,
    handle,
    pageCount,
    close() {
      if (!open) return;
      open = false;
      x.FPDF_CloseDocument(handle);
      x.free(buf);
    },
  };
}
