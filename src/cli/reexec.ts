/**
 * The single-threaded re-run of a batch (and the test whether a command line may be one).
 */
import { childSpawnOptions, releaseChannel } from './parent.js';

/** Anything but one existing file or `-` may expand to several inputs (a directory, a glob). */
export async function mayBeBatch(args: string[], listed: boolean): Promise<boolean> {
  if (listed || args.length !== 1) return true;
  if (args[0] === '-') return false;
  const { stat } = await import('node:fs/promises');
  const st = await stat(args[0]).catch(() => null);
  return !st?.isFile();
}

/**
 * Batches with several workers run faster on a V8 platform without background
 * threads: with concurrent GC and compilation each worker keeps 1.3–1.6 cores
 * busy, so N workers on N cores contend. Measured on 2 cores, 180 corpus files:
 * --jobs 2 took 17.0 s with the default platform and 13.0 s with
 * --single-threaded (--jobs 1: 20 s). The flag is process-wide and must be given
 * at start-up, so the CLI re-runs itself with it (XXGK_V8_DEFAULT=1 opts out).
 * Returns the child's exit status, or null when no re-run is needed.
 */
export async function reexecSingleThreadedV8(stdinText?: string): Promise<number | null> {
  if (process.execArgv.includes('--single-threaded') || process.env.XXGK_V8_DEFAULT === '1' || !process.argv[1]) return null;
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  // an IPC channel, closed by the OS when this process dies however it dies: the child exits with it (parent.ts)
  const child = spawn(process.execPath, ['--single-threaded', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], childSpawnOptions(stdinText !== undefined));
  releaseChannel(child);
  if (stdinText !== undefined) {
    // `--files-from -`: this process has read standard input; hand the list on
    child.stdin!.on('error', () => {});
    child.stdin!.end(stdinText);
  }
  // the child does the work: pass termination on to it and report how it ended
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code, signal) => {
      for (const sig of signals) process.off(sig, forward);
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}
