/**
 * The single-threaded re-run of a batch (see `reexecSingleThreadedV8` in
 * main.ts): the parent spawns `node --single-threaded … xxgk …` and waits.
 *
 * The child must not outlive its parent: killed by PID (SIGKILL included,
 * which the parent cannot pass on), the parent would otherwise leave the
 * child writing the output. The parent opens an IPC channel to the child; the
 * operating system closes it when the parent dies, however it dies, and the
 * child then stops at once (its writes are whole lines, so the output stays
 * resumable with --resume).
 */
import type { ChildProcess } from 'node:child_process';

/** Marks the child in its environment. */
export const REEXEC_ENV = 'XXGK_REEXEC_CHILD';

/** Exit status of a child whose parent died (128 + SIGHUP, as if its terminal went away). */
export const ORPHANED_EXIT = 129;

/**
 * Spawn options for the child: stdio inherited (standard input piped instead
 * when the parent has consumed it and hands its content on), plus the IPC
 * channel that signals the parent's death.
 */
export function childSpawnOptions(pipeStdin = false) {
  return { stdio: [pipeStdin ? 'pipe' : 'inherit', 'inherit', 'inherit', 'ipc'] as ('inherit' | 'pipe' | 'ipc')[], env: { ...process.env, [REEXEC_ENV]: '1' } };
}

/** In the parent: the channel must not keep either side alive on its own. */
export function releaseChannel(child: ChildProcess): void {
  child.channel?.unref();
}

/**
 * In the child: exit when the parent's end of the channel goes away. No-op when not a re-run child.
 * The parent may already be gone when this is called (killed while the child was still loading its
 * modules): the channel is closed then and no `disconnect` will come, so the child stops at once.
 */
export function exitWithParent(): void {
  if (process.env[REEXEC_ENV] !== '1') return;
  const orphaned = () => {
    process.stderr.write('\nxxgk: the parent process ended; stopping (continue with --resume)\n');
    process.exit(ORPHANED_EXIT);
  };
  if (!process.channel || !process.connected) orphaned();
  process.channel!.unref();
  process.on('disconnect', orphaned);
}
