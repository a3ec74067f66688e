/**
 * V8 tuning of the `xxgk` command (imported by bin/xxgk.js before anything else; the
 * library sets no flag: a program that imports xxgk keeps its own engine settings).
 *
 * A run of the CLI is short and does the same work over and over: a cold single file,
 * or a batch whose documents all go through the same few hundred functions.
 * - `--interrupt-budget` (V8's count of executed bytecode before a function is
 *   considered for optimization; default 66 kB): 8× the default. TurboFan then
 *   optimizes only the functions that stay hot; the others run as baseline code.
 *   Optimizing compiles of lukewarm functions were a quarter of a 120-PDF batch's
 *   start-up cost (measured: 120 PDFs at --jobs 1, −4% CPU; one cold PDF, −10%).
 * Flags are process-wide and apply to the worker threads started after this.
 *
 * V8 12 and 13 (Node 22: V8 12.4, Node 24: V8 13.6) have no `--interrupt-budget` (tiering there
 * counts invocations): setting an unknown flag prints "unrecognized flag" on stderr, so the flag is
 * set only on V8 ≤ 11 (Node 20: V8 11.3). Node 22 and 24 run with V8's defaults (not measured).
 */
import { setFlagsFromString } from 'node:v8';

/** True when this V8 still counts bytecode for tier-up (`--interrupt-budget`), i.e. V8 ≤ 11 (checked on Node 20, 22, 24). */
export function hasInterruptBudget(v8Version: string = process.versions.v8): boolean {
  return Number.parseInt(v8Version, 10) <= 11;
}

if (hasInterruptBudget()) setFlagsFromString('--interrupt-budget=540672');

/**
 * Batches of at most this many inputs leave PDFium's WebAssembly in its baseline code (see
 * `deferWasmTierUp`). Measured at --jobs 1 on the corpus PDFs, median CPU of interleaved runs:
 * 1 PDF −40…−49 ms (−10%), 10 PDFs −59 ms (−7%), 40 PDFs −35 ms (−2%), 120 PDFs even (±25 ms, noise):
 * by then the optimized PDFium has paid for its compiles, and a larger batch keeps V8's default.
 */
export const SMALL_BATCH = 60;

/**
 * Do not tier WebAssembly up to TurboFan for a short run. V8 optimizes a PDFium function after
 * about 1.8 MB of its code ran (`--wasm-tiering-budget`); PDFium's inflate alone then takes
 * 50–150 ms to compile, which a few documents never repay. At 50 MB only what a long document
 * keeps running is optimized (one cold corpus PDF: 155 → 80 ms CPU in the engine). The flag is
 * process-wide and read when PDFium is instantiated: call this before the first PDF is read, in
 * this thread or in a worker started after it. The CLI only (the library sets no flag).
 */
export function deferWasmTierUp(): void {
  setFlagsFromString('--wasm-tiering-budget=50000000');
}
