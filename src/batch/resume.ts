/**
 * `--resume`: continue a JSONL output that a previous run left behind.
 *
 * Lines are written whole, so a killed run leaves at most one partial line at
 * the end: it is cut off (the file is truncated after its last newline). A
 * line that is not a record can also sit inside the file: a torn record that
 * something else closed with a newline (`echo >>`, a second writer, an editor),
 * as in shared/field-cases/jsonl-resume-torn-line t2. Such lines are removed
 * (the file is rewritten through a temporary file and a rename) and reported by
 * line number, so the file never keeps a line that is not JSON; the input the
 * torn record belonged to has no sha256 in the file any more, so it is redone.
 *
 * Every record's `source.sha256` is counted; an input is skipped when its
 * sha256 still has an unused count. Counting (rather than a plain set) keeps
 * identical copies under different names right: k records of one content skip
 * exactly the first k inputs with that content. Error records count too: an
 * input that failed is not retried by --resume (delete its line to retry it).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, truncate, writeFile } from 'node:fs/promises';

export interface ResumeState {
  /** sha256 → records in the existing output not yet matched to an input. */
  counts: Map<string, number>;
  /** Complete records found. */
  records: number;
  /** Bytes of a partial last line that were cut off (0 if none). */
  repairedBytes: number;
  /**
   * Complete lines that were not records (not JSON, or JSON without
   * `source.sha256`): their 1-based line numbers in the file as it was found.
   * They have been removed from the file.
   */
  removedLines: number[];
  /** Bytes removed with `removedLines` (newlines included). */
  removedBytes: number;
}

/** Is this line a record? Returns its `source.sha256`, or null. */
function recordSha(line: string): string | null {
  try {
    const v = JSON.parse(line) as { source?: { sha256?: unknown } } | null;
    const sha = v?.source?.sha256;
    return typeof sha === 'string' ? sha : null;
  } catch {
    return null;
  }
}

/**
 * Read (and repair in place) the output of an earlier run. A missing file is
 * an empty state. Throws the file system error for any other read failure.
 */
export async function prepareResume(file: string): Promise<ResumeState> {
  const state: ResumeState = { counts: new Map(), records: 0, repairedBytes: 0, removedLines: [], removedBytes: 0 };
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
  const kept: Buffer[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < end) {
    const nl = buf.indexOf(0x0a, start);
    const line = buf.subarray(start, nl + 1);
    start = nl + 1;
    lineNo++;
    const text = line.toString('utf8');
    if (!text.trim()) {
      kept.push(line);
      continue;
    }
    const sha = recordSha(text);
    if (sha === null) {
      state.removedLines.push(lineNo);
      state.removedBytes += line.length;
      continue;
    }
    kept.push(line);
    state.counts.set(sha, (state.counts.get(sha) ?? 0) + 1);
    state.records++;
  }
  if (state.removedLines.length) {
    const tmp = `${file}.xxgk-repair-${process.pid}`;
    await writeFile(tmp, Buffer.concat(kept));
    await rename(tmp, file);
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
