/**
 * Defaults of the batch limits, in a module of their own so that the CLI can
 * show them without loading the worker pool (piscina) or the extractor.
 */
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Time added to a document's limit for each page it reads by OCR (a scanned PDF page or a page
 * image): OCR costs 1–3 CPU s per table page at 200 dpi alone, several times that on a busy machine.
 */
export const OCR_PAGE_ALLOWANCE_MS = 30_000;
/** Per-worker cap in MB: the V8 heap (`resourceLimits`) and, separately, the PDF engine's WebAssembly memory. */
export const DEFAULT_MAX_MEMORY_MB = 1024;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}
