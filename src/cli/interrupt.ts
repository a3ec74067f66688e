/**
 * Ctrl-C during a batch: clear the progress line, say how far the run got and
 * how to continue, and exit with 130 (128 + SIGINT). Records are written as
 * whole lines with synchronous writes, so stopping between two of them leaves
 * a file `--resume` continues exactly.
 */
import { EXIT } from './usage.js';

export interface InterruptInfo {
  /** Inputs finished so far, and in all (resumed inputs included in both). */
  done: number;
  total: number;
  /** The output that `--resume` would continue (JSONL with -o), if any. */
  resumable: string | null;
}

/** The message printed on Ctrl-C. */
export function interruptMessage(i: InterruptInfo): string {
  const hint = i.resumable ? ` — re-run with --resume to continue ${i.resumable}` : '';
  return `xxgk: interrupted at ${i.done}/${i.total}${hint}\n`;
}

/**
 * Install the SIGINT/SIGTERM handler for a run; returns the function that
 * removes it. `before` runs first (clear the progress line).
 */
export function onInterrupt(info: () => InterruptInfo, before: () => void): () => void {
  const handler = (sig: NodeJS.Signals) => {
    before();
    process.stderr.write(interruptMessage(info()));
    process.exit(sig === 'SIGINT' ? EXIT.interrupted : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
