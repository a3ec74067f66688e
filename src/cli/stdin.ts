/**
 * Where the inputs of `xxgk extract` come from besides the arguments.
 *
 * - No input argument: standard input is read as one document only when it is
 *   a pipe (FIFO) or a regular file; an empty regular file means nothing to
 *   extract. A terminal, a socket, a character device or a closed descriptor is
 *   never waited on (an inherited terminal, or a parent's pipe it never closes).
 * - `--files-from FILE|-`: a list of paths, one per line (or NUL-separated, as
 *   `find -print0` writes), blank lines ignored, `\r\n` accepted. Each path is
 *   an input as if named on the command line.
 */
import { fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage.js';

/** What standard input offers when no input argument is given (plan.ts `defaultInputs` decides on it). */
export type StdinOffer = 'document' | 'empty' | 'none';

export function stdinOffer(fd = 0): StdinOffer {
  try {
    const st = fstatSync(fd);
    if (st.isFIFO()) return 'document';
    if (st.isFile()) return st.size > 0 ? 'document' : 'empty';
    return 'none';
  } catch {
    return 'none';
  }
}

export async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The paths listed in a `--files-from` file (`-`: standard input). */
export async function readPathList(source: string): Promise<string[]> {
  let text: string;
  try {
    text = source === '-' ? (await readStdinBytes()).toString('utf8') : await readFile(source, 'utf8');
  } catch (e) {
    const { describeFsError } = await import('../errno.js');
    throw new UsageError(`cannot read --files-from ${source}: ${describeFsError(e)}`);
  }
  const sep = text.includes('\0') ? '\0' : /\r?\n/;
  return text.split(sep).filter((l) => l.trim() !== '');
}
