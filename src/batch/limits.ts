/**
 * Defaults of the batch limits, in a module of their own so that the CLI can
 * show them without loading the worker pool (piscina) or the extractor.
 */
import { availableParallelism } from 'node:os';

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Per-worker cap in MB: the V8 heap (`resourceLimits`) and, separately, the PDF engine's WebAssembly memory. */
export const DEFAULT_MAX_MEMORY_MB = 1024;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}
