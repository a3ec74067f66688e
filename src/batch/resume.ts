/**
 * `--resume`: continue a JSONL output that a previous run left behind.
 *
 * Lines are written whole, so a killed run leaves at most one partial line at
 * the end: it is cut off (the file is truncated after its last newline). Every
 * complete line's `source.sha256` is counted; an input is skipped when its
 * sha256 still has an unused count. Counting (rather than a plain set) keeps
 * identical copies under different names right: k records of one content skip
 * exactly the first k inputs with that content. Error records count too: an
 * input that failed is not retried by --resume (delete its line to retry it).
 */
import { createHash } from 'node:crypto';
import { readFile, truncate } from 'node:fs/promises';

export interface ResumeState {
  /** sha256 → records in the existing output not yet matched to an input. */
  counts: Map<string, number>;
  /** Complete records found. */
  records: number;
  /** Bytes of a partial last line that were cut off (0 if none). */
  repairedBytes: number;
  /** Complete lines that were not records (kept, ignored). */
  badLines: number;
}

export async function prepareResume(file: string): Promise<ResumeState> {
  const state: ResumeState = { counts: new Map(), records: 0, repairedBytes: 0, badLines: 0 };
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return state;
    throw e;
  }
  const end = buf.lastIndexOf(0x0a) + 1; // 0 when there is no newline at all
  if (end < buf.length) {
    await truncate(file, end);
    state.repairedBytes = buf.length - end;
  }
  const text = buf.subarray(0, end).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const sha = (JSON.parse(line) as { source?: { sha256?: unknown } }).source?.sha256;
      if (typeof sha !== 'string') throw new Error('no sha256');
      state.counts.set(sha, (state.counts.get(sha) ?? 0) + 1);
      state.records++;
    } catch {
      state.badLines++;
    }
  }
  return state;
}

/** True (and the count used up) when an input with this content is already in the output. */
export function alreadyDone(state: ResumeState, sha: string): boolean {
  const n = state.counts.get(sha) ?? 0;
  if (n <= 0) return false;
  state.counts.set(sha, n - 1);
  return true;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
