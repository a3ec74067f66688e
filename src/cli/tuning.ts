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
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--interrupt-budget=540672');
