/**
 * What the PDF reader and `extract()` name of OCR on every document, light to load: the
 * registry of a document's OCR session, and doors to the OCR pipeline (index.ts, verify.ts,
 * the engine and its page analysis, ≈ 75 kB of JavaScript) that load it on first use.
 *
 * A PDF with a text layer — nearly every report — never OCRs a page, so a batch worker or a
 * single in-process extraction no longer compiles the pipeline before its first document
 * (measured: loading the worker and the PDF reader 41 → 36 ms CPU, median of 14 fresh processes).
 */
import type { Block, Doc, TableBlock, TextBlock } from '../../model.js';
import type { Bitmap } from './bitmap.js';
import type { OcrPagesOptions, OcrPagesResult } from './index.js';
import type { OcrSession } from './session.js';

const sessions = new WeakMap<Doc, OcrSession>();

/** Attach a session to the document it read (the verifier finds it there). */
export function attachOcr(doc: Doc, s: OcrSession): void {
  sessions.set(doc, s);
}

export function ocrSessionOf(doc: Doc): OcrSession | undefined {
  return sessions.get(doc);
}

/** Close the document's OCR workers, if any (idempotent). */
export async function closeOcr(doc: Doc): Promise<void> {
  const s = sessions.get(doc);
  if (!s) return;
  sessions.delete(doc);
  await s.close();
}

/** `ocrPages` of index.ts, loading the pipeline on first use. */
export async function ocrPages(pages: { page: number; bitmap: Bitmap }[], opts?: OcrPagesOptions): Promise<OcrPagesResult> {
  return (await import('./index.js')).ocrPages(pages, opts);
}

/** `verifyOcr` of verify.ts, loading it on first use (only a document with an OCR session calls it). */
export async function verifyOcr(...args: Parameters<(typeof import('./verify.js'))['verifyOcr']>): ReturnType<(typeof import('./verify.js'))['verifyOcr']> {
  return (await import('./verify.js')).verifyOcr(...args);
}

/** Text blocks before the tables of their page (both lists in page order; the sort is stable). */
export function withText(texts: TextBlock[], tables: TableBlock[]): Block[] {
  return [...texts, ...tables].sort((a, b) => (a.origin.page ?? 0) - (b.origin.page ?? 0));
}
